import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { NotFound } from "~/lib/errors";
import { formatMoney } from "~/lib/money";
import { notify } from "~/modules/notifications/notify.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { payoutStatus } from "~/modules/payments/payouts.server";
import { retailerPayoutStatus, retailerPayoutsUrl } from "~/modules/retailers/retailer-payouts.server";
import { isStripeError, type StripeClient } from "~/modules/payments/stripe.server";
import { newId } from "~/lib/ids.server";
import { orderLines } from "./lines.server";
import { refundIdempotencyKey, transitionOrder, type Order, type OrderActor } from "./orders.server";

type Db = Kysely<Database>;

export type PayoutOutcome = "paid" | "already-paid" | "waiting_for_account" | "frozen";

/**
 * Pays the seller's share of a completed order with a Stripe transfer from the order's charge
 * (source_transaction, so it never draws on other buyers' money). The idempotency key is the
 * payout row's (order + payee + purpose): a retry after a crash gets the same transfer back.
 * Without an enabled payout account the row waits; account.updated re-queues it.
 * A disputed order is frozen: nothing is transferred until an admin resolves the dispute.
 */
export async function attemptPayout(db: Db, stripe: StripeClient, orderId: string): Promise<PayoutOutcome[]> {
  const state = await db.selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirst();
  if (state?.status === "disputed") return ["frozen"];
  const payouts = await db
    .selectFrom("payouts")
    .innerJoin("orders", "orders.id", "payouts.orderId")
    .select([
      "payouts.id",
      "payouts.payeeId",
      "payouts.amountCents",
      "payouts.status",
      "payouts.idempotencyKey",
      "payouts.purpose",
      "payouts.retailerId",
      "orders.stripeChargeId",
      "orders.currency",
    ])
    .where("payouts.orderId", "=", orderId)
    .execute();
  const outcomes: PayoutOutcome[] = [];
  for (const payout of payouts) {
    if (payout.status === "paid") {
      outcomes.push("already-paid");
      continue;
    }
    // A retailer's share goes to the retailer's own account; a seller's to the member's.
    const account = payout.retailerId
      ? await retailerPayoutStatus(db, payout.retailerId)
      : await payoutStatus(db, payout.payeeId);
    if (account.state !== "enabled" || !account.stripeAccountId) {
      await transaction(db, async (trx) => {
        await trx
          .updateTable("payouts")
          .set({ status: "waiting_for_account", updatedAt: new Date() })
          .where("id", "=", payout.id)
          .where("status", "!=", "paid")
          .execute();
        await notify(
          trx,
          payout.payeeId,
          "order_completed",
          {
            title: `Set up payouts to receive ${formatMoney(payout.amountCents)}`,
            body: "A sale is complete. Finish setting up payouts and the money is sent to you straight away.",
            url: payout.retailerId ? await retailerPayoutsUrl(trx, payout.retailerId) : "/settings/payouts",
          },
          { dedupeKey: `payout:${payout.id}:waiting` },
        );
      });
      outcomes.push("waiting_for_account");
      continue;
    }
    if (!payout.stripeChargeId) throw new Error(`order ${orderId} has no charge to transfer from`);
    let transfer;
    try {
      transfer = await stripe.transfers.create(
        {
          amount: payout.amountCents,
          currency: payout.currency,
          destination: account.stripeAccountId,
          source_transaction: payout.stripeChargeId,
          transfer_group: orderId,
          metadata: { orderId, payoutId: payout.id, purpose: payout.purpose },
        },
        { idempotencyKey: payout.idempotencyKey },
      );
    } catch (error) {
      await db
        .updateTable("payouts")
        .set({ lastError: isStripeError(error) ? error.message : String(error), updatedAt: new Date() })
        .where("id", "=", payout.id)
        .execute();
      throw error;
    }
    await db
      .updateTable("payouts")
      .set({ status: "paid", stripeTransferId: transfer.id, lastError: null, updatedAt: new Date() })
      .where("id", "=", payout.id)
      .where("status", "!=", "paid")
      .execute();
    outcomes.push("paid");
  }
  return outcomes;
}

/** Re-queues a member's waiting payouts (called when their payout account becomes enabled). */
export async function requeueWaitingPayouts(trx: Db, payeeId: string): Promise<number> {
  const waiting = await trx
    .selectFrom("payouts")
    .select("orderId")
    .where("payeeId", "=", payeeId)
    .where("status", "=", "waiting_for_account")
    .execute();
  for (const { orderId } of waiting) await enqueueJob(trx, QUEUES.orderPayout, { orderId });
  return waiting.length;
}

/** Refunds a cancelled, paid order in full (idempotent: one key per order; the refund id is stored). */
export async function refundOrder(
  db: Db,
  stripe: StripeClient,
  orderId: string,
): Promise<"refunded" | "nothing-to-refund"> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  if (order.stripeRefundId || !order.stripePaymentIntentId || order.status !== "cancelled") return "nothing-to-refund";
  // Lines refunded earlier (a declined add-on) are not refunded twice.
  const amount = order.totalCents - order.refundedCents;
  if (amount <= 0) return "nothing-to-refund";
  const refund = await stripe.refunds.create(
    { payment_intent: order.stripePaymentIntentId, amount, metadata: { orderId } },
    { idempotencyKey: refundIdempotencyKey(orderId) },
  );
  await transaction(db, async (trx) => {
    const updated = await trx
      .updateTable("orders")
      .set({ stripeRefundId: refund.id, refundedCents: order.refundedCents + refund.amount, updatedAt: new Date() })
      .where("id", "=", orderId)
      .where("stripeRefundId", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!updated) return;
    // Per line too (lines.server.ts), so every line reads as refunded in full.
    for (const line of await orderLines(trx, orderId))
      if (line.amountCents > line.refundedCents)
        await trx
          .insertInto("orderLineRefunds")
          .values({
            id: newId(),
            orderId,
            lineKey: line.key,
            disputeId: null,
            amountCents: line.amountCents - line.refundedCents,
            status: "succeeded",
            stripeRefundId: refund.id,
            idempotencyKey: `${refundIdempotencyKey(orderId)}:line:${line.key}`,
          })
          .onConflict((conflict) => conflict.column("idempotencyKey").doNothing())
          .execute();
  });
  return "refunded";
}

/**
 * Buyer or seller cancels before the item leaves the seller: the order is cancelled, the listing
 * released and a refund job queued in one transaction; then the refund is tried at once (the job
 * retries it if Stripe is unreachable).
 */
export async function cancelOrder(db: Db, stripe: StripeClient, orderId: string, actor: OrderActor): Promise<Order> {
  const order = await transitionOrder(db, { orderId, event: "cancel", actor });
  if (order.stripePaymentIntentId) {
    try {
      await refundOrder(db, stripe, orderId);
    } catch {
      // Left to the order-refund job queued with the cancellation.
    }
  }
  return (await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst()) ?? order;
}

/** Completion followed by an immediate payout attempt (the queued job covers failures). */
export async function payOutNow(db: Db, stripe: StripeClient, orderId: string): Promise<void> {
  try {
    await attemptPayout(db, stripe, orderId);
  } catch {
    // The order-payout job queued at completion retries with backoff.
  }
}
