import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The append-only record of what admins (and the system on the platform's behalf) did: who, what,
 * to which subject, why, which amount, when. The table refuses UPDATE and DELETE (a trigger), so an
 * entry, once committed, is final.
 */
export interface AuditEntryInput {
  /** null: the system (a webhook or a job). */
  actor: { id: string; displayName: string } | null;
  /** `noun.verb`, e.g. `dispute.resolved`, `user.suspended`, `report.dismissed`. */
  action: string;
  subject: { type: string; id: string };
  reason?: string | null;
  /** Money moved by the action, in integer cents. */
  amountCents?: number | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  amountCents: number | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

const ACTION_PATTERN = /^[a-z_]+\.[a-z_]+$/;

/**
 * Takes a transaction, not the database: the entry commits or rolls back with the action it
 * records, so the log never claims something that did not happen (nor misses something that did).
 */
export async function recordAudit(trx: Transaction<Database>, entry: AuditEntryInput): Promise<string> {
  if (!ACTION_PATTERN.test(entry.action)) throw new Error(`Audit actions are noun.verb, got ${entry.action}`);
  if (entry.amountCents != null && !Number.isInteger(entry.amountCents)) {
    throw new Error("Audit amounts are integer cents");
  }
  const id = newId();
  await trx
    .insertInto("auditLog")
    .values({
      id,
      actorId: entry.actor?.id ?? null,
      actorLabel: entry.actor?.displayName ?? "Stoop (system)",
      action: entry.action,
      subjectType: entry.subject.type,
      subjectId: entry.subject.id,
      reason: entry.reason ?? null,
      amountCents: entry.amountCents ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
  return id;
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  action?: string;
  /** Entries strictly older than this one (keyset pagination, newest first). */
  before?: { createdAt: Date; id: string };
  limit?: number;
}

export async function listAuditLog(db: Executor, query: AuditQuery = {}): Promise<AuditEntry[]> {
  let select = db.selectFrom("auditLog").selectAll();
  if (query.subjectType) select = select.where("subjectType", "=", query.subjectType);
  if (query.subjectId) select = select.where("subjectId", "=", query.subjectId);
  if (query.actorId) select = select.where("actorId", "=", query.actorId);
  if (query.action) select = select.where("action", "=", query.action);
  const before = query.before;
  if (before) {
    select = select.where((eb) =>
      eb.or([
        eb("createdAt", "<", before.createdAt),
        eb.and([eb("createdAt", "=", before.createdAt), eb("id", "<", before.id)]),
      ]),
    );
  }
  return select
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(Math.min(query.limit ?? 50, 200))
    .execute();
}
