import { sql, type Transaction, type UpdateObject } from "kysely";
import type { Database } from "~db/schema";
import type { DisputeStatus } from "~db/schema-disputes";
import { InvalidTransition } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { checkTransition } from "~/lib/transitions";
import { DISPUTE_MACHINE, type DisputeEvent } from "./state-machine";

type Trx = Transaction<Database>;

/**
 * The only code that changes a dispute's status, inside the caller's transaction (which has locked
 * the case): check the move, update conditionally on the status read, write the event row.
 */
export async function transitionDispute(
  trx: Trx,
  options: {
    dispute: { id: string; status: DisputeStatus };
    event: DisputeEvent;
    actorId: string;
    patch?: UpdateObject<Database, "disputes">;
  },
): Promise<DisputeStatus> {
  const { dispute, event } = options;
  const to = checkTransition(DISPUTE_MACHINE, event, dispute, ["admin"]);
  const updated = await trx
    .updateTable("disputes")
    .set({ ...options.patch, status: to, updatedAt: sql<Date>`now()` })
    .where("id", "=", dispute.id)
    .where("status", "=", dispute.status)
    .returning("status")
    .executeTakeFirst();
  if (!updated) throw new InvalidTransition("The dispute changed in the meantime; reload and try again.");
  await writeDisputeEvent(trx, { disputeId: dispute.id, actorId: options.actorId, event, from: dispute.status, to });
  return to;
}

/** The first row of a case's timeline: opened by the buyer (actor) or by a chargeback (no actor). */
export async function disputeOpened(trx: Trx, disputeId: string, actorId: string | null): Promise<void> {
  await writeDisputeEvent(trx, {
    disputeId,
    actorId,
    event: actorId ? "open" : "chargeback",
    from: null,
    to: "open",
  });
}

async function writeDisputeEvent(
  trx: Trx,
  row: { disputeId: string; actorId: string | null; event: string; from: DisputeStatus | null; to: DisputeStatus },
) {
  await trx
    .insertInto("disputeEvents")
    .values({
      id: newId(),
      disputeId: row.disputeId,
      actorId: row.actorId,
      event: row.event,
      fromStatus: row.from,
      toStatus: row.to,
      // Not now(): the decision and its completion can share one transaction and must keep their order.
      createdAt: sql<Date>`clock_timestamp()`,
    })
    .execute();
}
