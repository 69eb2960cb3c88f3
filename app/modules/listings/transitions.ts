import type { ListingStatus } from "~db/schema-listings";
import { transitionCheck, type StateMachine, type TransitionCheck, type TransitionRule } from "~/lib/transitions";

/**
 * The listing state machine: which action moves a listing from which state to which, and who may
 * do it. `transitionListing` (listings.server.ts) is the only code that changes a listing's status.
 */

export type ListingAction = "publish" | "reserve" | "release" | "markSold" | "archive" | "remove";
/** owner: the seller; admin: a moderator; system: other modules (checkout reserves and releases). */
export type ActorKind = "owner" | "admin" | "system";

export const TRANSITIONS: Record<ListingAction, TransitionRule<ListingStatus, ActorKind>> = {
  publish: { from: ["draft", "archived"], to: "active", by: ["owner"] },
  reserve: { from: ["active"], to: "reserved", by: ["system"] },
  release: { from: ["reserved"], to: "active", by: ["system"] },
  markSold: { from: ["active", "reserved"], to: "sold", by: ["owner", "system"] },
  archive: { from: ["draft", "active"], to: "archived", by: ["owner"] },
  // system: a member deleting their account takes their listings down with it.
  remove: { from: ["draft", "active", "reserved", "sold", "archived"], to: "removed", by: ["admin", "system"] },
};

export const ACTION_LABELS: Record<ListingAction, string> = {
  publish: "publish",
  reserve: "reserve",
  release: "release",
  markSold: "mark as sold",
  archive: "archive",
  remove: "remove",
};

export const LISTING_MACHINE: StateMachine<ListingAction, ListingStatus, ActorKind> = {
  rules: TRANSITIONS,
  notAllowed: (action) => `You can't ${ACTION_LABELS[action]} this listing.`,
  wrongState: (action, listing) =>
    `A listing that is ${listing.status} can't be ${action === "markSold" ? "marked as sold" : `${ACTION_LABELS[action]}d`}.`,
};

export function checkTransition(
  action: ListingAction,
  from: ListingStatus,
  actor: ActorKind,
): TransitionCheck<ListingStatus> {
  return transitionCheck(LISTING_MACHINE, action, { status: from }, actor);
}

/** Statuses whose details the owner may still edit. */
export const EDITABLE_STATUSES: readonly ListingStatus[] = ["draft", "active", "archived"];

/** Statuses anyone may see on the listing page (sold stays visible, marked as sold). */
export const PUBLIC_STATUSES: readonly ListingStatus[] = ["active", "reserved", "sold"];

/** Which owner actions to offer for a status (the UI hides the rest; the module enforces them). */
export function ownerActionsFor(status: ListingStatus): ListingAction[] {
  return (["publish", "markSold", "archive"] as const).filter((action) => checkTransition(action, status, "owner").ok);
}
