import type { Kysely, Transaction } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { Forbidden, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { pushSubscriptionIdsFor } from "./push.server";
import { isDigestKind, NOTIFICATION_KINDS, NOTIFICATION_KIND_NAMES, type NotificationKind } from "./kinds";
import { recordLiveEvents } from "./live-events.server";

type Executor = Kysely<Database> | Transaction<Database>;

export interface NotificationContent {
  /** Short line: the in-app title and the email subject. */
  title: string;
  /** One or two plain sentences. */
  body: string;
  /** A path on Stoop (e.g. /settings); emails turn it into an absolute link. */
  url?: string | null;
}

export interface ChannelPreference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
  /** Web Push to every device the member turned push on for (push.server.ts); defaults like email. */
  push: boolean;
}

/** What a caller sets; a preference written without `push` keeps the push choice it had. */
export type PreferenceChange = Omit<ChannelPreference, "push"> & { push?: boolean };

export async function preferencesFor(db: Executor, userId: string): Promise<ChannelPreference[]> {
  const rows = await db
    .selectFrom("notificationPreferences")
    .select(["kind", "inApp", "email", "push"])
    .where("userId", "=", userId)
    .execute();
  const saved = new Map(rows.map((row) => [row.kind, row]));
  return NOTIFICATION_KIND_NAMES.map((kind) => {
    const row = saved.get(kind);
    const defaults = NOTIFICATION_KINDS[kind].defaults;
    return {
      kind,
      inApp: row?.inApp ?? defaults.inApp,
      email: row?.email ?? defaults.email,
      // Every kind with an email channel has a push channel, with the same default (issue #17).
      push: row?.push ?? defaults.email,
    };
  });
}

export async function setPreference(db: Executor, userId: string, preference: PreferenceChange): Promise<void> {
  await db
    .insertInto("notificationPreferences")
    .values({
      userId,
      kind: preference.kind,
      inApp: preference.inApp,
      email: preference.email,
      push: preference.push ?? null,
    })
    .onConflict((conflict) =>
      conflict.columns(["userId", "kind"]).doUpdateSet({
        inApp: preference.inApp,
        email: preference.email,
        ...(preference.push === undefined ? {} : { push: preference.push }),
        updatedAt: new Date(),
      }),
    )
    .execute();
}

export async function setPreferences(db: Kysely<Database>, userId: string, preferences: PreferenceChange[]) {
  await transaction(db, async (trx) => {
    for (const preference of preferences) await setPreference(trx, userId, preference);
  });
}

export async function unsubscribeFromEmail(db: Executor, userId: string, kind: NotificationKind): Promise<void> {
  const current = (await preferencesFor(db, userId)).find((preference) => preference.kind === kind);
  await setPreference(db, userId, { kind, inApp: current?.inApp ?? true, email: false });
}

export type NotifyResult = { inApp: boolean; email: boolean; push: number; duplicate: boolean };

/**
 * The one way any feature tells a member something. Call it with the transaction that records
 * the event: the in-app notification, the outbox email and its delivery job, and one push job per
 * device the member turned push on for, commit (or vanish) together with it, so nothing is lost
 * if the process dies after the commit. `result.push` counts the push jobs queued.
 *
 * `dedupeKey` makes the call idempotent: a retried job that notifies again is ignored.
 */
