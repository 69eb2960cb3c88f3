import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInput } from "~/lib/errors";
import type { PushConfig } from "~/lib/env.server";
import { createLogger } from "~/lib/logger.server";
import { sendMessage } from "~/modules/community/messages.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { setPreference } from "~/modules/notifications/notify.server";
import {
  listPushDevices,
  prunePushDeliveries,
  PUSH_DELIVERY_RETENTION_MS,
  removePushSubscription,
  savePushSubscription,
  vapidKeys,
} from "~/modules/notifications/push.server";
import { JOB_HANDLERS, type JobDeps } from "~/wiring/job-handlers.server";
import { createConversation, createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { startLocalPushService, type LocalPushService } from "../../support/push-service";

const database = useTestDatabase();
// 3533: this file's port (the E2E push spec uses 3534).
const PUSH_SERVICE_PORT = 3533;
const pushConfig: PushConfig = { vapidKeys: null, subject: "mailto:push-test@stoop.test", allowLocalEndpoints: true };
let pushService: LocalPushService;

beforeAll(async () => {
  pushService = await startLocalPushService(PUSH_SERVICE_PORT);
});
afterAll(async () => {
  await pushService?.close();
});

function jobDeps(push: Partial<NonNullable<JobDeps["push"]>> = {}): JobDeps {
  return {
    db: database.db,
    logger: createLogger("silent"),
    stripe: () => {
      throw new Error("no payments in this test");
    },
    email: {} as JobDeps["email"],
    push: { config: pushConfig, ...push },
  };
}

/** The push jobs queued for one device, as the runner would find them. */
async function pushJobsFor(subscriptionId: string) {
  const result = await sql<{ id: string; data: Record<string, unknown> }>`
    select id, data from pgboss.job where name = ${QUEUES.deliverPush} and data->>'subscriptionId' = ${subscriptionId}
    order by created_on`.execute(database.db);
  return result.rows;
}

async function runPushJob(data: Record<string, unknown>, push: Partial<NonNullable<JobDeps["push"]>> = {}) {
  return JOB_HANDLERS[QUEUES.deliverPush]!(data, jobDeps(push));
}

/** A member who turned push on with a device subscribed at the local push service. */
async function memberWithPush(existing?: { id: string }) {
  const member = existing ?? (await createUser(database.db));
  const keys = await vapidKeys(database.db, pushConfig);
  const device = await pushService.subscribe(keys.publicKey);
  await savePushSubscription(
    database.db,
    pushConfig,
    member.id,
    { endpoint: device.endpoint, ...device.keys },
    "Chrome on Linux",
  );
  const [saved] = await listPushDevices(database.db, member.id);
  const row = await database.db
    .selectFrom("pushSubscriptions")
    .select("id")
    .where("endpoint", "=", device.endpoint)
    .executeTakeFirstOrThrow();
  return { member, device, subscriptionId: row.id, saved };
}

async function messageTo(recipientId: string, body: string) {
  const sender = await createUser(database.db, { displayName: "Robin" });
  const listing = await createListing(database.db, { sellerId: recipientId });
  const conversationId = await createConversation(database.db, {
    listingId: listing.id,
    buyerId: sender.id,
    sellerId: recipientId,
  });
  await sendMessage(database.db, { conversationId, senderId: sender.id, body });
  return conversationId;
}

describe("VAPID keys", () => {
  it("are generated once and kept: every later call (another process, a restart) gets the same pair", async () => {
    const first = await vapidKeys(database.db, pushConfig);
    const again = await vapidKeys(database.db, pushConfig);
    expect(again).toEqual(first);
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
  });

  it("come from the configuration when it sets them", async () => {
    const configured = { publicKey: "B".repeat(87), privateKey: "p".repeat(43) };
    expect(await vapidKeys(database.db, { ...pushConfig, vapidKeys: configured })).toEqual(configured);
  });
});

describe("web push", () => {
  it("delivers a message to the member's device at the push service, signed and encrypted", async () => {
    const { member, device, subscriptionId, saved } = await memberWithPush();
    expect(saved).toMatchObject({ deviceLabel: "Chrome on Linux" });
    const conversationId = await messageTo(member.id, "Is the lamp still for sale?");

    const jobs = await pushJobsFor(subscriptionId);
    expect(jobs).toHaveLength(1);
    expect(await runPushJob(jobs[0]!.data)).toEqual({ outcome: "sent" });

    const received = (await pushService.messages(device.clientHash)).map((text) => JSON.parse(text) as unknown);
    expect(received).toEqual([
      {
        title: "New message from Robin",
        body: "Is the lamp still for sale?",
        url: `/messages/${conversationId}`,
        kind: "new_message",
      },
    ]);
  });

  it("removes the subscription when the push service answers 410 Gone", async () => {
    const { member, device, subscriptionId } = await memberWithPush();
    await pushService.expire(device.clientHash);
    await messageTo(member.id, "Hello?");
    const [job] = await pushJobsFor(subscriptionId);
    expect(await runPushJob(job!.data)).toEqual({ outcome: "gone" });
    expect(await listPushDevices(database.db, member.id)).toEqual([]);
  });

  it("queues no push for a kind the member turned push off for", async () => {
    const { member, subscriptionId } = await memberWithPush();
    await setPreference(database.db, member.id, { kind: "new_message", inApp: true, email: true, push: false });
    await messageTo(member.id, "Still there?");
    expect(await pushJobsFor(subscriptionId)).toEqual([]);
  });

  it("stops pushing to a device once the member turns push off there", async () => {
    const { member, device, subscriptionId } = await memberWithPush();
    await messageTo(member.id, "First");
    const [job] = await pushJobsFor(subscriptionId);
    expect(await removePushSubscription(database.db, member.id, { endpoint: device.endpoint })).toBe(true);
    // A job queued before the device turned push off finds no subscription and sends nothing.
    expect(await runPushJob(job!.data)).toEqual({ outcome: "missing" });
    expect(await pushService.messages(device.clientHash)).toEqual([]);
  });

  it("lets a member remove only their own devices", async () => {
    const { device } = await memberWithPush();
    const stranger = await createUser(database.db);
    expect(await removePushSubscription(database.db, stranger.id, { endpoint: device.endpoint })).toBe(false);
    expect(
      await database.db.selectFrom("pushSubscriptions").select("id").where("endpoint", "=", device.endpoint).execute(),
    ).toHaveLength(1);
  });

  it("refuses an endpoint that is not a push service's https URL", async () => {
    const member = await createUser(database.db);
    const keys = { p256dh: "x", auth: "y" };
    for (const endpoint of [
      "http://10.0.0.1/notify/x",
      "file:///etc/passwd",
      "not a url",
      "https://user:pw@push.example/x",
    ]) {
      await expect(
        savePushSubscription(database.db, pushConfig, member.id, { endpoint, ...keys }, "X"),
      ).rejects.toBeInstanceOf(InvalidInput);
    }
    // http on this machine only where the test switch allows it.
    await expect(
      savePushSubscription(
        database.db,
        { allowLocalEndpoints: false },
        member.id,
        { endpoint: `${pushService.url}/notify/x`, ...keys },
        "X",
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
    expect(await listPushDevices(database.db, member.id)).toEqual([]);
  });
});

describe("a retried push job", () => {
  it("posts only to the devices that have not had the push: with one device failing once, the good one gets exactly one", async () => {
    const { member, device: laptop, subscriptionId: laptopId } = await memberWithPush();
    const { device: phone, subscriptionId: phoneId } = await memberWithPush(member);
    pushService.failNext(phone.clientHash, 500);
    await messageTo(member.id, "Can I pick it up tonight?");
    const jobs = [...(await pushJobsFor(laptopId)), ...(await pushJobsFor(phoneId))];
    expect(jobs).toHaveLength(2);
    // One push id for the two devices: the delivery is recorded per (push, device).
    expect(jobs[1]!.data.pushId).toEqual(expect.any(String));
    expect(jobs[1]!.data.pushId).toBe(jobs[0]!.data.pushId);

    expect(await runPushJob(jobs[0]!.data)).toEqual({ outcome: "sent" });
    await expect(runPushJob(jobs[1]!.data)).rejects.toThrow(/500/);
    // The runner hands the jobs out again: the failed one, and the good one too (its completion
    // was lost when the worker died after the post, or it ran past its expiry).
    expect(await runPushJob(jobs[1]!.data)).toEqual({ outcome: "sent" });
    expect(await runPushJob(jobs[0]!.data)).toEqual({ outcome: "already-sent" });
    expect(await runPushJob(jobs[1]!.data)).toEqual({ outcome: "already-sent" });

    expect(await pushService.messages(laptop.clientHash)).toHaveLength(1);
    expect(await pushService.messages(phone.clientHash)).toHaveLength(1);
  });

  it("posts again when the worker died between the push service's 2xx and the record (at-least-once)", async () => {
    const { member, device, subscriptionId } = await memberWithPush();
    await messageTo(member.id, "Still free on Sunday?");
    const [job] = await pushJobsFor(subscriptionId);
    const crash = () => {
      throw new Error("the worker died right after the push service accepted the push");
    };
    await expect(runPushJob(job!.data, { afterPost: crash })).rejects.toThrow(/died/);
    expect(await runPushJob(job!.data)).toEqual({ outcome: "sent" });
    expect(await runPushJob(job!.data)).toEqual({ outcome: "already-sent" });
    expect(await pushService.messages(device.clientHash)).toHaveLength(2);
  });

  it("forgets deliveries after two days, and with the device", async () => {
    const { member, subscriptionId } = await memberWithPush();
    await messageTo(member.id, "Hello again");
    const [job] = await pushJobsFor(subscriptionId);
    expect(await runPushJob(job!.data)).toEqual({ outcome: "sent" });
    const recorded = () =>
      database.db.selectFrom("pushDeliveries").select("pushId").where("subscriptionId", "=", subscriptionId).execute();
    expect(await recorded()).toHaveLength(1);
    expect(await prunePushDeliveries(database.db, new Date(Date.now() + PUSH_DELIVERY_RETENTION_MS - 60_000))).toBe(0);
    expect(await recorded()).toHaveLength(1);
    expect(
      await prunePushDeliveries(database.db, new Date(Date.now() + PUSH_DELIVERY_RETENTION_MS + 60_000)),
    ).toBeGreaterThanOrEqual(1);
    expect(await recorded()).toEqual([]);

    expect(await runPushJob(job!.data)).toEqual({ outcome: "sent" });
    expect(await recorded()).toHaveLength(1);
    await removePushSubscription(database.db, member.id, { id: subscriptionId });
    expect(await recorded()).toEqual([]);
  });
});
