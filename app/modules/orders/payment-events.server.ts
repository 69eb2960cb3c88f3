import type { Kysely, Transaction } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { isStripeError } from "~/modules/payments/stripe.server";
import { recordCharge } from "~/modules/payments/gateway.server";
import { transitionOrder } from "./orders.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/**
 * What a Stripe event means for an order, read back from Stripe (never from the event's copy),
 * so duplicated, late or reordered deliveries all lead to the same result.
 */
export type OrderFacts =
  | { kind: "paid"; orderId: string; paymentIntentId: string; chargeId: string }
  | { kind: "expired"; orderId: string }
  | { kind: "failed"; orderId: string }
  | { kind: "refunded"; orderId: string; amountRefunded: number };

/** A chargeback as Stripe has it now; the case it opens or updates belongs to disputes/chargebacks. */
export interface ChargebackFacts {
  orderId: string;
  stripeDisputeId: string;
  /** Stripe's dispute status: needs_response, under_review, won, lost, … */
  status: string;
  evidenceDueBy: Date | null;
}

/**
 * A charge.dispute.* event on an order's card payment. The order's part (freeze it) is here; the
 * case is the disputes module's, and app/wiring/stripe-events.server.ts hands it over, so orders
 * never imports disputes (which imports orders).
 */
export type ChargebackOnOrder =
  | { kind: "disputed"; orderId: string; paymentIntentId: string; chargeId: string; chargeback: ChargebackFacts }
  | { kind: "disputeClosed"; orderId: string; chargeback: ChargebackFacts };

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** Network part: runs before the webhook's database transaction. */
export async function readOrderFacts(
  db: Db,
  stripe: StripeClient,
  event: { type: string; data: { object: { id: string } & Record<string, unknown> } },
): Promise<OrderFacts | null> {
  const object = event.data.object;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.expired": {
      const session = await stripe.checkout.sessions.retrieve(object.id);
      const orderId = session.metadata?.orderId ?? session.client_reference_id;
      if (!orderId) return null;
      if (session.status === "expired") return { kind: "expired", orderId };
      const paymentIntentId = idOf(session.payment_intent);
      if (session.payment_status !== "paid" || !paymentIntentId) return null;
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      const chargeId = idOf(intent.latest_charge);
      return chargeId ? { kind: "paid", orderId, paymentIntentId, chargeId } : null;
    }
    case "payment_intent.payment_failed": {
      const intent = await stripe.paymentIntents.retrieve(object.id);
      const orderId = intent.metadata?.orderId;
      if (!orderId || intent.status === "succeeded") return null;
      // Close the session first, so the buyer can't pay an order we are about to cancel.
      const order = await db
        .selectFrom("orders")
        .select(["stripeCheckoutSessionId"])
        .where("id", "=", orderId)
        .executeTakeFirst();
      if (order?.stripeCheckoutSessionId) {
        const session = await stripe.checkout.sessions.retrieve(order.stripeCheckoutSessionId);
        if (session.status === "complete") return null;
        if (session.status === "open") {
          try {
            await stripe.checkout.sessions.expire(session.id);
          } catch (error) {
            // Paid or expired in the meantime: the re-read below decides.
            if (!isStripeError(error)) throw error;
            const again = await stripe.checkout.sessions.retrieve(session.id);
            if (again.status === "complete") return null;
          }
        }
      }
      return { kind: "failed", orderId };
    }
    case "charge.refunded": {
      const charge = await stripe.charges.retrieve(object.id);
      const orderId = charge.metadata?.orderId ?? charge.transfer_group;
      return orderId ? { kind: "refunded", orderId, amountRefunded: charge.amount_refunded } : null;
    }
    default:
      return null;
  }
}

/** Network part of charge.dispute.created, .updated and .closed: runs before the webhook's transaction. */
export async function readChargeback(
  stripe: StripeClient,
  event: { type: string; data: { object: { id: string } } },
): Promise<ChargebackOnOrder | null> {
  // The dispute as Stripe has it now (status, evidence due date), not the event's copy.
  const dispute = await stripe.disputes.retrieve(event.data.object.id);
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return null;
  const charge = await stripe.charges.retrieve(chargeId);
  const orderId = charge.metadata?.orderId ?? charge.transfer_group;
  const paymentIntentId = idOf(charge.payment_intent);
  if (!orderId || !charge.disputed || !paymentIntentId) return null;
  const dueBy = dispute.evidence_details?.due_by;
  const chargeback: ChargebackFacts = {
    orderId,
    stripeDisputeId: dispute.id,
    status: dispute.status,
    evidenceDueBy: dueBy ? new Date(dueBy * 1000) : null,
  };
  if (event.type !== "charge.dispute.created") return { kind: "disputeClosed", orderId, chargeback };
  return { kind: "disputed", orderId, paymentIntentId, chargeId, chargeback };
}

type LockedOrder = { id: string; status: string; stripeChargeId: string | null; totalCents: number };

