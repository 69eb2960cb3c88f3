import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { OrderStatus } from "~db/schema-orders";
import { formatMoney } from "~/lib/money";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The orders' part of a member's data export and of account deletion (privacy/account-data.server.ts):
 * their purchases and sales, the payouts made to them, the disputes on their orders with their own
 * statements, the reports they filed and the warnings they received.
 */
export const ORDER_EXPORT_SECTIONS = {
  orders: async (db: Executor, userId: string) => {
    const rows = await db
      .selectFrom("orders")
      // A service-only order (a bought quote) has no listing: it is named by the request it answers.
      .leftJoin("listings", "listings.id", "orders.listingId")
      .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
      .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
      .select([
        "orders.id",
        "orders.buyerId",
        "orders.listingId",
        "orders.kind",
        sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("title"),
        "orders.status",
        "orders.delivery",
        "orders.itemCents",
        "orders.shippingCents",
        "orders.servicesCents",
        "orders.totalCents",
        "orders.refundedCents",
        "orders.platformFeeCents",
        "orders.currency",
        "orders.shipName",
        "orders.shipLine1",
        "orders.shipLine2",
        "orders.shipCity",
        "orders.shipRegion",
        "orders.shipPostalCode",
        "orders.shipCountry",
        "orders.trackingNumber",
        "orders.createdAt",
        "orders.paidAt",
        "orders.shippedAt",
        "orders.receivedAt",
        "orders.completedAt",
        "orders.cancelledAt",
      ])
      .where((eb) => eb.or([eb("orders.buyerId", "=", userId), eb("orders.sellerId", "=", userId)]))
      .orderBy("orders.createdAt")
      .execute();
    return rows.map(
      ({
        buyerId,
        platformFeeCents,
        shipName,
        shipLine1,
        shipLine2,
        shipCity,
        shipRegion,
        shipPostalCode,
        shipCountry,
        ...order
      }) => {
        const asBuyer = buyerId === userId;
        return {
          ...order,
          role: asBuyer ? "buyer" : "seller",
          // The shipping address is the buyer's; a seller's export does not carry someone else's.
          shippingAddress:
            asBuyer && shipLine1
              ? {
                  name: shipName,
                  line1: shipLine1,
                  line2: shipLine2,
                  city: shipCity,
                  region: shipRegion,
                  postalCode: shipPostalCode,
                  country: shipCountry,
                }
              : null,
          platformFeeCents: asBuyer ? null : platformFeeCents,
        };
      },
    );
  },
  // A pickup's handover: when and how it happened, never the code's hashes.
  handovers: (db: Executor, userId: string) =>
    db
      .selectFrom("orderHandovers")
      .innerJoin("orders", "orders.id", "orderHandovers.orderId")
      .select(["orderHandovers.orderId", "orderHandovers.handedOverAt", "orderHandovers.method"])
      .select((eb) => eb("orderHandovers.handedOverBy", "=", userId).as("recordedByYou"))
      .where((eb) => eb.or([eb("orders.buyerId", "=", userId), eb("orders.sellerId", "=", userId)]))
      .where("orderHandovers.handedOverAt", "is not", null)
      .orderBy("orderHandovers.handedOverAt")
      .execute(),
  payoutsReceived: (db: Executor, userId: string) =>
    db
      .selectFrom("payouts")
      .select(["orderId", "purpose", "amountCents", "status", "createdAt"])
      .where("payeeId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  disputes: async (db: Executor, userId: string) => {
    const disputes = await db
      .selectFrom("disputes")
      .innerJoin("orders", "orders.id", "disputes.orderId")
      .select([
        "disputes.id",
        "disputes.orderId",
        "disputes.source",
        "disputes.reason",
        "disputes.status",
        "disputes.resolution",
        "disputes.createdAt",
        "disputes.resolvedAt",
      ])
      .where((eb) => eb.or([eb("orders.buyerId", "=", userId), eb("orders.sellerId", "=", userId)]))
      .orderBy("disputes.createdAt")
      .execute();
    const statements = await db
      .selectFrom("disputeMessages")
      .select(["disputeId", "body", "createdAt"])
      .where("authorId", "=", userId)
      .orderBy("createdAt")
      .execute();
    return disputes.map((dispute) => ({
      ...dispute,
      myStatements: statements
        .filter((statement) => statement.disputeId === dispute.id)
        .map(({ disputeId: _, ...rest }) => rest),
    }));
  },
  reportsFiled: (db: Executor, userId: string) =>
    db
      .selectFrom("reports")
      .select(["subjectType", "subjectId", "reason", "note", "status", "createdAt", "resolvedAt"])
      .where("reporterId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  warningsReceived: (db: Executor, userId: string) =>
    db
      .selectFrom("userWarnings")
      .select(["reason", "createdAt"])
      .where("userId", "=", userId)
      .orderBy("createdAt")
      .execute(),
};

/** Orders still under way: someone is owed an item, a payment or a decision. */
const UNFINISHED: OrderStatus[] = ["pending_payment", "paid", "shipped", "ready_for_pickup", "received", "disputed"];

/**
 * Deletion waits for the member's orders to finish (the other side needs them reachable) and for
 * money on its way to them (a payout to a deleted account could never be sent).
 */
export const ORDER_DELETION_BLOCKERS = [
  async (db: Executor, userId: string): Promise<string | null> => {
    const orders = await db
      .selectFrom("orders")
      .leftJoin("listings", "listings.id", "orders.listingId")
      .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
      .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
      .select([sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("title"), "orders.status"])
      .where((eb) => eb.or([eb("orders.buyerId", "=", userId), eb("orders.sellerId", "=", userId)]))
      .where("orders.status", "in", UNFINISHED)
      .orderBy("orders.createdAt")
      .execute();
    if (orders.length === 0) return null;
    const disputed = orders.some((order) => order.status === "disputed");
    return `Finish your order${orders.length > 1 ? "s" : ""} for ${orders.map((order) => `“${order.title}”`).join(", ")}${disputed ? " (an admin is deciding a dispute)" : ""}.`;
  },
  async (db: Executor, userId: string): Promise<string | null> => {
    const payouts = await db
      .selectFrom("payouts")
      .select(["amountCents", "status"])
      .where("payeeId", "=", userId)
      .where("status", "in", ["pending", "waiting_for_account"])
      .execute();
    if (payouts.length === 0) return null;
    const owed = payouts.reduce((sum, payout) => sum + payout.amountCents, 0);
    return payouts.some((payout) => payout.status === "waiting_for_account")
      ? `Set up payouts in Settings to receive the ${formatMoney(owed)} you are owed.`
      : `Wait for the ${formatMoney(owed)} on its way to you to be paid out.`;
  },
];
