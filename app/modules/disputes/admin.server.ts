import { movementsOfOrder, orderMoney } from "~/modules/payments/ledger.server";
import { messagesAboutOrder } from "~/modules/community/messages.server";
import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { NotFound } from "~/lib/errors";
import { listAuditLog } from "~/modules/admin/audit-log.server";
import { listingSnapshotFor } from "~/modules/orders/listing-snapshot.server";
import { orderLines, unfinishedAddOns } from "~/modules/orders/lines.server";
import { DISPUTE_SLA_HOURS, threadOf } from "./disputes.server";

type Db = Kysely<Database>;

/**
 * The admin queue: open cases oldest first, each with its SLA clock (a decision is due
 * DISPUTE_SLA_HOURS after opening), its assignee and, for chargebacks, the evidence due date.
 */
export async function disputeQueue(db: Db, now = new Date()) {
  const rows = await db
    .selectFrom("disputes")
    .innerJoin("orders", "orders.id", "disputes.orderId")
    // A service-only order (a bought quote) has no listing: it is named by the request it answers.
    .leftJoin("listings", "listings.id", "orders.listingId")
    .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
    .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .leftJoin("users as assignee", "assignee.id", "disputes.assignedAdminId")
    .select([
      "disputes.id",
      "disputes.orderId",
      "disputes.status",
      "disputes.source",
      "disputes.reason",
      "disputes.createdAt",
      "disputes.stripeDisputeId",
      "disputes.stripeStatus",
      "disputes.evidenceDueBy",
      "disputes.assignedAdminId",
      "assignee.displayName as assigneeName",
      "orders.totalCents",
      "orders.buyerId",
      "orders.sellerId",
      sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("listingTitle"),
    ])
    .where("disputes.status", "!=", "resolved")
    .orderBy("disputes.createdAt")
    .orderBy("disputes.id")
    .limit(200)
    .execute();
  return rows.map((row) => {
    const dueAt = new Date(row.createdAt.getTime() + DISPUTE_SLA_HOURS * 3600 * 1000);
    return {
      ...row,
      ageHours: Math.floor((now.getTime() - row.createdAt.getTime()) / 3600_000),
      dueAt,
      overdue: now > dueAt,
    };
  });
}

export async function listAdmins(db: Db) {
  return db
    .selectFrom("users")
    .select(["id", "displayName"])
    .where("role", "=", "admin")
    .where("deletedAt", "is", null)
    .orderBy("displayName")
    .execute();
}

/**
 * Everything an admin needs on one screen: the case, the order and its timeline, the listing as
 * bought, the parties, the thread with evidence, the lines and every money movement.
 * `ownOrder`: the admin is a party, so the page offers no decision (the module refuses it anyway).
 */
export async function adminDisputeView(db: Db, adminId: string, disputeId: string, now = new Date()) {
  const dispute = await db
    .selectFrom("disputes")
    .leftJoin("users as assignee", "assignee.id", "disputes.assignedAdminId")
    .leftJoin("users as resolver", "resolver.id", "disputes.resolvedBy")
    .selectAll("disputes")
    .select(["assignee.displayName as assigneeName", "resolver.displayName as resolverName"])
    .where("disputes.id", "=", disputeId)
    .executeTakeFirst();
  if (!dispute) throw new NotFound("That dispute doesn't exist.");
  const order = await db
    .selectFrom("orders")
    .innerJoin("users as buyer", "buyer.id", "orders.buyerId")
    .leftJoin("users as seller", "seller.id", "orders.sellerId")
    .leftJoin("listings", "listings.id", "orders.listingId")
    .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
    .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .selectAll("orders")
    .select([
      "buyer.displayName as buyerName",
      "buyer.email as buyerEmail",
      "seller.displayName as sellerName",
      "seller.email as sellerEmail",
      "listings.status as listingStatus",
      sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("listingTitleNow"),
    ])
    .where("orders.id", "=", dispute.orderId)
    .executeTakeFirstOrThrow();
  const [events, snapshot, thread, lines, payouts, movements, money, audit] = await Promise.all([
    db
      .selectFrom("orderEvents")
      .leftJoin("users", "users.id", "orderEvents.actorId")
      .select([
        "orderEvents.id",
        "orderEvents.event",
        "orderEvents.fromStatus",
        "orderEvents.toStatus",
        "orderEvents.createdAt",
        "users.displayName as actorName",
      ])
      .where("orderEvents.orderId", "=", order.id)
      .orderBy("orderEvents.createdAt")
      .orderBy("orderEvents.id")
      .execute(),
    listingSnapshotFor(db, order.id),
    threadOf(db, disputeId),
    orderLines(db, order.id),
    db
      .selectFrom("payouts")
      .select(["id", "payeeId", "purpose", "amountCents", "status", "stripeTransferId", "createdAt"])
      .where("orderId", "=", order.id)
      .execute(),
    movementsOfOrder(db, order.id),
    orderMoney(db, order.id),
    listAuditLog(db, { subjectType: "dispute", subjectId: disputeId, limit: 100 }),
  ]);
  const disputeEvents = await db
    .selectFrom("disputeEvents")
    .leftJoin("users", "users.id", "disputeEvents.actorId")
    .select([
      "disputeEvents.id",
      "disputeEvents.event",
      "disputeEvents.fromStatus",
      "disputeEvents.toStatus",
      "disputeEvents.createdAt",
      "users.displayName as actorName",
    ])
    .where("disputeEvents.disputeId", "=", disputeId)
    .orderBy("disputeEvents.createdAt")
    .orderBy("disputeEvents.id")
    .execute();
  const dueAt = new Date(dispute.createdAt.getTime() + DISPUTE_SLA_HOURS * 3600 * 1000);
  return {
    dispute: { ...dispute, dueAt, overdue: dispute.status !== "resolved" && now > dueAt },
    order,
    events,
    /** The case's own status changes (state-machine.ts), shown with the order's in one timeline. */
    disputeEvents,
    snapshot,
    thread,
    lines,
    /** Refunded with a release or a partial refund (resolve.server.ts), so the form names them. */
    unfinishedAddOns: unfinishedAddOns(lines),
    payouts,
    /** The ledger's refunds and reversals of this order, and its settled sums. */
    refunds: movements
      .filter((movement) => movement.kind === "refund")
      .map((movement) => ({ ...movement, stripeRefundId: movement.stripeId })),
    reversals: movements
      .filter((movement) => movement.kind === "reversal")
      .map((movement) => ({ ...movement, stripeReversalId: movement.stripeId })),
    money,
    audit,
    ownOrder: order.buyerId === adminId || order.sellerId === adminId,
    messages: await messagesAboutOrder(db, order),
  };
}
