import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { DisputeResolution } from "~db/schema-disputes";
import { transaction } from "~db/transaction";
import { InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { formatMoney } from "~/lib/money";
import { recordAudit } from "~/modules/admin/audit-log.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { notify } from "~/modules/notifications/notify.server";
import { ledgerPayee, orderLines, payeeTotals, unfinishedAddOns, type OrderLine } from "~/modules/orders/lines.server";
import { payOutNow } from "~/modules/orders/money.server";
import { transitionOrder } from "~/modules/orders/orders.server";
import {
  keptOfPayout,
  payoutPayee,
  planRefunds,
  planReversal,
  sendPendingRefunds,
  sendPendingReversals,
} from "~/modules/payments/gateway.server";
import { refundedByDispute } from "~/modules/payments/ledger.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { assertAdmin, assertNotOwnOrder, type Person } from "./disputes.server";
import { transitionDispute } from "./transitions.server";
import { resolutionSchema, type ResolutionInput } from "./schemas.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/**
 * An admin's decision on a dispute, carried out as one idempotent operation in three steps:
 *
 * 1. Plan (one transaction): check the decision against the order's lines, then write every
 *    refund (per line) and every transfer reversal (per payee already paid) as a pending row with
 *    the idempotency key its Stripe call will use, and mark the case `resolving`.
 * 2. Money: the gateway sends each pending row to Stripe with its key and marks it done with the
 *    Stripe id (and audited) in its own small transaction.
 * 3. Finish (one transaction): the order leaves `disputed` through the state machine, the case is
 *    `resolved`, everyone is told why; a release then pays the payees.
 *
 * A crash anywhere is mended by running it again: step 1 is skipped (the plan is stored), step 2
 * replays the same keys (Stripe answers with the refund or reversal it already made, never a
 * second one), step 3 runs once. A resolved case is left alone.
 */
export async function resolveDispute(
  db: Db,
  stripe: StripeClient,
  admin: Person,
  disputeId: string,
  input: ResolutionInput,
): Promise<"resolved" | "already-resolved"> {
  const planned = await transaction(db, (trx) => plan(trx, admin, disputeId, input));
  if (planned === "already-resolved") return planned;
  await moveMoney(db, stripe, admin, disputeId);
  const finished = await transaction(db, (trx) => finish(trx, admin, disputeId));
  if (finished.release) await payOutNow(db, stripe, finished.orderId);
  return "resolved";
}

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

async function plan(
  trx: Trx,
  admin: Person,
  disputeId: string,
  input: ResolutionInput,
): Promise<"planned" | "already-resolved"> {
  const dispute = await trx
    .selectFrom("disputes")
    .select(["id", "orderId", "status"])
    .where("id", "=", disputeId)
    .forUpdate()
    .executeTakeFirst();
  if (!dispute) throw new NotFound("That dispute doesn't exist.");
  await assertAdmin(trx, admin.id);
  await assertNotOwnOrder(trx, admin.id, dispute.orderId);
  if (dispute.status === "resolved") return "already-resolved";
  // Resolving: a plan is stored; carry it out as it was decided (a retry, not a new decision).
  if (dispute.status === "resolving") return "planned";

  const parsed = resolutionSchema.safeParse(input);
  if (!parsed.success)
    throw new InvalidInput(parsed.error.issues[0]?.message ?? "Check the decision.", fieldErrors(parsed.error.issues));
  const decision = parsed.data;
  const order = await trx
    .selectFrom("orders")
    .select(["id", "status", "platformFeeCents", "stripePaymentIntentId"])
    .where("id", "=", dispute.orderId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (order.status !== "disputed") throw new InvalidTransition("This order is not on hold for a dispute.");
  const lines = await orderLines(trx, order.id);

  const refunds: { key: string; amountCents: number }[] = [];
  if (decision.kind === "full_refund") {
    for (const line of lines)
      if (line.amountCents > line.refundedCents)
        refunds.push({ key: line.key, amountCents: line.amountCents - line.refundedCents });
  } else if (decision.kind === "partial_refund") {
    const errors: Record<string, string[]> = {};
    for (const wanted of decision.lines) {
      const line = lines.find((candidate) => candidate.key === wanted.key);
      if (!line) {
        errors[`lines.${wanted.key}`] = ["This order has no such line"];
        continue;
      }
      const left = line.amountCents - line.refundedCents;
      if (wanted.amountCents > left)
        errors[`lines.${wanted.key}`] = [`At most ${formatMoney(left)} is left to refund on ${line.label}`];
      else if (wanted.amountCents > 0) refunds.push({ ...wanted });
    }
    if (Object.keys(errors).length)
      throw new InvalidInput("Some amounts are more than is left to refund on their line.", errors);
  }
  if (decision.kind !== "full_refund") refundUnfinishedAddOns(lines, refunds);
  if (refunds.length && !order.stripePaymentIntentId)
    throw new InvalidTransition("This order has no payment to refund.");

  await planRefunds(trx, {
    orderId: order.id,
    purpose: `dispute:${disputeId}`,
    disputeId,
    lines: refunds.map((refund) => ({
      lineKey: refund.key,
      payee: ledgerPayee(lines.find((line) => line.key === refund.key)!.payee),
      amountCents: refund.amountCents,
    })),
  });

  // What each payee should end up with after these refunds; take back what was paid beyond it.
  const totals = payeeTotals(await orderLines(trx, order.id));
  const payouts = await trx
    .selectFrom("payouts")
    .select(["id", "payeeId", "retailerId", "amountCents", "status"])
    .where("orderId", "=", order.id)
    .execute();
  for (const payout of payouts) {
    // A shop's payout carries its retailer; the seller's doesn't.
    const total = totals.find((candidate) =>
      payout.retailerId
        ? candidate.payee.kind === "retailer" && candidate.payee.retailerId === payout.retailerId
        : candidate.payee.kind === "seller" && candidate.payee.userId === payout.payeeId,
    );
    if (!total) continue;
    const net = decision.kind === "full_refund" ? 0 : total.netCents;
    if (payout.status === "paid") {
      const kept = await keptOfPayout(trx, payout.id);
      if (kept > net)
        await planReversal(trx, {
          orderId: order.id,
          payoutId: payout.id,
          payee: payoutPayee(payout),
          disputeId,
          amountCents: kept - net,
        });
    } else if (net === 0) {
      // Not sent yet (the order is frozen): nothing to take back, only nothing to send.
      await trx.deleteFrom("payouts").where("id", "=", payout.id).where("status", "!=", "paid").execute();
    } else {
      await trx
        .updateTable("payouts")
        .set({ amountCents: net, updatedAt: new Date() })
        .where("id", "=", payout.id)
        .where("status", "!=", "paid")
        .execute();
    }
  }

  const resolution: DisputeResolution =
    decision.kind === "partial_refund" ? { kind: "partial_refund", lines: refunds, note: decision.note } : decision;
  await transitionDispute(trx, {
    dispute,
    event: "decide",
    actorId: admin.id,
    patch: { resolution: JSON.stringify(resolution), resolvedBy: admin.id },
  });
  await recordAudit(trx, {
    actor: admin,
    action: "dispute.decided",
    subject: { type: "dispute", id: disputeId },
    reason: decision.note,
    amountCents: refunds.reduce((sum, refund) => sum + refund.amountCents, 0),
    details: { orderId: order.id, resolution },
  });
  return "planned";
}

/**
 * A release or a partial refund ends the order, and an add-on the shop has not finished by then is
 * cancelled: nobody will ever be paid for it, so what is left on it goes back to the buyer with the
 * same decision (added to what the admin already refunds on that line, under the line's one key).
 */
export function refundUnfinishedAddOns(lines: OrderLine[], refunds: { key: string; amountCents: number }[]) {
  for (const line of unfinishedAddOns(lines)) {
    const planned = refunds.find((refund) => refund.key === line.key);
    const left = line.amountCents - line.refundedCents - (planned?.amountCents ?? 0);
    if (left <= 0) continue;
    if (planned) planned.amountCents += left;
    else refunds.push({ key: line.key, amountCents: left });
  }
}

async function moveMoney(db: Db, stripe: StripeClient, admin: Person, disputeId: string): Promise<void> {
  const { orderId } = await db
    .selectFrom("disputes")
    .select("orderId")
    .where("id", "=", disputeId)
    .executeTakeFirstOrThrow();
  await sendPendingRefunds(db, stripe, {
    orderId,
    disputeId,
    onRefunded: (trx, refund) =>
      recordAudit(trx, {
        actor: admin,
        action: "dispute.refunded",
        subject: { type: "dispute", id: disputeId },
        amountCents: refund.amountCents,
        details: { orderId, lineKey: refund.lines[0]!.lineKey, stripeRefundId: refund.stripeRefundId },
      }),
  });
  await sendPendingReversals(db, stripe, {
    orderId,
    disputeId,
    onReversed: (trx, reversal) =>
      recordAudit(trx, {
        actor: admin,
        action: "dispute.transfer_reversed",
        subject: { type: "dispute", id: disputeId },
        amountCents: reversal.amountCents,
        details: {
          orderId,
          payeeId: reversal.payeeId,
          stripeTransferId: reversal.stripeTransferId,
          stripeReversalId: reversal.stripeReversalId,
        },
      }),
  });
}

async function finish(trx: Trx, admin: Person, disputeId: string): Promise<{ orderId: string; release: boolean }> {
  const dispute = await trx
    .selectFrom("disputes")
    .select(["id", "orderId", "status", "resolution", "resolvedBy"])
    .where("id", "=", disputeId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const resolution = dispute.resolution!;
  const release = resolution.kind !== "full_refund";
  if (dispute.status === "resolved") return { orderId: dispute.orderId, release };
  const order = await trx
    .selectFrom("orders")
    .select(["id", "status", "listingId", "buyerId", "sellerId", "totalCents"])
    .where("id", "=", dispute.orderId)
    .executeTakeFirstOrThrow();
  const decider = { userId: admin.id, asAdmin: true as const };
  if (order.status === "disputed")
    await transitionOrder(trx, {
      orderId: order.id,
      event: resolution.kind === "full_refund" ? "refundInFull" : "release",
      actor: decider,
    });
  if (resolution.kind === "full_refund") {
    // Returned: the item is for sale again (if it was still held for this order). Kept by the buyer: sold.
    // A service-only order (a bought quote) has no item.
    const listingId = order.listingId;
    const listing = listingId
      ? await trx.selectFrom("listings").select("status").where("id", "=", listingId).executeTakeFirstOrThrow()
      : null;
    if (listingId && listing?.status === "reserved")
      await transitionListing(trx, {
        listingId,
        action: resolution.itemReturned ? "release" : "markSold",
        actor: "system",
      });
  }
  await transitionDispute(trx, {
    dispute,
    event: "resolve",
    actorId: admin.id,
    patch: { resolvedAt: sql<Date>`now()` },
  });

  const refunded = { cents: await refundedByDispute(trx, disputeId) };
  const title =
    (order.listingId
      ? await trx.selectFrom("listings").select("title").where("id", "=", order.listingId).executeTakeFirst()
      : await trx.selectFrom("orderServices").select("title").where("orderId", "=", order.id).executeTakeFirst()
    )?.title ?? "your order";
  const outcome =
    resolution.kind === "full_refund"
      ? `The buyer is refunded in full (${formatMoney(refunded.cents)})${resolution.itemReturned ? " and the item goes back to the seller" : ""}.`
      : resolution.kind === "partial_refund"
        ? `The buyer is refunded ${formatMoney(refunded.cents)}; the rest is paid to the seller.`
        : refunded.cents > 0
          ? `The payment is released to the seller; the add-ons the shop didn't finish are refunded to the buyer (${formatMoney(refunded.cents)}).`
          : "The payment is released to the seller.";
  // The parties, and the deciding admin as a receipt of what was carried out.
  for (const userId of [order.buyerId, order.sellerId, admin.id].filter((id): id is string => id !== null))
    await notify(
      trx,
      userId,
      "dispute_resolved",
      {
        title: `Dispute resolved: ${title}`,
        body: `${outcome} Reason: ${resolution.note}`,
        url: `/orders/${order.id}/dispute`,
      },
      { dedupeKey: `dispute:${disputeId}:resolved:${userId}` },
    );
  await recordAudit(trx, {
    actor: admin,
    action: "dispute.resolved",
    subject: { type: "dispute", id: disputeId },
    reason: resolution.note,
    amountCents: refunded.cents,
    details: { orderId: order.id, kind: resolution.kind, outcome },
  });
  return { orderId: order.id, release };
}
