import { describe, expect, it } from "vitest";
import type { Effect } from "~/lib/effects.server";
import { serviceLineEffects, type ServiceLineMove } from "~/modules/orders/service-line-machine";

const move = (changes: Partial<ServiceLineMove> & Pick<ServiceLineMove, "action">): ServiceLineMove => ({
  bySystem: false,
  line: { id: "s1", title: "Tune-up", priceCents: 1500, retailerId: "r1" },
  order: {
    id: "o1",
    kind: "item",
    listingId: "l1",
    status: "paid",
    delivery: "shipping",
    buyerId: "buyer",
    sellerId: "seller",
    title: "Bike",
  },
  retailerName: "Bike Hub",
  openLinesAfter: 1,
  now: new Date("2026-12-01T12:00:00Z"),
  autoConfirmDays: 7,
  ...changes,
});
const orderSteps = (effects: Effect[]) =>
  effects.flatMap((effect) => (effect.kind === "order.advance" ? [effect.step] : []));
const notified = (effects: Effect[]) => effects.flatMap((effect) => (effect.kind === "notify" ? [effect.userId] : []));

describe("serviceLineEffects", () => {
  it("queues a decline's refund of that line and tells buyer and seller, without touching the order", () => {
    const effects = serviceLineEffects(move({ action: "decline" }));
    expect(effects[0]).toEqual({
      kind: "enqueueJob",
      queue: "service-refund",
      data: { orderServiceId: "s1" },
      singletonKey: "s1",
    });
    expect(notified(effects)).toEqual(["buyer", "seller"]);
    expect(orderSteps(effects)).toEqual([]);
  });

  it("says the shop didn't answer when the sweep declines", () => {
    const [, buyerNotice] = serviceLineEffects(move({ action: "decline", bySystem: true }));
    expect(buyerNotice).toMatchObject({ content: { title: "Bike Hub didn't answer in time: Tune-up is cancelled" } });
  });

  it("cancels and refunds the order when an inspection fails", () => {
    const effects = serviceLineEffects(move({ action: "fail", openLinesAfter: 0 }));
    expect(notified(effects)).toEqual(["buyer", "seller"]);
    expect(orderSteps(effects)).toEqual(["inspectionFailed"]);
  });

  it("makes a paid pickup order ready when the seller drops the item off at the handoff point", () => {
    const pickup = {
      id: "o1",
      kind: "item",
      listingId: "l1",
      status: "paid",
      delivery: "pickup",
      buyerId: "buyer",
      sellerId: "seller",
      title: "Bike",
    } as const;
    expect(orderSteps(serviceLineEffects(move({ action: "dropOff", order: pickup })))).toEqual(["markReady"]);
    expect(orderSteps(serviceLineEffects(move({ action: "dropOff" })))).toEqual([]);
  });

  it("counts a collection at the shop as the buyer's receipt", () => {
    const ready = { ...move({ action: "collect" }).order, status: "ready_for_pickup" } as const;
    expect(orderSteps(serviceLineEffects(move({ action: "collect", order: ready })))).toEqual(["receive"]);
  });

  it("completes a received order when its last open service is settled, and only then", () => {
    const received = { ...move({ action: "done" }).order, status: "received" } as const;
    for (const action of ["done", "pass", "decline"] as const)
      expect(orderSteps(serviceLineEffects(move({ action, order: received, openLinesAfter: 0 })))).toEqual([
        "complete",
      ]);
    expect(orderSteps(serviceLineEffects(move({ action: "done", order: received, openLinesAfter: 1 })))).toEqual([]);
    expect(orderSteps(serviceLineEffects(move({ action: "done", openLinesAfter: 0 })))).toEqual([]);
    expect(orderSteps(serviceLineEffects(move({ action: "accept", order: received, openLinesAfter: 0 })))).toEqual([]);
  });

  it("tells only the buyer of an acceptance", () => {
    expect(notified(serviceLineEffects(move({ action: "accept" })))).toEqual(["buyer"]);
  });

  it("puts a finished service, a passed inspection and a handoff at the shop on the item's passport", () => {
    const passport = (effects: Effect[]) =>
      effects.flatMap((effect) => (effect.kind === "passport.record" ? [effect] : []));
    expect(passport(serviceLineEffects(move({ action: "pass" })))).toEqual([
      {
        kind: "passport.record",
        listingId: "l1",
        entry: { kind: "inspection", retailerId: "r1", title: "Tune-up", orderId: "o1", orderServiceId: "s1" },
      },
    ]);
    expect(passport(serviceLineEffects(move({ action: "done" })))[0]?.entry.kind).toBe("service");
    expect(passport(serviceLineEffects(move({ action: "collect" })))[0]?.entry.kind).toBe("handoff");
    for (const action of ["accept", "decline", "fail", "dropOff"] as const)
      expect(passport(serviceLineEffects(move({ action })))).toEqual([]);
    expect(passport(serviceLineEffects(move({ action: "decline", bySystem: true })))).toEqual([]);
  });
});
