import { describe, expect, it } from "vitest";
import type { Effect } from "~/lib/effects.server";
import { NO_ORDER_FACTS, orderEffects, type OrderEffectFacts, type PlannedOrder } from "~/modules/orders/order-effects";

const order: PlannedOrder = {
  id: "o1",
  listingId: "l1",
  buyerId: "buyer",
  sellerId: "seller",
  kind: "item",
  offerId: null,
  status: "paid",
  totalCents: 2500,
  delivery: "shipping",
  trackingNumber: null,
};
const now = new Date("2026-12-01T12:00:00Z");
const facts = (extra: Partial<OrderEffectFacts> = {}): OrderEffectFacts => ({
  ...NO_ORDER_FACTS,
  listingTitle: "Oak table",
  now,
  autoReceiveDays: 7,
  ...extra,
});
const kinds = (effects: Effect[]) => effects.map((effect) => effect.kind);
const notified = (effects: Effect[]) =>
  effects.flatMap((effect) => (effect.kind === "notify" ? [`${effect.userId}:${effect.notification}`] : []));

describe("orderEffects", () => {
  it("on payment uses up the offer, closes the other offers and tells seller, buyer and each shop's staff", () => {
    const effects = orderEffects(
      "pay",
      { status: "pending_payment" },
      { ...order, offerId: "offer1" },
      "system",
      facts({ newJobs: [{ id: "s1", title: "Tune-up", slug: "bike-hub", userId: "mechanic" }] }),
    );
    expect(effects.slice(0, 2)).toEqual([
      { kind: "offer.markPurchased", offerId: "offer1" },
      { kind: "offers.close", listingId: "l1", reason: "sold", exceptOfferId: "offer1" },
    ]);
    expect(notified(effects)).toEqual(["seller:order_paid", "buyer:order_paid", "mechanic:service_job"]);
  });

  it("on shipping tells the buyer and queues the automatic receipt the given days later, once per order", () => {
    const effects = orderEffects("ship", { status: "paid" }, { ...order, status: "shipped" }, "member", facts());
    expect(notified(effects)).toEqual(["buyer:order_shipped"]);
    expect(effects).toContainEqual({
      kind: "enqueueJob",
      queue: "order-auto-receive",
      data: { orderId: "o1" },
      startAfter: new Date("2026-12-08T12:00:00Z"),
      singletonKey: "o1",
    });
  });

  it("marks a pickup ready without queueing an automatic receipt", () => {
    const effects = orderEffects(
      "markReady",
      { status: "paid" },
      { ...order, delivery: "pickup", status: "ready_for_pickup" },
      "member",
      facts(),
    );
    expect(kinds(effects)).toEqual(["notify"]);
  });

  it("on completion marks the listing sold, plans each owed payout, queues the payout job and tells both", () => {
    const effects = orderEffects(
      "complete",
      { status: "received" },
      { ...order, status: "completed" },
      "system",
      facts({
        listingStatus: "reserved",
        owed: {
          sellerCents: 2000,
          shops: [
            { retailerId: "r1", ownerId: "owner1", amountCents: 900 },
            { retailerId: "r2", ownerId: "owner2", amountCents: 0 },
          ],
        },
      }),
    );
    expect(kinds(effects)).toEqual([
      "listing.markSold",
      "passport.record",
      "payout.plan",
      "payout.plan",
      "enqueueJob",
      "notify",
      "notify",
    ]);
    expect(effects.filter((effect) => effect.kind === "payout.plan")).toEqual([
      {
        kind: "payout.plan",
        orderId: "o1",
        payee: { kind: "shop", retailerId: "r1" },
        notifyUserId: "owner1",
        purpose: "service",
        amountCents: 900,
      },
      {
        kind: "payout.plan",
        orderId: "o1",
        payee: { kind: "member", userId: "seller" },
        notifyUserId: "seller",
        purpose: "sale",
        amountCents: 2000,
      },
    ]);
  });

  it("queues the payout job for a shop's payout even when the seller is owed nothing", () => {
    const effects = orderEffects(
      "complete",
      { status: "received" },
      order,
      "system",
      facts({ owed: { sellerCents: 0, shops: [{ retailerId: "r1", ownerId: "owner1", amountCents: 500 }] } }),
    );
    expect(kinds(effects)).toContain("enqueueJob");
    expect(effects.filter((effect) => effect.kind === "payout.plan")).toHaveLength(1);
  });

  it("plans no payout and no payout job when nobody is owed anything", () => {
    const effects = orderEffects("complete", { status: "received" }, order, "system", facts());
    expect(kinds(effects)).toEqual(["passport.record", "notify", "notify"]);
  });

  it("on an admin's release cancels the unfinished service lines and leaves a sold listing alone", () => {
    const effects = orderEffects("release", { status: "disputed" }, order, "member", facts({ listingStatus: "sold" }));
    expect(effects[0]).toEqual({ kind: "serviceLines.cancel", orderId: "o1", openOnly: true });
    expect(kinds(effects)).not.toContain("listing.markSold");
  });

  it("cancels a paid order with the listing released, every service line cancelled, a refund job and notices", () => {
    const effects = orderEffects("cancel", { status: "paid" }, order, "member", facts());
    expect(effects.slice(0, 3)).toEqual([
      { kind: "listing.release", listingId: "l1" },
      { kind: "serviceLines.cancel", orderId: "o1", openOnly: false },
      { kind: "enqueueJob", queue: "order-refund", data: { orderId: "o1" }, singletonKey: "o1" },
    ]);
    expect(notified(effects)).toEqual(["buyer:order_cancelled", "seller:order_cancelled"]);
  });

  it("states the refund the ledger still owes in the cancellation notice, not the order's total", () => {
    const body = (effects: Effect[]) =>
      effects.flatMap((effect) => (effect.kind === "notify" ? [effect.content.body] : []))[0];
    const full = orderEffects("cancel", { status: "paid" }, order, "member", facts({ refundDueCents: 2500 }));
    expect(body(full)).toContain("the buyer gets a full refund of $25.00.");
    // A declined $4.50 add-on was refunded earlier: the cancellation pays back the rest.
    const rest = orderEffects("cancel", { status: "paid" }, order, "member", facts({ refundDueCents: 2050 }));
    expect(body(rest)).toContain("the buyer gets back the remaining $20.50 ($4.50 was refunded earlier).");
  });

  it("ends an unpaid checkout without a refund or a notice", () => {
    for (const event of ["abandon", "expire", "paymentFailed", "checkoutFailed"] as const)
      expect(kinds(orderEffects(event, { status: "pending_payment" }, order, "system", facts()))).toEqual([
        "listing.release",
        "serviceLines.cancel",
      ]);
  });

  it("cancels the service lines of a refund in full and leaves the rest to the disputes module", () => {
    expect(orderEffects("refundInFull", { status: "disputed" }, order, "member", facts())).toEqual([
      { kind: "serviceLines.cancel", orderId: "o1", openOnly: false },
    ]);
  });

  it("announces a chargeback to both members, and a buyer's dispute not at all (the disputes module does)", () => {
    expect(notified(orderEffects("dispute", { status: "paid" }, order, "system", facts()))).toEqual([
      "buyer:dispute_opened",
      "seller:dispute_opened",
    ]);
    expect(orderEffects("dispute", { status: "paid" }, order, "member", facts())).toEqual([]);
  });

  it("tells the seller of a receipt", () => {
    expect(notified(orderEffects("confirmReceipt", { status: "shipped" }, order, "member", facts()))).toEqual([
      "seller:order_received",
    ]);
  });
});

