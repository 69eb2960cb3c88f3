import type { DisputeStatus } from "~db/schema-disputes";
import type { StateMachine, TransitionRule } from "~/lib/transitions";

/**
 * The dispute state machine. `transitionDispute` (transitions.server.ts) is the only code that
 * changes a case's status, and each change writes a dispute_events row.
 *
 *   (opened by the buyer, or by a chargeback) → open ─decide (admin: the plan is stored)→ resolving
 *   resolving ─resolve (admin: the money has moved, the order has left `disputed`)→ resolved
 *
 * A retry of a decision finds the case resolving and carries out the stored plan; it never
 * decides twice (docs/decisions/014-disputes.md).
 */

export type DisputeEvent = "decide" | "resolve";
/** admin: the one deciding the case (resolve.server.ts also refuses an admin who is a party). */
export type DisputeRole = "admin";

export const DISPUTE_TRANSITIONS: Record<DisputeEvent, TransitionRule<DisputeStatus, DisputeRole>> = {
  decide: { from: ["open"], to: "resolving", by: ["admin"] },
  resolve: { from: ["resolving"], to: "resolved", by: ["admin"] },
};

const STATUS_LABELS: Record<DisputeStatus, string> = {
  open: "open",
  resolving: "being resolved",
  resolved: "resolved",
};

export const DISPUTE_MACHINE: StateMachine<DisputeEvent, DisputeStatus, DisputeRole> = {
  rules: DISPUTE_TRANSITIONS,
  notAllowed: () => "Only an admin can decide a dispute.",
  wrongState: (event, dispute) =>
    `A dispute that is ${STATUS_LABELS[dispute.status]} can't be ${event === "decide" ? "decided" : "resolved"}${
      event === "decide" || dispute.status === "resolved" ? " again" : " yet"
    }.`,
};

/** The case timeline's wording (the admin page); `open` and `chargeback` are written when a case opens. */
export const DISPUTE_EVENT_TITLES: Record<DisputeEvent | "open" | "chargeback", string> = {
  open: "Dispute opened by the buyer",
  chargeback: "Chargeback opened by the buyer's bank",
  decide: "Decision recorded",
  resolve: "Decision carried out: dispute resolved",
};
