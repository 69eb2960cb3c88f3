import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { OrdersTable, OrderStatus } from "~db/schema-orders";
import { transaction } from "~db/transaction";
import { InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { checkTransition } from "~/lib/transitions";
import { runEffects } from "~/lib/effects.server";
import { orderMoney } from "~/modules/payments/ledger.server";
import { orderLines, payeeStatement, payeeTotals } from "./lines.server";
import { FACTS_FOR, NO_ORDER_FACTS, orderEffects, type OrderEffectFacts } from "./order-effects";
import { openServiceLineCount, staffToNotifyOfJobs } from "./service-lines.server";
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
 * order_events row, and carry out what the new state implies (release the listing, notify, queue
 * jobs): order-effects.ts plans it as data, the effects dispatcher runs it in the same transaction.
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
    // What the new state implies (release the listing, notify, queue jobs, plan payouts), as data.
    const facts = await readOrderFacts(trx, options.event, updated, options);
    await runEffects(trx, orderEffects(options.event, order, updated, actor === "system" ? "system" : "member", facts));
    return updated;
  });
}

/**
 * The facts orderEffects plans from, read in the transaction after the update (only those the
 * event's plan uses).
 */
async function readOrderFacts(trx: Trx, event: OrderEvent, order: Order, options: TransitionOptions) {
  const facts: OrderEffectFacts = {
    ...NO_ORDER_FACTS,
    listingTitle: await orderTitle(trx, order),
    now: new Date(),
    autoReceiveDays: options.autoReceiveDays ?? 7,
  };
  if (FACTS_FOR.listingStatus(event) && order.listingId) {
    const listing = await trx
      .selectFrom("listings")
      .select("status")
      .where("id", "=", order.listingId)
      .executeTakeFirst();
    facts.listingStatus = listing?.status ?? null;
  }
  if (FACTS_FOR.newJobs(event)) facts.newJobs = await staffToNotifyOfJobs(trx, order.id);
  if (FACTS_FOR.owed(event)) {
    // Only done add-ons are payable, so cancelling the open ones (a release) leaves these totals as they are.
    const totals = payeeTotals(await orderLines(trx, order.id));
    const shops: OrderEffectFacts["owed"]["shops"] = [];
    for (const total of totals) {
      if (total.payee.kind !== "retailer" || total.netCents <= 0) continue;
      const retailer = await trx
        .selectFrom("retailers")
        .select("ownerId")
        .where("id", "=", total.payee.retailerId)
        .executeTakeFirstOrThrow();
      shops.push({ retailerId: total.payee.retailerId, ownerId: retailer.ownerId, amountCents: total.netCents });
    }
    facts.owed = {
      sellerCents: totals.find((total) => total.payee.kind === "seller")?.netCents ?? 0,
      shops,
    };
  }
  if (FACTS_FOR.refundDue(event))
    facts.refundDueCents = (await orderLines(trx, order.id)).reduce(
      (due, line) => due + Math.max(0, line.amountCents - line.refundedCents),
      0,
    );
  return facts;
}

/** What the notices call the order: the item's title, or a service-only order's service. */
async function orderTitle(trx: Trx, order: Pick<Order, "id" | "listingId">): Promise<string> {
  if (!order.listingId) {
    const line = await trx
      .selectFrom("orderServices")
      .select("title")
      .where("orderId", "=", order.id)
      .executeTakeFirst();
    return line?.title ?? "your service";
  }
  const row = await trx.selectFrom("listings").select("title").where("id", "=", order.listingId).executeTakeFirst();
  return row?.title ?? "your item";
}

/**
 * Buyer confirms receipt: received, then completed (which queues the payouts), in one transaction.
 * While a shop's service on the order is still open the order stays received; the shop marking
 * the last service done completes it.
 */
export async function confirmReceipt(db: Db, orderId: string, actor: OrderActor): Promise<Order> {
  return receiveAndComplete(db, orderId, "confirmReceipt", actor);
}

/**
 * The receipt of either kind, the buyer's confirmation or the seller's handover (handover.server.ts):
 * received, then completed unless a shop's service is still open.
 */
export async function receiveAndComplete(
  db: Db,
  orderId: string,
  event: "confirmReceipt" | "handOver",
  actor: OrderActor,
): Promise<Order> {
  return transaction(db, async (trx) => {
    const received = await transitionOrder(trx, { orderId, event, actor });
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
    const order = await trx
      .selectFrom("orders")
      .select(["status", "kind"])
      .where("id", "=", orderId)
      .executeTakeFirst();
    // A service-only order: the automatic confirmation of the shop's finished job (ADR 038).
    if (order?.kind === "service") {
      if (order.status !== "paid" || !(await serviceOrderIsDone(trx, orderId))) return "skipped";
      await confirmServiceDone(trx, orderId, "system");
      return "received";
    }
    if (order?.status !== "shipped") return "skipped";
    await confirmReceipt(trx, orderId, "system");
    return "received";
  });
}

