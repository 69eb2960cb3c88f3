import type { Kysely } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { isNotificationKind, NOTIFICATION_KINDS } from "./kinds";

/** At most this many items are listed by name in one digest; the rest are counted. */
export const DIGEST_MAX_LINES = 20;

/**
 * The daily digest of follow news (`follow_listing`, `follow_service`): `notify()` puts each
 * item's email into `notification_digest_items`; this job (the `notification-digest` cron, once a
 * day) writes one outbox email per member and kind for everything still waiting, and marks those
 * items digested with the email's id in the same transaction. The items are locked FOR UPDATE
 * SKIP LOCKED, so two runs at once never take the same items, and a rerun finds nothing left:
 * no item is ever emailed twice. One email per kind (so at most two a day) because each email's
 * unsubscribe link turns off exactly one kind.
 */
export async function sendNotificationDigests(db: Kysely<Database>): Promise<{ emails: number; items: number }> {
  const waiting = await db
    .selectFrom("notificationDigestItems")
    .select(["userId", "kind"])
    .where("digestedAt", "is", null)
    .groupBy(["userId", "kind"])
    .execute();
  let emails = 0;
  let items = 0;
  for (const group of waiting) {
    const sent = await transaction(db, async (trx) => {
      const rows = await trx
        .selectFrom("notificationDigestItems")
        .select(["id", "title", "url"])
        .where("userId", "=", group.userId)
        .where("kind", "=", group.kind)
        .where("digestedAt", "is", null)
        .orderBy("createdAt")
        .orderBy("id")
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      const user = await trx
        .selectFrom("users")
        .select(["email", "deletedAt"])
        .where("id", "=", group.userId)
        .executeTakeFirst();
      const outboxId = newId();
      if (user && !user.deletedAt) {
        const label = isNotificationKind(group.kind) ? NOTIFICATION_KINDS[group.kind].label : "Stoop news";
        const lines = rows.slice(0, DIGEST_MAX_LINES).map((row) => `• ${row.title}`);
        if (rows.length > DIGEST_MAX_LINES) lines.push(`… and ${rows.length - DIGEST_MAX_LINES} more.`);
        await trx
          .insertInto("emailOutbox")
          .values({
            id: outboxId,
            userId: group.userId,
            toAddress: user.email,
            kind: group.kind,
            subject: `${label}: ${rows.length} new ${rows.length === 1 ? "item" : "items"}`,
            body: lines.join("\n"),
            url: "/feed",
            dedupeKey: `digest:${rows[0]!.id}`,
          })
          .execute();
        await enqueueJob(trx, QUEUES.deliverEmail, { outboxId });
      }
      await trx
        .updateTable("notificationDigestItems")
        .set({ digestedAt: new Date(), outboxId: user && !user.deletedAt ? outboxId : null })
        .where(
          "id",
          "in",
          rows.map((row) => row.id),
        )
        .execute();
      return user && !user.deletedAt ? rows.length : 0;
    });
    if (sent > 0) {
      emails += 1;
      items += sent;
    }
  }
  return { emails, items };
}