export async function notify(
  trx: Executor,
  userId: string,
  kind: NotificationKind,
  content: NotificationContent,
  options: { dedupeKey?: string } = {},
): Promise<NotifyResult> {
  const user = await trx.selectFrom("users").select(["email"]).where("id", "=", userId).executeTakeFirst();
  if (!user) throw new NotFound("No such member to notify");
  const preference = (await preferencesFor(trx, userId)).find((candidate) => candidate.kind === kind);
  const result: NotifyResult = { inApp: false, email: false, push: 0, duplicate: false };

  if (preference?.inApp) {
    const inserted = await trx
      .insertInto("notifications")
      .values({
        id: newId(),
        userId,
        kind,
        title: content.title,
        body: content.body,
        url: content.url ?? null,
        dedupeKey: options.dedupeKey ? `${options.dedupeKey}:in-app` : null,
      })
      .onConflict((conflict) => conflict.column("dedupeKey").doNothing())
      .returning("id")
      .executeTakeFirst();
    result.inApp = Boolean(inserted);
    result.duplicate ||= !inserted;
    // The bell in the member's open tabs counts it at once (ADR 045).
    if (inserted) await transaction(trx, (inner) => recordLiveEvents(inner, [userId], "notification", { kind }));
  }

  if (preference?.email && isDigestKind(kind)) {
    // Follow news: the email waits for the member's daily digest (digest.server.ts), one email for many items.
    const inserted = await trx
      .insertInto("notificationDigestItems")
      .values({
        id: newId(),
        userId,
        kind,
        title: content.title,
        url: content.url ?? null,
        dedupeKey: options.dedupeKey ? `${options.dedupeKey}:digest` : null,
      })
      .onConflict((conflict) => conflict.column("dedupeKey").doNothing())
      .returning("id")
      .executeTakeFirst();
    result.email = Boolean(inserted);
    result.duplicate ||= !inserted;
  } else if (preference?.email) {
    const outboxId = newId();
    const inserted = await trx
      .insertInto("emailOutbox")
      .values({
        id: outboxId,
        userId,
        toAddress: user.email,
        kind,
        subject: content.title,
        body: content.body,
        url: content.url ?? null,
        dedupeKey: options.dedupeKey ? `${options.dedupeKey}:email` : null,
      })
      .onConflict((conflict) => conflict.column("dedupeKey").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) await enqueueJob(trx, QUEUES.deliverEmail, { outboxId });
    result.email = Boolean(inserted);
    result.duplicate ||= !inserted;
  }

  // Push follows the same dedupe key as the other channels: a retried job that is ignored above
  // (duplicate) queues no second push either. A push is sent at once, digest kinds included: it
  // replaces the bell, not the digest email.
  if (preference?.push && !result.duplicate) {
    const subscriptionIds = await pushSubscriptionIdsFor(trx, userId);
    const message = { title: content.title, body: content.body, url: content.url ?? null, kind };
    // One id for this push across the member's devices: each device's delivery is recorded under it (ADR 048).
    const pushId = newId();
    for (const subscriptionId of subscriptionIds) {
      const queued = await enqueueJob(
        trx,
        QUEUES.deliverPush,
        { subscriptionId, pushId, message },
        options.dedupeKey ? { singletonKey: `${options.dedupeKey}:push:${subscriptionId}` } : {},
      );
      if (queued) result.push += 1;
    }
  }
  return result;
}

export interface InAppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  url: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export async function listNotifications(db: Executor, userId: string, limit = 50): Promise<InAppNotification[]> {
  return db
    .selectFrom("notifications")
    .select(["id", "kind", "title", "body", "url", "readAt", "createdAt"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("userId", "=", userId)
    .where("readAt", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one of the member's own notifications read; anyone else's is refused. */
export async function markRead(db: Executor, userId: string, notificationId: string): Promise<void> {
  const row = await db.selectFrom("notifications").select("userId").where("id", "=", notificationId).executeTakeFirst();
  if (!row) throw new NotFound("That notification no longer exists.");
  if (row.userId !== userId) throw new Forbidden("That notification is not yours.");
  await transaction(db, async (trx) => {
    const updated = await trx
      .updateTable("notifications")
      .set({ readAt: new Date() })
      .where("id", "=", notificationId)
      .where("userId", "=", userId)
      .where("readAt", "is", null)
      .executeTakeFirst();
    // The member's other tabs lower their bell's count.
    if (Number(updated.numUpdatedRows) > 0) await recordLiveEvents(trx, [userId], "notifications_read", {});
  });
}

export async function markAllRead(db: Executor, userId: string): Promise<number> {
  return transaction(db, async (trx) => {
    const result = await trx
      .updateTable("notifications")
      .set({ readAt: new Date() })
      .where("userId", "=", userId)
      .where("readAt", "is", null)
      .executeTakeFirst();
    const count = Number(result.numUpdatedRows);
    if (count > 0) await recordLiveEvents(trx, [userId], "notifications_read", {});
    return count;
  });
}
