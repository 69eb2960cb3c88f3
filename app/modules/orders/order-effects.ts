import type { ListingStatus } from "~db/schema-listings";
import type { Delivery, OrderStatus } from "~db/schema-orders";
import type { OrderKind } from "~db/schema-service-orders";
import type { Effect } from "~/lib/effects.server";
import { formatMoney } from "~/lib/money";
import { QUEUES } from "~/modules/jobs/definitions.server";
import type { OrderEvent } from "./state-machine";

/** The order columns the planner reads. */
export interface PlannedOrder {
  id: string;
  /** Null, like sellerId, on a service-only order (a bought quote: ADR 038). */
  listingId: string | null;
  buyerId: string;
  sellerId: string | null;
  kind: OrderKind;
  offerId: string | null;
  status: OrderStatus;
  totalCents: number;
  delivery: Delivery;
  trackingNumber: string | null;
}

/** What the planner needs besides the order, read in the transaction before it plans. */
export interface OrderEffectFacts {
  /** The item's title; on a service-only order the service's. */
  listingTitle: string;
  now: Date;
  /** Days after shipping when the receipt is confirmed automatically. */
  autoReceiveDays: number;
  /** complete / release: the listing's status (a release after a completion finds it sold already). */
  listingStatus: ListingStatus | null;
  /** pay: one row per new add-on and staff member of its shop. */
  newJobs: { id: string; title: string; slug: string; userId: string }[];
  /**
   * complete / release: what each payee is owed (lines.server.ts payeeTotals: payable lines −
   * refunds − the fee on them), the seller's and each shop's, with the shop's owner.
   */
  owed: { sellerCents: number; shops: { retailerId: string; ownerId: string; amountCents: number }[] };
  /**
   * A paid order cancelled: what its refund will pay back (every line less the ledger's refunds on
   * it so far, as money.server.ts refundOrder computes it), so the notice states that figure.
   */
  refundDueCents: number;
}

export const NO_ORDER_FACTS: Omit<OrderEffectFacts, "listingTitle" | "now" | "autoReceiveDays"> = {
  listingStatus: null,
  newJobs: [],
  owed: { sellerCents: 0, shops: [] },
  refundDueCents: 0,
};

/** Which facts an event's plan reads (orders.server.ts reads only those). */
export const FACTS_FOR = {
  listingStatus: (event: OrderEvent) => event === "complete" || event === "release",
  newJobs: (event: OrderEvent) => event === "pay",
  owed: (event: OrderEvent) => event === "complete" || event === "release",
  refundDue: (event: OrderEvent) => CANCELLING_EVENTS.has(event),
};

const CANCELLING_EVENTS: ReadonlySet<OrderEvent> = new Set([
  "cancel",
  "abandon",
  "expire",
  "paymentFailed",
  "checkoutFailed",
  "inspectionFailed",
  "sellerNoShow",
  "buyerNoShow",
  "noShowTimeout",
  "shopDeclined",
]);

/**
 * The effects of one order transition, as data: which members are told what, which jobs are
 * queued, what happens to the listing, its offers, the order's service lines and the payouts.
 * Pure: `transitionOrder` reads the facts first and runs the plan with `runEffects`.
 */
