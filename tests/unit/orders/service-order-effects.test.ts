import { describe, expect, it } from "vitest";
import type { Effect } from "~/lib/effects.server";
import { NO_ORDER_FACTS, orderEffects, type OrderEffectFacts, type PlannedOrder } from "~/modules/orders/order-effects";
import { serviceLineEffects, type ServiceLineMove } from "~/modules/orders/service-line-machine";
import { quoteSplit } from "~/modules/orders/service-orders.server";

/** A bought quote (ADR 038): no listing, no seller, one service line. */
const order: PlannedOrder = {
  id: "o1",
  listingId: null,
  buyerId: "buyer",
  sellerId: null,
  kind: "service",
  offerId: null,
  status: "paid",
  totalCents: 3500,
  delivery: "at_shop",
  trackingNumber: null,
};
const now = new Date("2026-12-01T12:00:00Z");
const facts = (extra: Partial<OrderEffectFacts> = {}): OrderEffectFacts => ({
  ...NO_ORDER_FACTS,
  listingTitle: "Gear adjustment",
  now,
  autoReceiveDays: 7,
  ...extra,
});
const kinds = (effects: Effect[]) => effects.map((effect) => effect.kind);
const notified = (effects: Effect[]) =>
  effects.flatMap((effect) => (effect.kind === "notify" ? [`${effect.userId}:${effect.notification}`] : []));

describe("orderEffects of a service-only order", () => {
  it("on payment tells the buyer and the shop's staff, closes no offers and asks about no pickup", () => {
    const effects = orderEffects(
      "pay",
      { status: "pending_payment" },
      order,
      "system",
      facts({ newJobs: [{ id: "s1", title: "Gear adjustment", slug: "gear-doctors", userId: "mechanic" }] }),
    );
    expect(kinds(effects)).toEqual(["notify", "notify"]);
    expect(notified(effects)).toEqual(["buyer:order_paid", "mechanic:service_job"]);
    expect(effects[1]).toMatchObject({
      content: { body: 'A member bought your quote for "Gear adjustment". Accept or decline it.' },
    });
  });

  it("on completion plans only the shop's payout and sells no listing", () => {
    const effects = orderEffects(
      "complete",
      { status: "received" },
      { ...order, status: "completed" },
      "system",
      facts({ owed: { sellerCents: 0, shops: [{ retailerId: "r1", ownerId: "owner", amountCents: 3325 }] } }),
    );
    expect(effects.filter((effect) => effect.kind === "payout.plan")).toEqual([
      {
        kind: "payout.plan",
        orderId: "o1",
        payee: { kind: "shop", retailerId: "r1" },
        notifyUserId: "owner",
        purpose: "service",
        amountCents: 3325,
      },
    ]);
    expect(kinds(effects)).not.toContain("listing.markSold");
    expect(notified(effects)).toEqual(["buyer:order_completed"]);
  });

  it("when the shop declines, cancels the line and queues the order's one refund, releasing no listing", () => {
    const effects = orderEffects(
      "shopDeclined",
      { status: "paid" },
      { ...order, status: "cancelled" },
      "system",
      facts({ refundDueCents: 3500 }),
    );
    expect(kinds(effects)).not.toContain("listing.release");
    expect(effects).toContainEqual({ kind: "serviceLines.cancel", orderId: "o1", openOnly: false });
    expect(effects).toContainEqual({
      kind: "enqueueJob",
      queue: "order-refund",
      data: { orderId: "o1" },
      singletonKey: "o1",
    });
    expect(notified(effects)).toEqual(["buyer:order_cancelled"]);
  });

  it("abandoning the checkout only cancels the line", () => {
    const effects = orderEffects(
      "abandon",
      { status: "pending_payment" },
      { ...order, status: "cancelled" },
      "member",
      facts(),
    );
    expect(effects).toEqual([{ kind: "serviceLines.cancel", orderId: "o1", openOnly: false }]);
  });
});

const move = (action: ServiceLineMove["action"], extra: Partial<ServiceLineMove> = {}): ServiceLineMove => ({
  action,
  bySystem: false,
  line: { id: "s1", title: "Gear adjustment", priceCents: 3500, retailerId: "r1" },
  order: {
    id: "o1",
    kind: "service",
    listingId: null,
    status: "paid",
    delivery: "at_shop",
    buyerId: "buyer",
    sellerId: null,
    title: "Gear adjustment",
  },
  retailerName: "Gear Doctors",
  openLinesAfter: 0,
  now,
  autoConfirmDays: 7,
  ...extra,
});

describe("serviceLineEffects of a service-only order", () => {
  it("turns a decline into the order's cancellation, not a line refund", () => {
    const effects = serviceLineEffects(move("decline"));
    expect(effects.filter((effect) => effect.kind === "enqueueJob")).toEqual([]);
    expect(effects).toContainEqual({ kind: "order.advance", orderId: "o1", step: "shopDeclined" });
    expect(notified(effects)).toEqual(["buyer:service_update"]);
    expect(effects[0]).toMatchObject({
      content: { body: 'The shop can\'t do "Gear adjustment". You get $35.00 back.' },
    });
  });

  it("says the shop didn't answer when the sweep declines", () => {
    expect(serviceLineEffects(move("decline", { bySystem: true }))[0]).toMatchObject({
      content: { title: "Gear Doctors didn't answer in time: Gear adjustment is cancelled" },
    });
  });

  it("on done asks the buyer to confirm and queues the automatic confirmation after the window", () => {
    const effects = serviceLineEffects(move("done"));
    expect(notified(effects)).toEqual(["buyer:service_update"]);
    expect(effects).toContainEqual({
      kind: "enqueueJob",
      queue: "order-auto-receive",
      data: { orderId: "o1" },
      startAfter: new Date("2026-12-08T12:00:00Z"),
      singletonKey: "o1",
    });
    expect(effects.some((effect) => effect.kind === "order.advance")).toBe(false);
  });

  it("on accept only tells the buyer", () => {
    expect(kinds(serviceLineEffects(move("accept")))).toEqual(["notify"]);
  });
});

describe("quoteSplit", () => {
  it("charges the quote and keeps the add-on fee (the percentage, no fixed part)", () => {
    expect(quoteSplit(3500, { percent: 5, fixedCents: 30 })).toEqual({
      totalCents: 3500,
      platformFeeCents: 175,
      shopCents: 3325,
    });
    expect(quoteSplit(1, { percent: 5, fixedCents: 30 })).toEqual({ totalCents: 1, platformFeeCents: 0, shopCents: 1 });
  });
});
