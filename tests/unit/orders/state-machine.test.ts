import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, type Delivery, type OrderStatus } from "~db/schema-orders";
import {
  ORDER_EVENTS,
  ORDER_TRANSITIONS,
  actionsFor,
  checkOrderTransition,
  type OrderEvent,
  type OrderRole,
} from "~/modules/orders/state-machine";

const ROLES: OrderRole[] = ["buyer", "seller", "system", "admin"];
const DELIVERIES: Delivery[] = ["pickup", "shipping"];

// The legal moves, written out by hand (not derived from the table) so that a change to the table fails here.
const LEGAL: Array<[OrderEvent, OrderStatus, OrderRole, Delivery | "any", OrderStatus]> = [
  ["pay", "pending_payment", "system", "any", "paid"],
  ["paymentFailed", "pending_payment", "system", "any", "cancelled"],
  ["expire", "pending_payment", "system", "any", "cancelled"],
  ["checkoutFailed", "pending_payment", "system", "any", "cancelled"],
  ["ship", "paid", "seller", "shipping", "shipped"],
  ["markReady", "paid", "seller", "pickup", "ready_for_pickup"],
  // A handoff-point shop confirms the seller's drop-off.
  ["markReady", "paid", "system", "pickup", "ready_for_pickup"],
  ["confirmReceipt", "shipped", "buyer", "any", "received"],
  ["confirmReceipt", "shipped", "system", "any", "received"],
  ["confirmReceipt", "ready_for_pickup", "buyer", "any", "received"],
  ["confirmReceipt", "ready_for_pickup", "system", "any", "received"],
  // The seller entered the buyer's handover code (pickup only): the item changed hands.
  ["handOver", "paid", "seller", "pickup", "received"],
  ["handOver", "ready_for_pickup", "seller", "pickup", "received"],
  ["complete", "received", "system", "any", "completed"],
  ["abandon", "pending_payment", "buyer", "any", "cancelled"],
  ["cancel", "paid", "buyer", "any", "cancelled"],
  ["cancel", "paid", "seller", "any", "cancelled"],
  ["cancel", "ready_for_pickup", "buyer", "any", "cancelled"],
  ["cancel", "ready_for_pickup", "seller", "any", "cancelled"],
  ...(["paid", "shipped", "ready_for_pickup", "received", "completed"] as const).map(
    (from) =>
      ["dispute", from, "system", "any", "disputed"] as [OrderEvent, OrderStatus, OrderRole, "any", OrderStatus],
  ),
  ...(["paid", "shipped", "ready_for_pickup", "received", "completed"] as const).map(
    (from) => ["dispute", from, "buyer", "any", "disputed"] as [OrderEvent, OrderStatus, OrderRole, "any", OrderStatus],
  ),
  ["refundInFull", "disputed", "admin", "any", "cancelled"],
  ["release", "disputed", "admin", "any", "completed"],
  // A shop's inspection failed: cancelled with a full refund, even after the buyer said it arrived.
  ...(["paid", "shipped", "ready_for_pickup", "received"] as const).map(
    (from) =>
      ["inspectionFailed", from, "system", "any", "cancelled"] as [
        OrderEvent,
        OrderStatus,
        OrderRole,
        "any",
        OrderStatus,
      ],
  ),
  // Nobody showed up for a pickup: the buyer, the seller or (nobody answered) the system cancels.
  ["sellerNoShow", "paid", "buyer", "pickup", "cancelled"],
  ["sellerNoShow", "ready_for_pickup", "buyer", "pickup", "cancelled"],
  ["buyerNoShow", "paid", "seller", "pickup", "cancelled"],
  ["buyerNoShow", "ready_for_pickup", "seller", "pickup", "cancelled"],
  ["noShowTimeout", "paid", "system", "pickup", "cancelled"],
  ["noShowTimeout", "ready_for_pickup", "system", "pickup", "cancelled"],
];

