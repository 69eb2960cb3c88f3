import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ServiceLineStatus } from "~db/schema-retailers";
import { transaction } from "~db/transaction";
import { InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { formatMoney } from "~/lib/money";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { notify } from "~/modules/notifications/notify.server";
import { transitionOrder } from "~/modules/orders/orders.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { OPEN_SERVICE_STATUSES, openServiceLineCount } from "./order-services.server";
import { assertRetailerStaff } from "./retailers.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type Executor = Db | Trx;

/** The shared order-line shape (see the lines contract with the disputes work). */
export interface OrderLine {
  key: string;
  label: string;
  amountCents: number;
  refundedCents: number;
  payee: { kind: "seller"; userId: string } | { kind: "retailer"; retailerId: string };
}

/** The order's add-on lines, each paid to its retailer. */
export async function serviceLinesFor(db: Executor, orderId: string): Promise<OrderLine[]> {
  const rows = await db
    .selectFrom("orderServices")
    .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
    .select([
      "orderServices.id",
      "orderServices.title",
      "orderServices.priceCents",
      "orderServices.refundedCents",
      "orderServices.retailerId",
      "retailers.name as retailerName",
    ])
    .where("orderServices.orderId", "=", orderId)
    .orderBy("orderServices.createdAt")
    .orderBy("orderServices.id")
    .execute();
  return rows.map((row) => ({
    key: `service:${row.id}`,
    label: `${row.title} by ${row.retailerName}`,
    amountCents: row.priceCents,
    refundedCents: row.refundedCents,
    payee: { kind: "retailer", retailerId: row.retailerId },
  }));
}

/** The service lines of an order, for its buyer and seller (the order page). */
export async function serviceLinesForOrderPage(db: Executor, orderId: string) {
  return db
    .selectFrom("orderServices")
    .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
    .select([
      "orderServices.id",
      "orderServices.title",
      "orderServices.priceCents",
      "orderServices.refundedCents",
      "orderServices.platformFeeCents",
      "orderServices.status",
      "orderServices.kind",
      "orderServices.performedAt",
      "retailers.name as retailerName",
      "retailers.slug as retailerSlug",
    ])
    .where("orderServices.orderId", "=", orderId)
    .orderBy("orderServices.createdAt")
    .orderBy("orderServices.id")
    .execute();
}

/** A shop's incoming jobs: paid orders only (an unpaid checkout is not a job yet). */
export async function serviceJobsFor(db: Executor, retailerId: string, staffId: string) {
  await assertRetailerStaff(db, retailerId, staffId);
  return db
    .selectFrom("orderServices")
    .innerJoin("orders", "orders.id", "orderServices.orderId")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .innerJoin("users as buyer", "buyer.id", "orders.buyerId")
    .select([
      "orderServices.id",
      "orderServices.title",
      "orderServices.priceCents",
      "orderServices.platformFeeCents",
      "orderServices.status",
      "orderServices.performedAt",
      "orderServices.leadDays",
      "orderServices.createdAt",
      "orders.id as orderId",
      "orders.status as orderStatus",
      "orders.delivery",
      "orders.shipCity",
      "orders.paidAt",
      "listings.title as listingTitle",
      "listings.placeName",
      "buyer.displayName as buyerName",
      // The shop's payout for the order (one per retailer and order), once the order completes.
      (eb) =>
        eb
          .selectFrom("payouts")
          .select("payouts.status")
          .whereRef("payouts.orderId", "=", "orders.id")
          .whereRef("payouts.retailerId", "=", "orderServices.retailerId")
          .limit(1)
          .as("payoutStatus"),
    ])
    .where("orderServices.retailerId", "=", retailerId)
    .where("orders.paidAt", "is not", null)
    .orderBy("orderServices.createdAt", "desc")
    .limit(200)
    .execute();
}

type JobAction = "accept" | "decline" | "done";

const JOB_MOVES: Record<JobAction, { from: ServiceLineStatus[]; to: ServiceLineStatus }> = {
  accept: { from: ["requested"], to: "accepted" },
  decline: { from: ["requested", "accepted"], to: "declined" },
  done: { from: ["accepted"], to: "done" },
};

// Orders whose add-ons a shop may still act on: paid and not finished, cancelled or frozen.
const WORKABLE_ORDER_STATUSES = ["paid", "shipped", "ready_for_pickup", "received"] as const;

/**
 * One move of a service job, in one transaction: staff check, conditional update, event row,
 * notifications, and what follows (a refund job for a decline; completing an order that was only
 * waiting for this service).
 */
async function moveJob(db: Db, lineId: string, staffId: string, action: JobAction) {
  return transaction(db, async (trx) => {
    const line = await trx
      .selectFrom("orderServices")
      .selectAll()
      .where("id", "=", lineId)
      .forUpdate()
      .executeTakeFirst();
    if (!line) throw new NotFound("That job doesn't exist.");
    await assertRetailerStaff(trx, line.retailerId, staffId);
    const order = await trx
      .selectFrom("orders")
      .innerJoin("listings", "listings.id", "orders.listingId")
      .select(["orders.id", "orders.status", "orders.buyerId", "orders.sellerId", "listings.title"])
      .where("orders.id", "=", line.orderId)
      .executeTakeFirstOrThrow();
    const move = JOB_MOVES[action];
    if (!move.from.includes(line.status))
      throw new InvalidTransition(
        `A job that is ${line.status} can't be ${action === "done" ? "marked done" : `${action}d`}.`,
      );
    if (!(WORKABLE_ORDER_STATUSES as readonly string[]).includes(order.status))
      throw new InvalidTransition(`The order is ${order.status.replace("_", " ")}; this job can't change now.`);
    const updated = await trx
      .updateTable("orderServices")
      .set({
        status: move.to,
        updatedAt: new Date(),
        ...(action === "done" ? { doneAt: new Date() } : { decidedAt: new Date() }),
      })
      .where("id", "=", line.id)
      .where("status", "=", line.status)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("orderServiceEvents")
      .values({
        id: newId(),
        orderServiceId: line.id,
        actorId: staffId,
        event: action,
        fromStatus: line.status,
        toStatus: move.to,
        createdAt: sql<Date>`clock_timestamp()`,
      })
      .execute();
    const retailer = await trx
      .selectFrom("retailers")
      .select("name")
      .where("id", "=", line.retailerId)
      .executeTakeFirstOrThrow();
    const url = `/orders/${order.id}`;
    const dedupeKey = (who: string) => `order-service:${line.id}:${action}:${who}`;
    if (action === "decline") {
      await enqueueJob(trx, QUEUES.serviceRefund, { orderServiceId: line.id }, { singletonKey: line.id });
      for (const [userId, who] of [
        [order.buyerId, "buyer"],
        [order.sellerId, "seller"],
      ] as const)
        await notify(
          trx,
          userId,
          "service_update",
          {
            title: `${retailer.name} declined ${line.title}`,
            body:
              who === "buyer"
                ? `The shop can't do "${line.title}" for ${order.title}. You get ${formatMoney(line.priceCents)} back; the rest of the order goes ahead.`
                : `The shop can't do "${line.title}" for ${order.title}; the buyer is refunded for it. Nothing changes for you.`,
            url,
          },
          { dedupeKey: dedupeKey(who) },
        );
    } else {
      await notify(
        trx,
        order.buyerId,
        "service_update",
        action === "accept"
          ? { title: `${retailer.name} accepted ${line.title}`, body: `The shop will do it for ${order.title}.`, url }
          : {
              title: `${retailer.name} finished ${line.title}`,
              body: `The shop marked it done for ${order.title}.`,
              url,
            },
        { dedupeKey: dedupeKey("buyer") },
      );
    }
    // The buyer already confirmed receipt and this was the last open service: the order completes.
    let completed = false;
    if (action !== "accept" && order.status === "received" && (await openServiceLineCount(trx, order.id)) === 0) {
      await transitionOrder(trx, { orderId: order.id, event: "complete", actor: "system" });
      completed = true;
    }
    return { line: updated, orderId: order.id, completed };
  });
}

export const acceptServiceJob = (db: Db, lineId: string, staffId: string) => moveJob(db, lineId, staffId, "accept");
export const markServiceDone = (db: Db, lineId: string, staffId: string) => moveJob(db, lineId, staffId, "done");

export const serviceRefundIdempotencyKey = (orderId: string, lineId: string) =>
  `order:${orderId}:refund:service:${lineId}`;

/**
 * Declining refunds exactly that line: the decline commits with a queued refund job, then the
 * refund is tried at once (the job retries it if Stripe is unreachable).
 */
export async function declineServiceJob(db: Db, stripe: StripeClient, lineId: string, staffId: string) {
  const result = await moveJob(db, lineId, staffId, "decline");
  try {
    await refundServiceLine(db, stripe, lineId);
  } catch {
    // Left to the service-refund job queued with the decline.
  }
  return result;
}

/**
 * The partial refund of one declined line, with an idempotency key per order and line. The
 * order's refunded_cents follows the charge's own amount_refunded (the charge.refunded webhook
 * writes the same number), so it always equals everything refunded on the order.
 */
export async function refundServiceLine(
  db: Db,
  stripe: StripeClient,
  lineId: string,
): Promise<"refunded" | "nothing-to-refund"> {
  const line = await db
    .selectFrom("orderServices")
    .innerJoin("orders", "orders.id", "orderServices.orderId")
    .select([
      "orderServices.id",
      "orderServices.orderId",
      "orderServices.status",
      "orderServices.priceCents",
      "orderServices.refundedCents",
      "orderServices.stripeRefundId",
      "orders.stripePaymentIntentId",
      "orders.status as orderStatus",
    ])
    .where("orderServices.id", "=", lineId)
    .executeTakeFirst();
  if (!line) throw new NotFound("That job doesn't exist.");
  // A cancelled order's full refund already covers the line.
  if (
    line.status !== "declined" ||
    line.stripeRefundId ||
    !line.stripePaymentIntentId ||
    line.orderStatus === "cancelled"
  )
    return "nothing-to-refund";
  const amount = line.priceCents - line.refundedCents;
  if (amount <= 0) return "nothing-to-refund";
  const refund = await stripe.refunds.create(
    {
      payment_intent: line.stripePaymentIntentId,
      amount,
      metadata: { orderId: line.orderId, orderServiceId: line.id },
    },
    { idempotencyKey: serviceRefundIdempotencyKey(line.orderId, line.id) },
  );
  const chargeId = typeof refund.charge === "string" ? refund.charge : refund.charge?.id;
  const charge = chargeId ? await stripe.charges.retrieve(chargeId) : null;
  await transaction(db, async (trx) => {
    await trx
      .updateTable("orderServices")
      .set({ stripeRefundId: refund.id, refundedCents: line.refundedCents + refund.amount, updatedAt: new Date() })
      .where("id", "=", line.id)
      .where("stripeRefundId", "is", null)
      .execute();
    await trx
      .updateTable("orders")
      .set({
        refundedCents: charge
          ? sql<number>`greatest(refunded_cents, ${charge.amount_refunded})`
          : sql<number>`refunded_cents + ${refund.amount}`,
        updatedAt: new Date(),
      })
      .where("id", "=", line.orderId)
      .execute();
  });
  return "refunded";
}

export { OPEN_SERVICE_STATUSES };
