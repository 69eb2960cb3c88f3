import type { ListingStatus } from "~db/schema-listings";

/**
 * The listing state machine: which action moves a listing from which state to which, and who may
 * do it. `transitionListing` (listings.server.ts) is the only code that changes a listing's status.
 */

export type ListingAction = "publish" | "reserve" | "release" | "markSold" | "archive" | "remove";
/** owner: the seller; admin: a moderator; system: other modules (checkout reserves and releases). */
export type ActorKind = "owner" | "admin" | "system";

interface Rule {
  from: readonly ListingStatus[];
  to: ListingStatus;
  by: readonly ActorKind[];
}

export const TRANSITIONS: Record<ListingAction, Rule> = {
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

export type TransitionCheck =
  { ok: true; to: ListingStatus } | { ok: false; reason: "not-allowed" | "wrong-state"; message: string };

export function checkTransition(action: ListingAction, from: ListingStatus, actor: ActorKind): TransitionCheck {
  const rule = TRANSITIONS[action];
  if (!rule.by.includes(actor)) {
    return { ok: false, reason: "not-allowed", message: `You can't ${ACTION_LABELS[action]} this listing.` };
  }
  if (!rule.from.includes(from)) {
    return {
      ok: false,
      reason: "wrong-state",
      message: `A listing that is ${from} can't be ${action === "markSold" ? "marked as sold" : `${ACTION_LABELS[action]}d`}.`,
    };
  }
  return { ok: true, to: rule.to };
}

/** Statuses whose details the owner may still edit. */
export const EDITABLE_STATUSES: readonly ListingStatus[] = ["draft", "active", "archived"];

/** Statuses anyone may see on the listing page (sold stays visible, marked as sold). */
export const PUBLIC_STATUSES: readonly ListingStatus[] = ["active", "reserved", "sold"];

/** Which owner actions to offer for a status (the UI hides the rest; the module enforces them). */
export function ownerActionsFor(status: ListingStatus): ListingAction[] {
  return (["publish", "markSold", "archive"] as const).filter((action) => checkTransition(action, status, "owner").ok);
}
