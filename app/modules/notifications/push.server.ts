import type { Kysely, Transaction } from "kysely";
import webpush from "web-push";
import type { Database } from "~db/schema";
import { InvalidInput } from "~/lib/errors";
import type { PushConfig } from "~/lib/env.server";
import { newId } from "~/lib/ids.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Web Push (ADR 044). A member's device subscribes with the browser's PushManager against this
 * server's VAPID public key; notify() queues one `push-deliver` job per device, and the job
 * encrypts the notification for that device (RFC 8291) and posts it to the device's push service,
 * once per device (ADR 048).
 */

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const VAPID_SECRET_NAME = "vapid";

/**
 * The configured key pair, or the one generated at first boot and kept in app_secrets, so every
 * process and every restart signs with the same key (a new key would orphan every subscription).
 * Two processes booting at once both insert "on conflict do nothing" and read back the winner.
 */
export async function vapidKeys(db: Executor, config: PushConfig): Promise<VapidKeys> {
  if (config.vapidKeys) return config.vapidKeys;
  const stored = await readStoredKeys(db);
  if (stored) return stored;
  const generated = webpush.generateVAPIDKeys();
  await db
    .insertInto("appSecrets")
    .values({ name: VAPID_SECRET_NAME, value: JSON.stringify(generated) })
    .onConflict((conflict) => conflict.column("name").doNothing())
    .execute();
  const winner = await readStoredKeys(db);
  if (!winner) throw new Error("the VAPID key pair could not be stored");
  return winner;
}

async function readStoredKeys(db: Executor): Promise<VapidKeys | null> {
  const row = await db
    .selectFrom("appSecrets")
    .select("value")
    .where("name", "=", VAPID_SECRET_NAME)
    .executeTakeFirst();
  if (!row) return null;
  const parsed = JSON.parse(row.value) as Partial<VapidKeys>;
  if (typeof parsed.publicKey !== "string" || typeof parsed.privateKey !== "string") {
    throw new Error("app_secrets.vapid is not a VAPID key pair");
  }
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}

export interface PushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Stoop's server posts to the endpoint a browser gave it, so only real push services' https URLs
 * are accepted (tests may allow http on this machine). A member cannot aim the server at http
 * services inside its network this way.
 */
export function pushEndpointProblem(endpoint: string, config: Pick<PushConfig, "allowLocalEndpoints">): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "The push endpoint is not a URL.";
  }
  if (url.username || url.password) return "The push endpoint must not carry a user name or password.";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && config.allowLocalEndpoints && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return "The push endpoint must be an https:// URL of a push service.";
}

/**
 * Turns push on for one device. A device has one subscription whoever signs in on it, so the
 * endpoint moves to the member who subscribed last (the previous member stops getting pushes there).
 */
export async function savePushSubscription(
  db: Executor,
  config: Pick<PushConfig, "allowLocalEndpoints">,
  userId: string,
  subscription: PushSubscriptionInput,
  deviceLabel: string,
): Promise<void> {
  const problem = pushEndpointProblem(subscription.endpoint, config);
  if (problem) throw new InvalidInput(problem, { endpoint: [problem] });
  await db
    .insertInto("pushSubscriptions")
    .values({ id: newId(), userId, ...subscription, deviceLabel })
    .onConflict((conflict) =>
      conflict.column("endpoint").doUpdateSet({
        userId,
        p256dh: subscription.p256dh,
        auth: subscription.auth,
        deviceLabel,
      }),
    )
    .execute();
}