export function orderEffects(
  event: OrderEvent,
  before: Pick<PlannedOrder, "status">,
  order: PlannedOrder,
  actor: "system" | "member",
  facts: OrderEffectFacts,
): Effect[] {
  const url = `/orders/${order.id}`;
  const title = facts.listingTitle;
  const dedupe = (who: string) => `order:${order.id}:${event}:${who}`;
  const notify = (
    userId: string,
    notification: Extract<Effect, { kind: "notify" }>["notification"],
    content: { title: string; body: string; url?: string },
    dedupeKey: string,
  ): Effect => ({ kind: "notify", userId, notification, content: { url, ...content }, dedupeKey });
  // A service-only order has no listing and no seller: nothing to release, sell or tell them.
  const listing = <T>(make: (listingId: string) => T[]): T[] => (order.listingId ? make(order.listingId) : []);
  const members = (...userIds: (string | null)[]) => userIds.filter((userId): userId is string => userId !== null);
  const service = order.kind === "service";

  switch (event) {
    case "pay":
      // Paid: the offer it was bought at is used up, and every other negotiation on the item ends.
      return [
        ...(order.offerId ? [{ kind: "offer.markPurchased", offerId: order.offerId } as const] : []),
        ...listing((listingId) => [
          { kind: "offers.close", listingId, reason: "sold", exceptOfferId: order.offerId } as const,
        ]),
        ...members(order.sellerId).map((sellerId) =>
          notify(
            sellerId,
            "order_paid",
            {
              title: `Sold: ${title}`,
              body: `The buyer paid ${formatMoney(order.totalCents)}. ${order.delivery === "shipping" ? "Ship it and mark it as shipped." : "Mark it ready for pickup when it is."}`,
            },
            dedupe("seller"),
          ),
        ),
        notify(
          order.buyerId,
          "order_paid",
          { title: `Payment received for ${title}`, body: `You paid ${formatMoney(order.totalCents)}.` },
          dedupe("buyer"),
        ),
        // Pickup: if no handover happens, a job asks both sides what happened (no-show.server.ts).
        // It first runs a day after payment, the least ORDER_PICKUP_NO_SHOW_DAYS can be, and then
        // waits for the configured day itself (the webhook that pays knows no config).
        ...(order.delivery === "pickup"
          ? [
              {
                kind: "enqueueJob",
                queue: QUEUES.orderNoShowAsk,
                data: { orderId: order.id },
                startAfter: new Date(facts.now.getTime() + 24 * 3600 * 1000),
                singletonKey: order.id,
              } as const,
            ]
          : []),
        ...facts.newJobs.map((job) =>
          notify(
            job.userId,
            "service_job",
            {
              title: `New service job: ${job.title}`,
              body: service
                ? `A member bought your quote for "${job.title}". Accept or decline it.`
                : `A buyer added "${job.title}" to their purchase of ${title}. Accept or decline it.`,
              url: `/retailers/${job.slug}/jobs`,
            },
            `order-service:${job.id}:new:${job.userId}`,
          ),
        ),
      ];
    case "ship":
    case "markReady": {
      const shipped = event === "ship";
      return [
        notify(
          order.buyerId,
          "order_shipped",
          {
            title: shipped ? `${title} is on its way` : `${title} is ready for pickup`,
            body: shipped
              ? `The seller shipped your item${order.trackingNumber ? ` (tracking ${order.trackingNumber})` : ""}. Confirm receipt when it arrives.`
              : "Arrange the pickup with the seller, then confirm receipt.",
          },
          dedupe("buyer"),
        ),
        ...(shipped
          ? [
              {
                kind: "enqueueJob",
                queue: QUEUES.orderAutoReceive,
                data: { orderId: order.id },
                startAfter: new Date(facts.now.getTime() + facts.autoReceiveDays * 24 * 3600 * 1000),
                singletonKey: order.id,
              } as const,
            ]
          : []),
      ];
    }
    case "confirmReceipt":
      return members(order.sellerId).map((sellerId) =>
        notify(
          sellerId,
          "order_received",
          { title: `${title} was received`, body: "The buyer has the item; your payout is on its way." },
          dedupe("seller"),
        ),
      );
    case "confirmService":
      // The completion that follows pays the shop and tells its owner (payout.plan).
      return [];
    case "handOver":
      // Never the code itself: only that the handover happened.
      return [
        notify(
          order.buyerId,
          "order_received",
          { title: `You have ${title}`, body: "The seller recorded the handover with your code. Enjoy it!" },
          dedupe("buyer"),
        ),
      ];
    case "complete":
    case "release": {
      const effects: Effect[] = [];
      // A release may follow a completion (a dispute opened after it): the listing is sold already.
      if (order.listingId && (facts.listingStatus === "reserved" || facts.listingStatus === "active"))
        effects.push({ kind: "listing.markSold", listingId: order.listingId });
      // An admin's release ends the order: services not done by then are cancelled, not paid; the
      // dispute's decision refunds them to the buyer (disputes/resolve.server.ts).
      if (event === "release") effects.push({ kind: "serviceLines.cancel", orderId: order.id, openOnly: true });
      // The item changed owner through a Stoop sale: its passport says so (once per order). A
      // bought quote (a service-only order) has no item, so no passport.
      if (order.listingId)
        effects.push({
          kind: "passport.record",
          listingId: order.listingId,
          entry: { kind: "sale", retailerId: null, title, orderId: order.id, orderServiceId: null },
        });
      // Each payee's payable lines − refunds − the fee on them: the seller's item and shipping,
      // each shop's done add-ons. A payout already made is left as is (keyed by order, payee, purpose).
      const shops = facts.owed.shops.filter((shop) => shop.amountCents > 0);
      for (const shop of shops)
        effects.push({
          kind: "payout.plan",
          orderId: order.id,
          payee: { kind: "shop", retailerId: shop.retailerId },
          notifyUserId: shop.ownerId,
          purpose: "service",
          amountCents: shop.amountCents,
        });
      const amount = order.sellerId ? facts.owed.sellerCents : 0;
      if (order.sellerId && amount > 0)
        effects.push({
          kind: "payout.plan",
          orderId: order.id,
          payee: { kind: "member", userId: order.sellerId },
          notifyUserId: order.sellerId,
          purpose: "sale",
          amountCents: amount,
        });
      if (amount > 0 || shops.length > 0)
        effects.push({
          kind: "enqueueJob",
          queue: QUEUES.orderPayout,
          data: { orderId: order.id },
          singletonKey: order.id,
        });
      for (const [userId, who] of [
        [order.sellerId, "seller"],
        [order.buyerId, "buyer"],
      ] as const)
        if (userId)
          effects.push(
            notify(
              userId,
              "order_completed",
              {
                title: `Order complete: ${title}`,
                body:
                  who === "seller"
                    ? `${formatMoney(amount)} is being paid out to you.`
                    : service
                      ? "The shop is paid now. Thanks for using Stoop."
                      : "Thanks for buying on Stoop.",
              },
              dedupe(who),
            ),
          );
      return effects;
    }
    case "refundInFull":
      // The disputes module refunds, handles the listing and tells everyone (with the admin's reason).
      return [{ kind: "serviceLines.cancel", orderId: order.id, openOnly: false }];
    case "dispute":
      // A buyer's dispute is announced by the disputes module (with the reason); a chargeback here.
      if (actor !== "system") return [];
      return members(order.buyerId, order.sellerId).map((userId) =>
        notify(
          userId,
          "dispute_opened",
          {
            title: `Payment disputed: ${title}`,
            body: "The card payment for this order was disputed with the bank. The order is on hold until it is resolved.",
          },
          `order:${order.id}:dispute:${userId}`,
        ),
      );
    case "cancel":
    case "abandon":
    case "expire":
    case "paymentFailed":
    case "checkoutFailed":
    case "inspectionFailed":
    case "sellerNoShow":
    case "buyerNoShow":
    case "noShowTimeout":
    case "shopDeclined": {
      const effects: Effect[] = [
        ...listing((listingId) => [{ kind: "listing.release", listingId } as const]),
        { kind: "serviceLines.cancel", orderId: order.id, openOnly: false },
      ];
      if (before.status === "pending_payment") return effects;
      // Paid: refund in full. The job does the Stripe call after this commits (idempotency key per order).
      effects.push({
        kind: "enqueueJob",
        queue: QUEUES.orderRefund,
        data: { orderId: order.id },
        singletonKey: order.id,
      });
      for (const userId of members(order.buyerId, order.sellerId))
        effects.push(
          notify(
            userId,
            "order_cancelled",
            {
              title: `Order cancelled: ${title}`,
              body: `${cancelReason(event, order.delivery)}; ${refundSentence(order.totalCents, facts.refundDueCents)}${NO_SHOW_RELEASE.has(event) ? " The item is for sale again." : ""}`,
            },
            `order:${order.id}:cancel:${userId}`,
          ),
        );
      return effects;
    }
  }
}