// A service-only order (a bought quote, ADR 038: delivery at_shop, no seller): its own short list.
const LEGAL_SERVICE: Array<[OrderEvent, OrderStatus, OrderRole, OrderStatus]> = [
  ["pay", "pending_payment", "system", "paid"],
  ["paymentFailed", "pending_payment", "system", "cancelled"],
  ["expire", "pending_payment", "system", "cancelled"],
  ["checkoutFailed", "pending_payment", "system", "cancelled"],
  ["abandon", "pending_payment", "buyer", "cancelled"],
  ["confirmService", "paid", "buyer", "received"],
  ["confirmService", "paid", "system", "received"],
  ["shopDeclined", "paid", "system", "cancelled"],
  ["complete", "received", "system", "completed"],
  ...(["paid", "received", "completed"] as const).flatMap((from) =>
    (["system", "buyer"] as const).map(
      (role) => ["dispute", from, role, "disputed"] as [OrderEvent, OrderStatus, OrderRole, OrderStatus],
    ),
  ),
  // Unreachable for a service order, but the table allows them from these states all the same.
  ...(["shipped", "ready_for_pickup"] as const).flatMap((from) =>
    (["system", "buyer"] as const).map(
      (role) => ["dispute", from, role, "disputed"] as [OrderEvent, OrderStatus, OrderRole, OrderStatus],
    ),
  ),
  ["refundInFull", "disputed", "admin", "cancelled"],
  ["release", "disputed", "admin", "completed"],
];

function legalTarget(event: OrderEvent, from: OrderStatus, role: OrderRole, delivery: Delivery): OrderStatus | null {
  const row = LEGAL.find(([e, f, r, d]) => e === event && f === from && r === role && (d === "any" || d === delivery));
  return row ? row[4] : null;
}