async function lockOrder(trx: Trx, orderId: string): Promise<LockedOrder | undefined> {
  return trx
    .selectFrom("orders")
    .select(["id", "status", "stripeChargeId", "totalCents"])
    .where("id", "=", orderId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Records a card payment on a locked order: pays a pending one, or keeps the record of a payment
 * that came after we cancelled and queues its refund. False when the order had it already.
 */
async function recordPayment(
  trx: Trx,
  order: LockedOrder,
  payment: { paymentIntentId: string; chargeId: string },
): Promise<boolean> {
  if (order.status === "pending_payment") {
    await transitionOrder(trx, {
      orderId: order.id,
      event: "pay",
      actor: "system",
      patch: { stripePaymentIntentId: payment.paymentIntentId, stripeChargeId: payment.chargeId },
    });
    await recordCharge(trx, { orderId: order.id, amountCents: order.totalCents, chargeId: payment.chargeId });
    return true;
  }
  if (order.status === "cancelled" && !order.stripeChargeId) {
    // Paid after we had cancelled (a race with expiry): keep the record and give the money back.
    await trx
      .updateTable("orders")
      .set({
        stripePaymentIntentId: payment.paymentIntentId,
        stripeChargeId: payment.chargeId,
        updatedAt: new Date(),
      })
      .where("id", "=", order.id)
      .execute();
    await recordCharge(trx, { orderId: order.id, amountCents: order.totalCents, chargeId: payment.chargeId });
    await enqueueJob(trx, QUEUES.orderRefund, { orderId: order.id }, { singletonKey: order.id });
    return true;
  }
  return false;
}

/**
 * Database part of a chargeback, in the transaction that records the event id: freezes the order
 * (recording its payment first if the dispute came before the payment's own event) and returns the
 * status the dispute case records as "before" (or, for an update, the order's status now). Null
 * when there is no such order or it is past disputing: nothing for the case either.
 */
export async function applyChargebackToOrder(trx: Trx, facts: ChargebackOnOrder): Promise<string | null> {
  const order = await lockOrder(trx, facts.orderId);
  if (!order) return null;
  // A late "created" may not have been processed yet: disputes' updateChargeback opens the case if needed.
  if (facts.kind === "disputeClosed") return order.status;
  // The dispute may arrive before the payment's own event: record the payment first.
  if (order.status === "pending_payment") {
    await recordPayment(trx, order, facts);
    order.status = "paid";
  }
  const before = order.status;
  // Already frozen by the buyer's own dispute: the chargeback is linked to that case.
  if (before === "disputed") return before;
  if (!["paid", "shipped", "ready_for_pickup", "received", "completed"].includes(before)) return null;
  await transitionOrder(trx, { orderId: order.id, event: "dispute", actor: "system" });
  return before;
}

/** Database part: runs inside the transaction that records the event id. Idempotent. */
export async function applyOrderFacts(trx: Trx, facts: OrderFacts): Promise<"processed" | "ignored"> {
  const order = await lockOrder(trx, facts.orderId);
  if (!order) return "ignored";
  switch (facts.kind) {
    case "paid":
      return (await recordPayment(trx, order, facts)) ? "processed" : "ignored";
    case "expired":
    case "failed":
      if (order.status !== "pending_payment") return "ignored";
      await transitionOrder(trx, {
        orderId: order.id,
        event: facts.kind === "expired" ? "expire" : "paymentFailed",
        actor: "system",
      });
      return "processed";
    case "refunded":
      // Nothing to write: every refund Stoop makes is already in the ledger (the gateway wrote it
      // before and after the Stripe call), and orders.refunded_cents is the ledger's sum (ADR 020).
      return "processed";
  }
}

/**
 * The buyer is back from the hosted page before the webhook: read the session from Stripe and
 * apply what it says (the same idempotent effect the webhook will have).
 */
export async function syncCheckout(db: Db, stripe: StripeClient, orderId: string, userId: string): Promise<void> {
  const order = await db
    .selectFrom("orders")
    .select(["stripeCheckoutSessionId", "status"])
    .where("id", "=", orderId)
    .where("buyerId", "=", userId)
    .executeTakeFirst();
  if (!order?.stripeCheckoutSessionId || order.status !== "pending_payment") return;
  const facts = await readOrderFacts(db, stripe, {
    type: "checkout.session.completed",
    data: { object: { id: order.stripeCheckoutSessionId } },
  });
  if (facts) await transaction(db, (trx) => applyOrderFacts(trx, facts));
}

/**
 * The safety net for lost webhooks, run by a job shortly after the checkout's expiry: an order
 * still waiting for payment is settled from what Stripe says (paid, or expired and released).
 * A session Stripe never created (a crash between our commit and the call) is cancelled.
 */
export async function reconcileCheckout(
  db: Db,
  stripe: StripeClient,
  orderId: string,
): Promise<"settled" | "not-pending" | "still-open"> {
  const order = await db
    .selectFrom("orders")
    .select(["stripeCheckoutSessionId", "status", "createdAt"])
    .where("id", "=", orderId)
    .executeTakeFirst();
  if (!order || order.status !== "pending_payment") return "not-pending";
  if (!order.stripeCheckoutSessionId) {
    await transaction(db, async (trx) => {
      const current = await trx.selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirst();
      if (current?.status === "pending_payment")
        await transitionOrder(trx, { orderId, event: "checkoutFailed", actor: "system" });
    });
    return "settled";
  }
  let session = await stripe.checkout.sessions.retrieve(order.stripeCheckoutSessionId);
  if (session.status === "open") {
    if (session.expires_at > Math.floor(Date.now() / 1000)) return "still-open";
    try {
      session = await stripe.checkout.sessions.expire(session.id);
    } catch (error) {
      if (!isStripeError(error)) throw error;
    }
  }
  const facts = await readOrderFacts(db, stripe, {
    type: "checkout.session.completed",
    data: { object: { id: session.id } },
  });
  if (facts) await transaction(db, (trx) => applyOrderFacts(trx, facts));
  return "settled";
}
