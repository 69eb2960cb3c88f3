import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { OrdersTable, OrderStatus } from "~db/schema-orders";
import { transaction } from "~db/transaction";
import { InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { formatMoney } from "~/lib/money";
import { checkTransition } from "~/lib/transitions";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { notify } from "~/modules/notifications/notify.server";
import { planPayout } from "~/modules/payments/gateway.server";
import { closeOpenOffers, markOfferPurchased } from "./offers.server";
import { orderMoney } from "~/modules/payments/ledger.server";
import { orderLines, payeeStatement, payeeTotals } from "./lines.server";
import {
  cancelServiceLines,
  createServicePayouts,
  openServiceLineCount,
  staffToNotifyOfJobs,
} from "~/modules/retailers/order-services.server";
import { ORDER_MACHINE, type OrderEvent, type OrderRole } from "./state-machine";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export type Order = Selectable<OrdersTable>;

/** A member acting on an order, an admin resolving a dispute (asAdmin), or the system (webhooks, jobs). */
export type OrderActor = { userId: string; asAdmin?: true } | "system";

export interface TransitionOptions {
  orderId: string;
  event: OrderEvent;
  actor: OrderActor;
  /** Columns recorded with the change (payment ids, tracking number). */
  patch?: Partial<
    Pick<Order, "stripePaymentIntentId" | "stripeChargeId" | "trackingNumber" | "stripeCheckoutSessionId">
  >;
  /** Days after shipping when the receipt is confirmed automatically. */
  autoReceiveDays?: number;
}

const TIMESTAMP_FOR: Partial<
  Record<OrderStatus, "paidAt" | "shippedAt" | "receivedAt" | "completedAt" | "cancelledAt">
> = {
  paid: "paidAt",
  shipped: "shippedAt",
  ready_for_pickup: "shippedAt",
  received: "receivedAt",
  completed: "completedAt",
  cancelled: "cancelledAt",
};

/**
 * The only code that changes an order's status. In one transaction: lock the order, check the
 * event against the state machine and the actor's role, update it conditionally, write an
 * order_events row, and do what the new state implies (release the listing, notify, queue jobs).
 * Illegal moves throw InvalidTransition (wrong state) or Forbidden (wrong person).
 */
export async function transitionOrder(db: Db, options: TransitionOptions): Promise<Order> {
  return transaction(db, async (trx) => {
    const order = await trx
      .selectFrom("orders")
      .selectAll()
      .where("id", "=", options.orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!order) throw new NotFound("That order doesn't exist.");
    const { actor } = options;
    const roles: OrderRole[] =
      actor === "system"
        ? ["system"]
        : actor.asAdmin
          ? ["admin"]
          : [
              ...(actor.userId === order.buyerId ? (["buyer"] as const) : []),
              ...(actor.userId === order.sellerId ? (["seller"] as const) : []),
            ];
    if (roles.length === 0) throw new NotFound("That order doesn't exist.");
    const to = checkTransition(ORDER_MACHINE, options.event, order, roles);
    // Retailers' add-ons: the order waits for every accepted (or undecided) service to be done.
    if (options.event === "complete" && (await openServiceLineCount(trx, order.id)) > 0)
      throw new InvalidTransition("This order is waiting for a shop to finish a service.");
    const timestampColumn = TIMESTAMP_FOR[to];
    const updated = await trx
      .updateTable("orders")
      .set({
        ...options.patch,
        status: to,
        updatedAt: sql<Date>`now()`,
        ...(timestampColumn ? { [timestampColumn]: sql<Date>`now()` } : {}),
      })
      .where("id", "=", order.id)
      .where("status", "=", order.status)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new InvalidTransition("The order changed in the meantime; reload and try again.");
    await trx
      .insertInto("orderEvents")
      .values({
        id: newId(),
        orderId: order.id,
        actorId: actor === "system" ? null : actor.userId,
        event: options.event,
        fromStatus: order.status,
        toStatus: to,
        // Not now(): several transitions in one transaction (received, completed) must keep their order.
        createdAt: sql<Date>`clock_timestamp()`,
      })
      .execute();
    await afterTransition(trx, order, updated, options);
    return updated;
  });
}

async function afterTransition(trx: Trx, before: Order, order: Order, options: TransitionOptions) {
  const url = `/orders/${order.id}`;
  const title = await listingTitle(trx, order.listingId);
  const dedupe = (who: string) => `order:${order.id}:${options.event}:${who}`;
  switch (options.event) {
    case "pay":
      // Paid: the offer it was bought at is used up, and every other negotiation on the item ends.
      if (order.offerId) await markOfferPurchased(trx, order.offerId);
      await closeOpenOffers(trx, order.listingId, "sold", { exceptOfferId: order.offerId });
      await notify(
        trx,
        order.sellerId,
        "order_paid",
        {
          title: `Sold: ${title}`,
          body: `The buyer paid ${formatMoney(order.totalCents)}. ${order.delivery === "shipping" ? "Ship it and mark it as shipped." : "Mark it ready for pickup when it is."}`,
          url,
        },
        { dedupeKey: dedupe("seller") },
      );
      await notify(
        trx,
        order.buyerId,
        "order_paid",
        { title: `Payment received for ${title}`, body: `You paid ${formatMoney(order.totalCents)}.`, url },
        { dedupeKey: dedupe("buyer") },
      );
      for (const job of await staffToNotifyOfJobs(trx, order.id))
        await notify(
          trx,
          job.userId,
          "service_job",
          {
            title: `New service job: ${job.title}`,
            body: `A buyer added "${job.title}" to their purchase of ${title}. Accept or decline it.`,
            url: `/retailers/${job.slug}/jobs`,
          },
          { dedupeKey: `order-service:${job.id}:new:${job.userId}` },
        );
      return;
    case "ship":
    case "markReady": {
      const shipped = options.event === "ship";
      await notify(
        trx,
        order.buyerId,
        "order_shipped",
        {
          title: shipped ? `${title} is on its way` : `${title} is ready for pickup`,
          body: shipped
            ? `The seller shipped your item${order.trackingNumber ? ` (tracking ${order.trackingNumber})` : ""}. Confirm receipt when it arrives.`
            : "Arrange the pickup with the seller, then confirm receipt.",
          url,
        },
        { dedupeKey: dedupe("buyer") },
      );
      if (shipped) {
        const days = options.autoReceiveDays ?? 7;
        await enqueueJob(
          trx,
          QUEUES.orderAutoReceive,
          { orderId: order.id },
          { startAfter: new Date(Date.now() + days * 24 * 3600 * 1000), singletonKey: order.id },
        );
      }
      return;
    }
    case "confirmReceipt":
      await notify(
        trx,
        order.sellerId,
        "order_received",
        {
          title: `${title} was received`,
          body: "The buyer has the item; your payout is on its way.",
          url,
        },
        { dedupeKey: dedupe("seller") },
      );
      return;
    case "complete":
    case "release": {
      // A release may follow a completion (a dispute opened after it): the listing is sold already.
      const listing = await trx
        .selectFrom("listings")
        .select("status")
        .where("id", "=", order.listingId)
        .executeTakeFirst();
      if (listing && (listing.status === "reserved" || listing.status === "active"))
        await transitionListing(trx, { listingId: order.listingId, action: "markSold", actor: "system" });
      // An admin's release ends the order: services not done by then are cancelled, not paid; the
      // dispute's decision refunds them to the buyer (disputes/resolve.server.ts).
      if (options.event === "release") await cancelServiceLines(trx, order.id, newId, { openOnly: true });
      // Each payee's payable lines − refunds − the fee on them (lines.server.ts): the seller's item
      // and shipping, each shop's done add-ons. A payout already made is left as is.
      const totals = payeeTotals(await orderLines(trx, order.id));
      const amount = totals.find((total) => total.payee.kind === "seller")?.netCents ?? 0;
      const servicePayouts = await createServicePayouts(
        trx,
        order.id,
        totals.flatMap((total) =>
          total.payee.kind === "retailer" ? [{ retailerId: total.payee.retailerId, amountCents: total.netCents }] : [],
        ),
      );
      if (servicePayouts > 0 && amount <= 0)
        await enqueueJob(trx, QUEUES.orderPayout, { orderId: order.id }, { singletonKey: order.id });
      if (amount > 0) {
        await planPayout(trx, {
          orderId: order.id,
          payee: { kind: "member", userId: order.sellerId },
          notifyUserId: order.sellerId,
          purpose: "sale",
          amountCents: amount,
        });
        await enqueueJob(trx, QUEUES.orderPayout, { orderId: order.id }, { singletonKey: order.id });
      }
      for (const [userId, who] of [
        [order.sellerId, "seller"],
        [order.buyerId, "buyer"],
      ] as const)
        await notify(
          trx,
          userId,
          "order_completed",
          {
            title: `Order complete: ${title}`,
            body: who === "seller" ? `${formatMoney(amount)} is being paid out to you.` : "Thanks for buying on Stoop.",
            url,
          },
          { dedupeKey: dedupe(who) },
        );
      return;
    }
    case "cancel":
    case "abandon":
    case "expire":
    case "paymentFailed":
    case "checkoutFailed":
    case "inspectionFailed":
      await transitionListing(trx, { listingId: order.listingId, action: "release", actor: "system" });
      await cancelServiceLines(trx, order.id, newId);
      if (before.status !== "pending_payment") {
        // Paid: refund in full. The job does the Stripe call after this commits (idempotency key per order).
        await enqueueJob(trx, QUEUES.orderRefund, { orderId: order.id }, { singletonKey: order.id });
        for (const userId of [order.buyerId, order.sellerId])
          await notify(
            trx,
            userId,
            "order_cancelled",
            {
              title: `Order cancelled: ${title}`,
              body: `The order was cancelled before ${order.delivery === "shipping" ? "shipping" : "pickup"}; the buyer gets a full refund of ${formatMoney(order.totalCents)}.`,
              url,
            },
            { dedupeKey: `order:${order.id}:cancel:${userId}` },
          );
      }
      return;
    case "refundInFull":
      // The disputes module refunds, handles the listing and tells everyone (with the admin's reason).
      await cancelServiceLines(trx, order.id, newId);
      return;
    case "dispute":
      // A buyer's dispute is announced by the disputes module (with the reason); a chargeback here.
      if (options.actor !== "system") return;
      for (const userId of [order.buyerId, order.sellerId])
        await notify(
          trx,
          userId,
          "dispute_opened",
          {
            title: `Payment disputed: ${title}`,
            body: "The card payment for this order was disputed with the bank. The order is on hold until it is resolved.",
            url,
          },
          { dedupeKey: `order:${order.id}:dispute:${userId}` },
        );
      return;
  }
}

async function listingTitle(trx: Trx, listingId: string): Promise<string> {
  const row = await trx.selectFrom("listings").select("title").where("id", "=", listingId).executeTakeFirst();
  return row?.title ?? "your item";
}

/**
 * Buyer confirms receipt: received, then completed (which queues the payouts), in one transaction.
 * While a shop's service on the order is still open the order stays received; the shop marking
 * the last service done completes it.
 */
export async function confirmReceipt(db: Db, orderId: string, actor: OrderActor): Promise<Order> {
  return transaction(db, async (trx) => {
    const received = await transitionOrder(trx, { orderId, event: "confirmReceipt", actor });
    if ((await openServiceLineCount(trx, orderId)) > 0) return received;
    return transitionOrder(trx, { orderId, event: "complete", actor: "system" });
  });
}

export async function markShipped(
  db: Db,
  orderId: string,
  sellerId: string,
  options: { trackingNumber?: string | null; autoReceiveDays: number },
): Promise<Order> {
  return transitionOrder(db, {
    orderId,
    event: "ship",
    actor: { userId: sellerId },
    patch: { trackingNumber: options.trackingNumber || null },
    autoReceiveDays: options.autoReceiveDays,
  });
}

export const markReadyForPickup = (db: Db, orderId: string, sellerId: string) =>
  transitionOrder(db, { orderId, event: "markReady", actor: { userId: sellerId } });

/** The automatic receipt: only if the order is still shipped (the buyer may have confirmed or a dispute frozen it). */
export async function autoReceive(db: Db, orderId: string): Promise<"received" | "skipped"> {
  return transaction(db, async (trx) => {
    const order = await trx.selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirst();
    if (order?.status !== "shipped") return "skipped";
    await confirmReceipt(trx, orderId, "system");
    return "received";
  });
}

// ---------------------------------------------------------------- reading

export async function getOrderFor(db: Db, orderId: string, userId: string) {
  const order = await db
    .selectFrom("orders")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .innerJoin("users as buyer", "buyer.id", "orders.buyerId")
    .innerJoin("users as seller", "seller.id", "orders.sellerId")
    .selectAll("orders")
    .select(["listings.title as listingTitle", "buyer.displayName as buyerName", "seller.displayName as sellerName"])
    .where("orders.id", "=", orderId)
    .where((eb) => eb.or([eb("orders.buyerId", "=", userId), eb("orders.sellerId", "=", userId)]))
    .executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  const events = await db
    .selectFrom("orderEvents")
    .select(["id", "event", "fromStatus", "toStatus", "actorId", "createdAt"])
    .where("orderId", "=", orderId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  const payouts =
    order.sellerId === userId
      ? await db
          .selectFrom("payouts")
          .select(["id", "amountCents", "status", "purpose", "stripeTransferId", "createdAt"])
          .where("orderId", "=", orderId)
          .where("payeeId", "=", userId)
          .execute()
      : [];
  const role = order.sellerId === userId ? ("seller" as const) : ("buyer" as const);
  // The figures the page shows, read from the ledger (the same numbers the transfers and refunds use).
  const money = {
    refundedCents: (await orderMoney(db, orderId)).refundedCents,
    seller: role === "seller" ? await payeeStatement(db, orderId, { kind: "seller", userId: order.sellerId }) : null,
  };
  return { order, events, payouts, role, money };
}

export async function listOrders(db: Db, userId: string, side: "purchases" | "sales") {
  return (
    db
      .selectFrom("orders")
      .innerJoin("listings", "listings.id", "orders.listingId")
      .select([
        "orders.id",
        "orders.status",
        "orders.totalCents",
        "orders.platformFeeCents",
        "orders.delivery",
        "orders.createdAt",
        "listings.title as listingTitle",
        // The seller's payout for the sale (null for purchases and unfinished orders).
        (eb) =>
          eb
            .selectFrom("payouts")
            .select("payouts.status")
            .whereRef("payouts.orderId", "=", "orders.id")
            .where("payouts.payeeId", "=", userId)
            .limit(1)
            .as("payoutStatus"),
        // What went back to the buyer: the ledger's succeeded refunds.
        (eb) =>
          eb
            .selectFrom("moneyMovements")
            .select(sql<number>`coalesce(sum(amount_cents), 0)::int`.as("cents"))
            .whereRef("moneyMovements.orderId", "=", "orders.id")
            .where("moneyMovements.kind", "=", "refund")
            .where("moneyMovements.status", "=", "succeeded")
            .as("refundedCents"),
      ])
      .where(side === "purchases" ? "orders.buyerId" : "orders.sellerId", "=", userId)
      // Abandoned checkouts are noise in a seller's list.
      .$if(side === "sales", (query) => query.where("orders.status", "!=", "pending_payment"))
      .orderBy("orders.createdAt", "desc")
      .limit(100)
      .execute()
  );
}
