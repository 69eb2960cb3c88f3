import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { assertRetailerStaff } from "./retailers.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The jobs board's read model: a shop's incoming add-ons on paid orders (an unpaid checkout is
 * not a job yet), newest first, for its staff only. A query and nothing more: the lines' state
 * and moves belong to the order (orders/service-lines.server.ts), which adds the moves each job
 * can make (orders/service-jobs.server.ts serviceJobsFor).
 */
export async function jobsBoardRows(db: Executor, retailerId: string, staffId: string) {
  await assertRetailerStaff(db, retailerId, staffId);
  // A service-only order (a bought quote, ADR 038) has no listing: it is named by the request it answers.
  return db
    .selectFrom("orderServices")
    .innerJoin("orders", "orders.id", "orderServices.orderId")
    .leftJoin("listings", "listings.id", "orders.listingId")
    .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
    .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .innerJoin("users as buyer", "buyer.id", "orders.buyerId")
    .select([
      "orderServices.id",
      "orderServices.title",
      "orderServices.priceCents",
      "orderServices.platformFeeCents",
      "orderServices.status",
      "orderServices.kind",
      "orderServices.performedAt",
      "orderServices.leadDays",
      "orderServices.createdAt",
      "orders.id as orderId",
      "orders.status as orderStatus",
      "orders.delivery",
      "orders.shipCity",
      "orders.paidAt",
      "orders.kind as orderKind",
      sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("listingTitle"),
      sql<string>`coalesce(listings.place_name, wanted_requests.place_name, '')`.as("placeName"),
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