describe("orderEffects when nobody showed up for a pickup", () => {
  const pickup: PlannedOrder = { ...order, delivery: "pickup", status: "cancelled" };

  it("queues the no-show question once per pickup order when it is paid, never for shipping", () => {
    const paid = orderEffects("pay", { status: "pending_payment" }, { ...pickup, status: "paid" }, "system", facts());
    expect(paid).toContainEqual({
      kind: "enqueueJob",
      queue: "order-no-show-ask",
      data: { orderId: "o1" },
      startAfter: new Date("2026-12-02T12:00:00Z"),
      singletonKey: "o1",
    });
    const shipping = orderEffects("pay", { status: "pending_payment" }, order, "system", facts());
    expect(shipping.filter((effect) => effect.kind === "enqueueJob")).toEqual([]);
  });

  it("plans each no-show cancellation like cancel's: listing released, one refund job, both told why", () => {
    const reasons = {
      sellerNoShow: "The buyer reported that the seller didn't show up",
      buyerNoShow: "The seller reported that the buyer didn't show up",
      noShowTimeout: "Nobody answered whether the pickup happened",
    } as const;
    for (const [event, reason] of Object.entries(reasons) as [keyof typeof reasons, string][]) {
      const effects = orderEffects(
        event,
        { status: "ready_for_pickup" },
        pickup,
        event === "noShowTimeout" ? "system" : "member",
        facts({ refundDueCents: 2500 }),
      );
      expect(effects.slice(0, 3)).toEqual([
        { kind: "listing.release", listingId: "l1" },
        { kind: "serviceLines.cancel", orderId: "o1", openOnly: false },
        { kind: "enqueueJob", queue: "order-refund", data: { orderId: "o1" }, singletonKey: "o1" },
      ]);
      expect(notified(effects)).toEqual(["buyer:order_cancelled", "seller:order_cancelled"]);
      const bodies = effects.flatMap((effect) => (effect.kind === "notify" ? [effect.content.body] : []));
      for (const body of bodies) {
        expect(body).toContain(reason);
        expect(body).toContain("the buyer gets a full refund of $25.00. The item is for sale again.");
      }
    }
  });
});
