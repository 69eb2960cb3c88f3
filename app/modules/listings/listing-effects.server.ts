import type { Effect } from "~/lib/effects.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import type { ListingAction } from "./transitions";

/** Listing changes that close its open offers, and the reason the buyers are told. */
const OFFER_CLOSE_REASONS: Partial<Record<ListingAction, Extract<Effect, { kind: "offers.close" }>["reason"]>> = {
  markSold: "sold",
  archive: "archived",
  remove: "removed",
};

/**
 * What a listing's transition causes elsewhere, as data: the offers live in a higher module
 * (orders), so listings asks for their closing through the effects dispatcher instead of
 * importing it.
 */
export function listingEffects(listingId: string, action: ListingAction): Effect[] {
  const effects: Effect[] = [];
  // Saved-search alerts go out from a job enqueued in this transaction: only if the publish commits.
  if (action === "publish") {
    effects.push({ kind: "enqueueJob", queue: QUEUES.savedSearchAlerts, data: { listingId } });
    // The seller's followers hear of it (the handler lives above, in the wiring: follows are community's).
    effects.push({ kind: "enqueueJob", queue: QUEUES.followListing, data: { listingId } });
  }
  // Back on sale after an order ended unpaid or cancelled: whoever saved it hears (price-drops.server.ts).
  if (action === "release")
    effects.push({ kind: "enqueueJob", queue: QUEUES.priceDrop, data: { listingId, reason: "back" } });
  // A listing that no longer sells closes its open offers (a paid order closes them earlier, at payment).
  const reason = OFFER_CLOSE_REASONS[action];
  if (reason) effects.push({ kind: "offers.close", listingId, reason });
  return effects;
}

/** The seller lowered the price of a listing on sale: whoever saved it hears (once per price). */
export function priceDropEffects(listingId: string): Effect[] {
  return [{ kind: "enqueueJob", queue: QUEUES.priceDrop, data: { listingId, reason: "drop" } }];
}