describe("order state machine", () => {
  it("has exactly the legal transitions listed here", () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual(
      [...new Set([...LEGAL.map(([event]) => event), ...LEGAL_SERVICE.map(([event]) => event)])].sort(),
    );
  });

  for (const event of ORDER_EVENTS)
    for (const from of ORDER_STATUSES)
      for (const role of ROLES) {
        const target = LEGAL_SERVICE.find(([e, f, r]) => e === event && f === from && r === role)?.[3] ?? null;
        it(`${target ? "allows" : "refuses"} ${event} from ${from} by ${role} (service order)${target ? ` → ${target}` : ""}`, () => {
          const check = checkOrderTransition(event, { status: from, delivery: "at_shop", kind: "service" }, role);
          if (target) expect(check).toEqual({ ok: true, to: target });
          else {
            expect(check.ok).toBe(false);
            if (!check.ok) expect(check.message).toMatch(/can't/);
          }
        });
      }

  it("names a service order when it refuses an item's step", () => {
    expect(checkOrderTransition("cancel", { status: "paid", delivery: "at_shop", kind: "service" }, "buyer")).toEqual({
      ok: false,
      reason: "wrong-state",
      message: "A service order can't be cancelled.",
    });
    expect(checkOrderTransition("confirmService", { status: "shipped", delivery: "shipping" }, "buyer").ok).toBe(false);
  });

  it("offers the buyer of a service order no plain buttons (its confirmation is its own form)", () => {
    expect(actionsFor({ status: "paid", delivery: "at_shop", kind: "service" }, "buyer")).toEqual([]);
    expect(actionsFor({ status: "pending_payment", delivery: "at_shop", kind: "service" }, "buyer")).toEqual([
      "abandon",
    ]);
  });

  for (const event of ORDER_EVENTS)
    for (const from of ORDER_STATUSES)
      for (const role of ROLES)
        for (const delivery of DELIVERIES) {
          const target = legalTarget(event, from, role, delivery);
          it(`${target ? "allows" : "refuses"} ${event} from ${from} by ${role} (${delivery})${target ? ` → ${target}` : ""}`, () => {
            const check = checkOrderTransition(event, { status: from, delivery }, role);
            if (target) expect(check).toEqual({ ok: true, to: target });
            else {
              expect(check.ok).toBe(false);
              if (!check.ok) expect(check.message).toMatch(/can't/);
            }
          });
        }

  it("says who may not act, before saying the state is wrong", () => {
    expect(checkOrderTransition("ship", { status: "paid", delivery: "shipping" }, "buyer")).toEqual({
      ok: false,
      reason: "not-allowed",
      message: "You can't mark this order as shipped.",
    });
    expect(checkOrderTransition("ship", { status: "shipped", delivery: "shipping" }, "seller")).toMatchObject({
      reason: "wrong-state",
      message: "An order that is shipped can't be marked as shipped.",
    });
  });

  it("never leaves a terminal state", () => {
    for (const event of ORDER_EVENTS)
      for (const role of ROLES)
        for (const delivery of DELIVERIES) {
          expect(checkOrderTransition(event, { status: "cancelled", delivery }, role).ok).toBe(false);
          if (event !== "dispute")
            expect(checkOrderTransition(event, { status: "completed", delivery }, role).ok).toBe(false);
          // Only an admin's resolution leaves a dispute.
          if (role !== "admin")
            expect(checkOrderTransition(event, { status: "disputed", delivery }, role).ok).toBe(false);
        }
  });

  it("offers each member only their own next steps", () => {
    expect(actionsFor({ status: "paid", delivery: "shipping" }, "seller")).toEqual(["ship", "cancel"]);
    expect(actionsFor({ status: "paid", delivery: "pickup" }, "seller")).toEqual(["markReady", "cancel"]);
    expect(actionsFor({ status: "shipped", delivery: "shipping" }, "buyer")).toEqual(["confirmReceipt"]);
    expect(actionsFor({ status: "shipped", delivery: "shipping" }, "seller")).toEqual([]);
    expect(actionsFor({ status: "pending_payment", delivery: "pickup" }, "buyer")).toEqual(["abandon"]);
    expect(actionsFor({ status: "pending_payment", delivery: "pickup" }, "seller")).toEqual([]);
  });
});

describe("the pickup handover", () => {
  it("is its own event: by the seller only, of pickup orders, before the item changed hands", () => {
    expect(ORDER_TRANSITIONS.handOver).toMatchObject({ to: "received", by: ["seller"], delivery: "pickup" });
    expect(checkOrderTransition("handOver", { status: "ready_for_pickup", delivery: "pickup" }, "buyer")).toMatchObject(
      { ok: false, reason: "not-allowed" },
    );
    expect(checkOrderTransition("handOver", { status: "paid", delivery: "shipping" }, "seller").ok).toBe(false);
    expect(checkOrderTransition("handOver", { status: "received", delivery: "pickup" }, "seller").ok).toBe(false);
    // It has its own code form, not a plain button.
    expect(actionsFor({ status: "ready_for_pickup", delivery: "pickup" }, "seller")).not.toContain("handOver");
  });

  it("refuses cancel after the handover, by anyone", () => {
    const check = checkOrderTransition("handOver", { status: "ready_for_pickup", delivery: "pickup" }, "seller");
    expect(check).toEqual({ ok: true, to: "received" });
    const after = { status: check.ok ? check.to : "ready_for_pickup", delivery: "pickup" } as const;
    for (const role of ROLES) {
      expect(checkOrderTransition("cancel", after, role).ok).toBe(false);
      expect(checkOrderTransition("abandon", after, role).ok).toBe(false);
    }
    expect(actionsFor(after, "buyer")).toEqual([]);
    expect(actionsFor(after, "seller")).toEqual([]);
    // Before it, both may still cancel.
    expect(checkOrderTransition("cancel", { status: "ready_for_pickup", delivery: "pickup" }, "buyer").ok).toBe(true);
  });
});

describe("nobody showed up for a pickup", () => {
  const NO_SHOW: Array<[OrderEvent, OrderRole]> = [
    ["sellerNoShow", "buyer"],
    ["buyerNoShow", "seller"],
    ["noShowTimeout", "system"],
  ];

  it("lets only the buyer report the seller, only the seller report the buyer, only the system time out", () => {
    for (const [event, allowed] of NO_SHOW)
      for (const role of ROLES) {
        const check = checkOrderTransition(event, { status: "ready_for_pickup", delivery: "pickup" }, role);
        if (role === allowed) expect(check).toEqual({ ok: true, to: "cancelled" });
        else expect(check).toMatchObject({ ok: false, reason: "not-allowed" });
      }
  });

  it("refuses every no-show event after the handover and on shipping orders", () => {
    const handedOver = checkOrderTransition("handOver", { status: "paid", delivery: "pickup" }, "seller");
    expect(handedOver).toEqual({ ok: true, to: "received" });
    for (const [event, role] of NO_SHOW) {
      for (const status of ["received", "completed", "cancelled", "disputed", "pending_payment"] as const)
        expect(checkOrderTransition(event, { status, delivery: "pickup" }, role).ok).toBe(false);
      expect(checkOrderTransition(event, { status: "paid", delivery: "shipping" }, role)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/A shipping order can't be cancelled for a missed pickup/),
      });
    }
  });

  it("is not a plain next-step button (the no-show panel asks first)", () => {
    for (const role of ["buyer", "seller"] as const)
      for (const event of ["sellerNoShow", "buyerNoShow", "noShowTimeout"] as const)
        expect(actionsFor({ status: "ready_for_pickup", delivery: "pickup" }, role)).not.toContain(event);
    expect(actionsFor({ status: "paid", delivery: "pickup" }, "buyer")).toEqual(["cancel"]);
  });
});