/** Whether a service-only order's line is done (the shop marked it so). */
async function serviceOrderIsDone(trx: Db | Trx, orderId: string): Promise<boolean> {
  const line = await trx.selectFrom("orderServices").select("status").where("orderId", "=", orderId).executeTakeFirst();
  return line?.status === "done";
}

/**
 * The member confirms the shop's job on a service-only order is done (or the system does after
 * the window): received, then completed, which plans the shop's payout. Refused until the shop
 * marked the job done.
 */
export async function confirmServiceDone(db: Db, orderId: string, actor: OrderActor): Promise<Order> {
  return transaction(db, async (trx) => {
    const order = await trx
      .selectFrom("orders")
      .select(["buyerId", "kind", "status"])
      .where("id", "=", orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!order || (actor !== "system" && !actor.asAdmin && order.buyerId !== actor.userId))
      throw new NotFound("That order doesn't exist.");
    if (order.kind === "service" && order.status === "paid" && !(await serviceOrderIsDone(trx, orderId)))
      throw new InvalidTransition("The shop hasn't marked the job done yet.");
    const received = await transitionOrder(trx, { orderId, event: "confirmService", actor });
    if ((await openServiceLineCount(trx, orderId)) > 0) return received;
    return transitionOrder(trx, { orderId, event: "complete", actor: "system" });
  });
}

// ---------------------------------------------------------------- reading

export async function getOrderFor(db: Db, orderId: string, userId: string) {
  const order = await db
    .selectFrom("orders")
    // A service-only order (a bought quote) has no listing and no seller: its title is the request's.
    .leftJoin("listings", "listings.id", "orders.listingId")
    .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
    .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .innerJoin("users as buyer", "buyer.id", "orders.buyerId")
    .leftJoin("users as seller", "seller.id", "orders.sellerId")
    .selectAll("orders")
    .select([
      sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("listingTitle"),
      "wantedRequests.id as wantedRequestId",
      "buyer.displayName as buyerName",
      sql<string>`coalesce(seller.display_name, '')`.as("sellerName"),
    ])
    .where("orders.id", "=", orderId)
    .executeTakeFirst();
  // A bought quote's page is also its shop's staff's (ADR 038): they see the job and their share.
  const shopLine =
    order && order.kind === "service" && order.buyerId !== userId
      ? await db
          .selectFrom("orderServices")
          .innerJoin("retailerStaff", "retailerStaff.retailerId", "orderServices.retailerId")
          .select("orderServices.retailerId")
          .where("orderServices.orderId", "=", orderId)
          .where("retailerStaff.userId", "=", userId)
          .executeTakeFirst()
      : undefined;
  if (!order || (order.buyerId !== userId && order.sellerId !== userId && !shopLine))
    throw new NotFound("That order doesn't exist.");
  const events = await db
    .selectFrom("orderEvents")
    .select(["id", "event", "fromStatus", "toStatus", "actorId", "createdAt"])
    .where("orderId", "=", orderId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  const payouts =
    order.sellerId !== null && order.sellerId === userId
      ? await db
          .selectFrom("payouts")
          .select(["id", "amountCents", "status", "purpose", "stripeTransferId", "createdAt"])
          .where("orderId", "=", orderId)
          .where("payeeId", "=", userId)
          .execute()
      : [];
  const role = shopLine
    ? ("shop" as const)
    : order.sellerId !== null && order.sellerId === userId
      ? ("seller" as const)
      : ("buyer" as const);
  // The figures the page shows, read from the ledger (the same numbers the transfers and refunds use).
  const money = {
    refundedCents: (await orderMoney(db, orderId)).refundedCents,
    seller: role === "seller" ? await payeeStatement(db, orderId, { kind: "seller", userId }) : null,
    shop: shopLine ? await payeeStatement(db, orderId, { kind: "retailer", retailerId: shopLine.retailerId }) : null,
  };
  return { order, events, payouts, role, money };
}

export async function listOrders(db: Db, userId: string, side: "purchases" | "sales") {
  return (
    db
      .selectFrom("orders")
      .leftJoin("listings", "listings.id", "orders.listingId")
      .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
      .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
      .select([
        "orders.id",
        "orders.status",
        "orders.totalCents",
        "orders.platformFeeCents",
        "orders.delivery",
        "orders.createdAt",
        "orders.kind",
        sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("listingTitle"),
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