/** Turning push off deletes the subscription (by its id from the devices list, or by endpoint from the device itself). */
export async function removePushSubscription(
  db: Executor,
  userId: string,
  which: { id: string } | { endpoint: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("pushSubscriptions")
    .where("userId", "=", userId)
    .where((eb) => ("id" in which ? eb("id", "=", which.id) : eb("endpoint", "=", which.endpoint)))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface PushDevice {
  id: string;
  deviceLabel: string;
  createdAt: Date;
}

export async function listPushDevices(db: Executor, userId: string): Promise<PushDevice[]> {
  return db
    .selectFrom("pushSubscriptions")
    .select(["id", "deviceLabel", "createdAt"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .orderBy("id")
    .execute();
}

export async function pushSubscriptionIdsFor(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.selectFrom("pushSubscriptions").select("id").where("userId", "=", userId).execute();
  return rows.map((row) => row.id);
}

/** What the service worker shows (public/sw.js reads exactly these fields). */
export interface PushMessage {
  title: string;
  body: string;
  url: string | null;
  kind: string;
}

export interface PushDeliveryDeps {
  config: PushConfig;
  /** A notification older than this is dropped by the push service rather than delivered late. */
  ttlSeconds?: number;
  timeoutMs?: number;
  /** Tests only: runs after the push service accepted the push, before it is recorded (a crash there). */
  afterPost?: () => void;
}

export type PushOutcome = "sent" | "gone" | "missing" | "already-sent";

/** Pushes delivered this long ago are forgotten (the sweep); the job's retries end well before. */
export const PUSH_DELIVERY_RETENTION_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * Sends one message to one device. web-push builds the encrypted request (payload and VAPID
 * headers); it is posted with fetch so the timeout is ours. 404 and 410 mean the device
 * unsubscribed or the subscription expired: the row is deleted and the job ends. Anything else
 * that is not 2xx throws, so the job retries (a push service that is down gets the same message later).
 *
 * `pushId` names this push (one per notify() call, shared by the member's devices): a 2xx is
 * recorded per (push, device), so a job that runs again after its push was accepted (the first
 * run died after the post, or its completion was lost) posts nothing (ADR 048). Jobs queued
 * before pushes had ids (null) are sent without a record.
 */
export async function deliverPush(
  db: Kysely<Database>,
  deps: PushDeliveryDeps,
  subscriptionId: string,
  message: PushMessage,
  pushId: string | null = null,
): Promise<PushOutcome> {
  const subscription = await db
    .selectFrom("pushSubscriptions")
    .select(["id", "endpoint", "p256dh", "auth"])
    .where("id", "=", subscriptionId)
    .executeTakeFirst();
  if (!subscription) return "missing";
  if (pushId && (await wasDelivered(db, pushId, subscription.id))) return "already-sent";
  const problem = pushEndpointProblem(subscription.endpoint, deps.config);
  if (problem) {
    await db.deleteFrom("pushSubscriptions").where("id", "=", subscription.id).execute();
    return "gone";
  }
  const keys = await vapidKeys(db, deps.config);
  const request = webpush.generateRequestDetails(
    { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
    JSON.stringify(message),
    {
      vapidDetails: { subject: deps.config.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: deps.ttlSeconds ?? 24 * 60 * 60,
      contentEncoding: "aes128gcm",
    },
  );
  const response = await fetch(request.endpoint, {
    method: request.method,
    headers: request.headers as Record<string, string>,
    body: request.body ? new Uint8Array(request.body) : undefined,
    redirect: "error",
    signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
  });
  // The body says nothing we act on; read it so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status === 404 || response.status === 410) {
    await db.deleteFrom("pushSubscriptions").where("id", "=", subscription.id).execute();
    return "gone";
  }
  if (!response.ok) throw new Error(`the push service answered ${response.status}`);
  deps.afterPost?.();
  if (pushId) {
    // The device may have been removed while the post was in flight: then there is nothing to record.
    await db
      .insertInto("pushDeliveries")
      .columns(["pushId", "subscriptionId"])
      .expression((eb) =>
        eb
          .selectFrom("pushSubscriptions")
          .select([eb.val(pushId).as("pushId"), "id"])
          .where("id", "=", subscription.id),
      )
      .onConflict((conflict) => conflict.columns(["pushId", "subscriptionId"]).doNothing())
      .execute();
  }
  return "sent";
}

async function wasDelivered(db: Executor, pushId: string, subscriptionId: string): Promise<boolean> {
  const row = await db
    .selectFrom("pushDeliveries")
    .select("pushId")
    .where("pushId", "=", pushId)
    .where("subscriptionId", "=", subscriptionId)
    .executeTakeFirst();
  return Boolean(row);
}

export async function prunePushDeliveries(db: Executor, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom("pushDeliveries")
    .where("deliveredAt", "<", new Date(now.getTime() - PUSH_DELIVERY_RETENTION_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
