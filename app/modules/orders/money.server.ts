import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { NotFound } from "~/lib/errors";
import { formatMoney } from "~/lib/money";
import { notify } from "~/modules/notifications/notify.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { payoutPayee, payoutsOf, planRefunds, sendPayout, sendPendingRefunds } from "~/modules/payments/gateway.server";
import { payoutSetupPath, payoutStatus, type PayoutPayee } from "~/modules/payments/payout-accounts.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { ledgerPayee, orderLines } from "./lines.server";
import { transitionOrder, type Order, type OrderActor } from "./orders.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export type PayoutOutcome = "paid" | "already-paid" | "waiting_for_account" | "frozen";

/**
 * Pays the seller's share of a completed order with a Stripe transfer from the order's charge
 * (source_transaction, so it never draws on other buyers' money), through the gateway, under the
 * payout's key (order + payee + purpose): a retry after a crash gets the same transfer back.
 * Without an enabled payout account the row waits; account.updated re-queues it.
 * A disputed order is frozen: nothing is transferred until an admin resolves the dispute.
 */
export async function attemptPayout(db: Db, stripe: StripeClient, orderId: string): Promise<PayoutOutcome[]> {
  const order = await db
    .selectFrom("orders")
    .select(["status", "stripeChargeId", "currency"])
    .where("id", "=", orderId)
    .executeTakeFirst();
  if (!order) return [];
  if (order.status === "disputed") return ["frozen"];
  const payouts = await payoutsOf(db, orderId);
  const outcomes: PayoutOutcome[] = [];
  for (const payout of payouts) {
    if (payout.status === "paid") {
      outcomes.push("already-paid");
      continue;
    }
    // A retailer's share goes to the retailer's own account; a seller's to the member's.
    const payee = payoutPayee(payout);
    const account = await payoutStatus(db, payee);
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
            url: await payoutSetupPath(trx, payee),
          },
          { dedupeKey: `payout:${payout.id}:waiting` },
        );
      });
      outcomes.push("waiting_for_account");
      continue;
    }
    if (!order.stripeChargeId) throw new Error(`order ${orderId} has no charge to transfer from`);
    await sendPayout(db, stripe, payout, {
      stripeAccountId: account.stripeAccountId,
      chargeId: order.stripeChargeId,
      currency: order.currency,
    });
    outcomes.push("paid");
  }
  return outcomes;
}

/**
 * Re-queues the payouts that waited for this payee's account (a member's sales, a shop's
 * services), once the account can receive money: called after account.updated, and when the
 * payee comes back from onboarding.
 */
export async function requeueWaitingPayouts(trx: Db | Trx, payee: PayoutPayee): Promise<number> {
  const waiting = await trx
    .selectFrom("payouts")
    .select("orderId")
    .where("status", "=", "waiting_for_account")
    .$call((query) =>
      payee.kind === "shop"
        ? query.where("retailerId", "=", payee.retailerId)
        : query.where("payeeId", "=", payee.userId).where("retailerId", "is", null),
    )
    .execute();
  for (const { orderId } of waiting) await enqueueJob(trx, QUEUES.orderPayout, { orderId });
  return waiting.length;
}

/**
 * Refunds a cancelled, paid order in full: what is left on each line, in one Stripe refund (one
 * key per order). The lines are planned in the ledger first, so a retry after a crash sends the
 * same refund again and Stripe answers with the one it made.
 */
export async function refundOrder(
  db: Db,
  stripe: StripeClient,
  orderId: string,
): Promise<"refunded" | "nothing-to-refund"> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  if (order.stripeRefundId || !order.stripePaymentIntentId || order.status !== "cancelled") return "nothing-to-refund";
  await transaction(db, async (trx) => {
    await trx.selectFrom("orders").select("id").where("id", "=", orderId).forUpdate().execute();
    // Lines refunded earlier (a declined add-on) are not refunded twice.
    const lines = (await orderLines(trx, orderId)).filter((line) => line.amountCents > line.refundedCents);
    await planRefunds(trx, {
      orderId,
      purpose: "cancellation",
      oneRequest: true,
      lines: lines.map((line) => ({
        lineKey: line.key,
        payee: ledgerPayee(line.payee),
        amountCents: line.amountCents - line.refundedCents,
      })),
    });
  });
  const settled = await sendPendingRefunds(db, stripe, {
    orderId,
    purpose: "cancellation",
    onRefunded: async (trx, refund) => {
      await trx
        .updateTable("orders")
        .set({ stripeRefundId: refund.stripeRefundId, updatedAt: new Date() })
        .where("id", "=", orderId)
        .where("stripeRefundId", "is", null)
        .execute();
    },
  });
  return settled.length ? "refunded" : "nothing-to-refund";
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
