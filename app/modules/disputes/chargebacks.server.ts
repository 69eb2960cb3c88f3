import { sql, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";
import { recordAudit } from "~/modules/admin/audit-log.server";
import type { ChargebackFacts } from "~/modules/orders/payment-events.server";
import { disputeOpened } from "./transitions.server";

type Trx = Transaction<Database>;

// Read from Stripe by orders/payment-events (it knows which order a charge paid for); the webhook's
// routing in app/wiring/stripe-events.server.ts brings them here.
export type { ChargebackFacts };

async function systemMessage(trx: Trx, disputeId: string, body: string) {
  await trx
    .insertInto("disputeMessages")
    .values({ id: newId(), disputeId, authorId: null, authorRole: "system", body })
    .execute();
}

/**
 * charge.dispute.created: a case in the admin queue, linked to the Stripe dispute. If the buyer
 * already has a dispute open on the order, the chargeback is linked to it (one case per order);
 * otherwise a chargeback case is opened. Idempotent: a redelivery only refreshes status and date.
 */
export async function recordChargeback(trx: Trx, facts: ChargebackFacts, orderStatusBefore: string): Promise<string> {
  const known = await trx
    .selectFrom("disputes")
    .select(["id"])
    .where("stripeDisputeId", "=", facts.stripeDisputeId)
    .executeTakeFirst();
  if (known) {
    await trx
      .updateTable("disputes")
      .set({ evidenceDueBy: facts.evidenceDueBy, updatedAt: sql<Date>`now()` })
      .where("id", "=", known.id)
      .execute();
    return known.id;
  }
  const open = await trx
    .selectFrom("disputes")
    .select("id")
    .where("orderId", "=", facts.orderId)
    .where("status", "!=", "resolved")
    .where("stripeDisputeId", "is", null)
    .forUpdate()
    .executeTakeFirst();
  const id = open?.id ?? newId();
  if (open) {
    await trx
      .updateTable("disputes")
      .set({
        stripeDisputeId: facts.stripeDisputeId,
        stripeStatus: facts.status,
        evidenceDueBy: facts.evidenceDueBy,
        updatedAt: sql<Date>`now()`,
      })
      .where("id", "=", open.id)
      .execute();
  } else {
    await trx
      .insertInto("disputes")
      .values({
        id,
        orderId: facts.orderId,
        source: "chargeback",
        status: "open",
        reason: "chargeback",
        openedBy: null,
        orderStatusBefore,
        stripeDisputeId: facts.stripeDisputeId,
        stripeStatus: facts.status,
        evidenceDueBy: facts.evidenceDueBy,
      })
      .execute();
    await disputeOpened(trx, id, null);
  }
  await systemMessage(trx, id, "The buyer's bank opened a chargeback on the card payment for this order.");
  await recordAudit(trx, {
    actor: null,
    action: "chargeback.opened",
    subject: { type: "dispute", id },
    details: {
      orderId: facts.orderId,
      stripeDisputeId: facts.stripeDisputeId,
      status: facts.status,
      evidenceDueBy: facts.evidenceDueBy?.toISOString() ?? null,
      linkedToBuyerDispute: Boolean(open),
    },
  });
  return id;
}

/** charge.dispute.closed (or updated): the Stripe status on the case; won or lost is shown and audited once. */
export async function updateChargeback(
  trx: Trx,
  facts: ChargebackFacts,
  orderStatusBefore: string,
): Promise<"updated" | "unchanged"> {
  const disputeId = await recordChargeback(trx, facts, orderStatusBefore);
  const changed = await trx
    .updateTable("disputes")
    .set({ stripeStatus: facts.status, updatedAt: sql<Date>`now()` })
    .where("id", "=", disputeId)
    .where((eb) => eb.or([eb("stripeStatus", "is", null), eb("stripeStatus", "!=", facts.status)]))
    .returning("id")
    .executeTakeFirst();
  if (!changed) return "unchanged";
  if (facts.status === "won" || facts.status === "lost") {
    await systemMessage(
      trx,
      disputeId,
      facts.status === "won"
        ? "The chargeback was closed in the platform's favour (won): the bank returned the money."
        : "The chargeback was closed in the buyer's favour (lost): the bank kept the money.",
    );
    await recordAudit(trx, {
      actor: null,
      action: facts.status === "won" ? "chargeback.won" : "chargeback.lost",
      subject: { type: "dispute", id: disputeId },
      details: { orderId: facts.orderId, stripeDisputeId: facts.stripeDisputeId },
    });
  }
  return "updated";
}
