import type { OfferStatus } from "~db/schema-offers";
import { transitionCheck, type StateMachine, type TransitionCheck, type TransitionRule } from "~/lib/transitions";

/**
 * The offer state machine: one row per (state, event, who) that is allowed, and the state it
 * leads to. `transitionOffer` (offers.server.ts) is the only code that changes an offer's status,
 * and it consults `checkOfferTransition` first.
 *
 *   (make) → pending ─accept (seller)→ accepted ─purchase (system: a paid order)→ purchased
 *            pending ─counter (seller)→ countered ─accept (buyer)→ accepted
 *            pending ─decline (seller) / withdraw (buyer)→ declined / withdrawn
 *            countered ─decline (buyer)→ declined
 *   pending, countered, accepted ─expire (system: 48 h / 48 h / 24 h)→ expired
 *   pending, countered, accepted ─close (system: the listing was sold, archived or removed)→ closed
 */

export type OfferEvent = "accept" | "counter" | "decline" | "withdraw" | "expire" | "purchase" | "close";

/** buyer / seller: the offer's own members; system: the expiry job, a paid order, a listing change. */
export type OfferRole = "buyer" | "seller" | "system";

export interface OfferRule {
  from: OfferStatus;
  event: OfferEvent;
  by: OfferRole;
  to: OfferStatus;
}

export const OFFER_TRANSITIONS: readonly OfferRule[] = [
  { from: "pending", event: "accept", by: "seller", to: "accepted" },
  { from: "pending", event: "counter", by: "seller", to: "countered" },
  { from: "pending", event: "decline", by: "seller", to: "declined" },
  { from: "pending", event: "withdraw", by: "buyer", to: "withdrawn" },
  { from: "countered", event: "accept", by: "buyer", to: "accepted" },
  { from: "countered", event: "decline", by: "buyer", to: "declined" },
  { from: "pending", event: "expire", by: "system", to: "expired" },
  { from: "countered", event: "expire", by: "system", to: "expired" },
  { from: "accepted", event: "expire", by: "system", to: "expired" },
  { from: "accepted", event: "purchase", by: "system", to: "purchased" },
  { from: "pending", event: "close", by: "system", to: "closed" },
  { from: "countered", event: "close", by: "system", to: "closed" },
  { from: "accepted", event: "close", by: "system", to: "closed" },
];

export const OFFER_EVENTS: readonly OfferEvent[] = [
  "accept",
  "counter",
  "decline",
  "withdraw",
  "expire",
  "purchase",
  "close",
];

/** States in which a negotiation is still open (one per buyer and listing). */
export const OPEN_OFFER_STATUSES: readonly OfferStatus[] = ["pending", "countered", "accepted"];

/** How long each open state lasts before the expiry job closes it. */
export const OFFER_HOURS = { pending: 48, countered: 48, accepted: 24 } as const;

const EVENT_LABELS: Record<OfferEvent, string> = {
  accept: "accept",
  counter: "counter",
  decline: "decline",
  withdraw: "withdraw",
  expire: "expire",
  purchase: "buy at",
  close: "close",
};

export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  pending: "waiting for the seller",
  countered: "countered by the seller",
  accepted: "accepted",
  declined: "declined",
  withdrawn: "withdrawn",
  expired: "expired",
  purchased: "bought",
  closed: "closed",
};

export type OfferTransitionCheck = TransitionCheck<OfferStatus>;

/** The rows above grouped per event: who may act depends on the state, so an event has several rules. */
const RULES_BY_EVENT = Object.fromEntries(
  OFFER_EVENTS.map((event) => [
    event,
    OFFER_TRANSITIONS.filter((row) => row.event === event).map((row): TransitionRule<OfferStatus, OfferRole> => ({
      from: [row.from],
      to: row.to,
      by: [row.by],
    })),
  ]),
) as Record<OfferEvent, TransitionRule<OfferStatus, OfferRole>[]>;

export const OFFER_MACHINE: StateMachine<OfferEvent, OfferStatus, OfferRole> = {
  rules: RULES_BY_EVENT,
  notAllowed: (event) => `You can't ${EVENT_LABELS[event]} this offer.`,
  wrongState: (event, offer) => `An offer that is ${OFFER_STATUS_LABELS[offer.status]} can't be ${pastTense(event)}.`,
};

export function checkOfferTransition(event: OfferEvent, status: OfferStatus, role: OfferRole): OfferTransitionCheck {
  return transitionCheck(OFFER_MACHINE, event, { status }, role);
}

function pastTense(event: OfferEvent): string {
  switch (event) {
    case "accept":
      return "accepted";
    case "counter":
      return "countered";
    case "decline":
      return "declined";
    case "withdraw":
      return "withdrawn";
    case "expire":
      return "expired";
    case "purchase":
      return "bought";
    case "close":
      return "closed";
  }
}

/** The events a member may trigger on an offer now (the UI offers these; the module enforces them). */
export function offerActionsFor(status: OfferStatus, role: "buyer" | "seller"): OfferEvent[] {
  return OFFER_EVENTS.filter((event) => checkOfferTransition(event, status, role).ok);
}

/** Why an open negotiation was closed by a change to its listing (or its buyer leaving). */
export const CLOSE_REASONS = {
  sold: "The item was sold.",
  archived: "The seller took the listing down.",
  removed: "The listing was removed.",
  buyer_left: "The buyer closed their Stoop account.",
} as const;
export type CloseReason = keyof typeof CLOSE_REASONS;
