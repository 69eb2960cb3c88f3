import type { Kysely } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { renderEmail } from "./email-template.server";
import { ACCOUNT_EMAIL_KINDS, isAccountEmailKind, isNotificationKind, NOTIFICATION_KINDS } from "./kinds";
import type { MailTransport } from "./mail-transport.server";
import { unsubscribeToken } from "./unsubscribe.server";

export interface DeliveryDeps {
  transport: MailTransport;
  publicUrl: string;
  from: string;
  /** Test seam: runs after the transport accepted the email, before the row is marked sent. */
  afterSend?: () => void | Promise<void>;
}

export type DeliveryOutcome = "sent" | "already-sent" | "in-progress" | "missing";

/**
 * Sends one outbox row. The row is locked (FOR UPDATE SKIP LOCKED) while it is sent, so two
 * workers never send it twice at once, and it is marked sent in the same transaction.
 *
 * A crash after the transport accepted the email but before the commit means the retry sends it
 * again with the same Message-ID: the mailbox transport then rewrites the same file (no second
 * email); SMTP is at-least-once, and mail apps fold duplicates by Message-ID.
 */
export async function deliverEmail(
  db: Kysely<Database>,
  deps: DeliveryDeps,
  outboxId: string,
): Promise<DeliveryOutcome> {
  try {
    return await transaction(db, async (trx) => {
      const row = await trx
        .selectFrom("emailOutbox")
        .selectAll()
        .where("id", "=", outboxId)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) {
        const exists = await trx.selectFrom("emailOutbox").select("id").where("id", "=", outboxId).executeTakeFirst();
        return exists ? "in-progress" : "missing";
      }
      if (row.sentAt) return "already-sent";

      const actionUrl = row.url ? `${deps.publicUrl}${row.url}` : null;
      let rendered: { html: string; text: string };
      let headers: Record<string, string> = {};
      if (isAccountEmailKind(row.kind)) {
        // Not a preference: no unsubscribe link, footer or List-Unsubscribe headers.
        rendered = renderEmail({
          subject: row.subject,
          body: row.body,
          actionUrl,
          actionLabel: ACCOUNT_EMAIL_KINDS[row.kind].button,
          footer: null,
        });
      } else {
        const kindLabel = isNotificationKind(row.kind) ? NOTIFICATION_KINDS[row.kind].label : row.kind;
        const unsubscribeUrl =
          row.userId && isNotificationKind(row.kind)
            ? `${deps.publicUrl}/email/unsubscribe/${await unsubscribeToken(trx, row.userId, row.kind)}`
            : `${deps.publicUrl}/settings/notifications`;
        rendered = renderEmail({
          subject: row.subject,
          body: row.body,
          actionUrl,
          footer: { unsubscribeUrl, settingsUrl: `${deps.publicUrl}/settings/notifications`, kindLabel },
        });
        headers = {
          // RFC 8058 one-click unsubscribe: mail apps POST to this URL.
          "List-Unsubscribe": `<${unsubscribeUrl}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        };
      }
      await deps.transport.send({
        id: row.id,
        from: deps.from,
        to: row.toAddress,
        subject: row.subject,
        html: rendered.html,
        text: rendered.text,
        headers,
      });
      await deps.afterSend?.();
      await trx
        .updateTable("emailOutbox")
        .set({
          sentAt: new Date(),
          attempts: row.attempts + 1,
          lastError: null,
          // An account email's link carries a live token; once sent, the outbox keeps no copy of it.
          ...(isAccountEmailKind(row.kind) ? { url: null } : {}),
        })
        .where("id", "=", row.id)
        .execute();
      return "sent";
    });
  } catch (error) {
    await db
      .updateTable("emailOutbox")
      .set((eb) => ({
        attempts: eb("attempts", "+", 1),
        lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
      }))
      .where("id", "=", outboxId)
      .where("sentAt", "is", null)
      .execute();
    throw error;
  }
}