const NO_SHOW_RELEASE: ReadonlySet<OrderEvent> = new Set(["sellerNoShow", "buyerNoShow", "noShowTimeout"]);

/** The cancellation notice's first clause: why the order ended. */
function cancelReason(event: OrderEvent, delivery: Delivery): string {
  switch (event) {
    case "sellerNoShow":
      return "The buyer reported that the seller didn't show up for the pickup, so the order was cancelled";
    case "buyerNoShow":
      return "The seller reported that the buyer didn't show up for the pickup, so the order was cancelled";
    case "noShowTimeout":
      return "Nobody answered whether the pickup happened, so the order was cancelled";
    case "shopDeclined":
      return "The shop declined the job (or didn't answer in time), so the order was cancelled";
    default:
      return `The order was cancelled before ${delivery === "shipping" ? "shipping" : "pickup"}`;
  }
}

/** The cancellation notice's money sentence: the ledger's figure, not the order's total. */
function refundSentence(totalCents: number, refundDueCents: number): string {
  if (refundDueCents >= totalCents) return `the buyer gets a full refund of ${formatMoney(totalCents)}.`;
  return `the buyer gets back the remaining ${formatMoney(refundDueCents)} (${formatMoney(totalCents - refundDueCents)} was refunded earlier).`;
}
