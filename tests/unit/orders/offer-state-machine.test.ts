import { describe, expect, it } from "vitest";
import { OFFER_STATUSES, type OfferStatus } from "~db/schema-offers";
import {
  OFFER_EVENTS,
  OFFER_TRANSITIONS,
  checkOfferTransition,
  offerActionsFor,
  type OfferEvent,
  type OfferRole,
} from "~/modules/orders/offer-state-machine";

const ROLES: OfferRole[] = ["buyer", "seller", "system"];

// The legal moves, written out by hand (not derived from the table) so that a change to the table fails here.
const LEGAL: Array<[OfferEvent, OfferStatus, OfferRole, OfferStatus]> = [
  ["accept", "pending", "seller", "accepted"],
  ["counter", "pending", "seller", "countered"],
  ["decline", "pending", "seller", "declined"],
  ["withdraw", "pending", "buyer", "withdrawn"],
  ["accept", "countered", "buyer", "accepted"],
  ["decline", "countered", "buyer", "declined"],
  ["expire", "pending", "system", "expired"],
  ["expire", "countered", "system", "expired"],
  ["expire", "accepted", "system", "expired"],
  ["purchase", "accepted", "system", "purchased"],
  ["close", "pending", "system", "closed"],
  ["close", "countered", "system", "closed"],
  ["close", "accepted", "system", "closed"],
];

const legalTarget = (event: OfferEvent, from: OfferStatus, role: OfferRole) =>
  LEGAL.find(([e, f, r]) => e === event && f === from && r === role)?.[3] ?? null;

describe("offer state machine", () => {
  it("has exactly the hand-written legal moves", () => {
    expect(OFFER_TRANSITIONS.length).toBe(LEGAL.length);
  });

  for (const event of OFFER_EVENTS)
    for (const from of OFFER_STATUSES)
      for (const role of ROLES) {
        const target = legalTarget(event, from, role);
        if (target)
          it(`lets the ${role} ${event} a ${from} offer (-> ${target})`, () => {
            expect(checkOfferTransition(event, from, role)).toEqual({ ok: true, to: target });
          });
        else
          it(`refuses ${event} by the ${role} on a ${from} offer`, () => {
            const check = checkOfferTransition(event, from, role);
            expect(check.ok).toBe(false);
            if (check.ok) return;
            // Someone else could do it from here: the wrong side; nobody could: the wrong state.
            const someoneCould = ROLES.some((other) => legalTarget(event, from, other));
            expect(check.reason).toBe(someoneCould ? "not-allowed" : "wrong-state");
            expect(check.message).toMatch(/^(You can't|An offer that is)/);
          });
      }

  it("never leaves a closed negotiation", () => {
    for (const from of ["declined", "withdrawn", "expired", "purchased", "closed"] as const)
      for (const role of ROLES) expect(offerActionsFor(from, role === "system" ? "buyer" : role)).toEqual([]);
  });

  it("offers each side only its own next steps", () => {
    expect(offerActionsFor("pending", "seller")).toEqual(["accept", "counter", "decline"]);
    expect(offerActionsFor("pending", "buyer")).toEqual(["withdraw"]);
    expect(offerActionsFor("countered", "buyer")).toEqual(["accept", "decline"]);
    expect(offerActionsFor("countered", "seller")).toEqual([]);
    expect(offerActionsFor("accepted", "buyer")).toEqual([]);
    expect(offerActionsFor("accepted", "seller")).toEqual([]);
  });

  it("words refusals for people", () => {
    expect(checkOfferTransition("accept", "countered", "seller")).toMatchObject({
      message: "You can't accept this offer.",
    });
    expect(checkOfferTransition("withdraw", "accepted", "buyer")).toMatchObject({
      message: "An offer that is accepted can't be withdrawn.",
    });
  });
});
