import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import type { AccountEmailKind } from "./kinds";

type Executor = Kysely<Database> | Transaction<Database>;

export interface AccountEmail {
  /** The member it concerns, or null (e.g. an address that has no account). */
  userId: string | null;
  to: string;
  kind: AccountEmailKind;
  subject: string;
  body: string;
  /** A path on Stoop; for links that carry a token, it is erased from the outbox once sent. */
  url: string | null;
}

/**
 * Queues an account email (verification link, password reset, security notice) in the caller's
 * transaction: the outbox row and its delivery job commit together with the token they carry.
 * Unlike notify(), these ignore notification preferences and carry no unsubscribe link.
 */
export async function sendAccountEmail(trx: Executor, email: AccountEmail): Promise<string> {
  const id = newId();
  await trx
    .insertInto("emailOutbox")
    .values({
      id,
      userId: email.userId,
      toAddress: email.to,
      kind: email.kind,
      subject: email.subject,
      body: email.body,
      url: email.url,
    })
    .execute();
  await enqueueJob(trx, QUEUES.deliverEmail, { outboxId: id });
  return id;
}
