import { registerEffectHandlers, type EffectHandlers } from "~/lib/effects.server";
import { announceFeedChanged } from "~/modules/community/feed-cache.server";
import { enqueueJob } from "~/modules/jobs/queue.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { recordPassportEntry } from "~/modules/listings/passport.server";
import { notify } from "~/modules/notifications/notify.server";
import { closeOpenOffers, markOfferPurchased } from "~/modules/orders/offers.server";
import { confirmReceipt, transitionOrder } from "~/modules/orders/orders.server";
import { cancelServiceLines } from "~/modules/orders/service-lines.server";
import { planPayout } from "~/modules/payments/gateway.server";

/**
 * Who carries out each effect a transition returns (app/lib/effects.server.ts). The app's wiring
 * is the one place that may know every module, so a module that plans an effect never imports
 * the one that does it: listings asks for its offers to close, a service line for its order to
 * complete, and neither calls back up. `wireEffects()` runs at the top of app/entry.server.tsx
 * (so the built bundle, and with it the web server and the job worker, is wired before it serves
 * or works) and in the vitest setup file tests/support/wire-effects.ts. A call rather than an
 * import for its side effect: package.json says "sideEffects": false, so a bundler may drop a
 * bare import.
 */
export const EFFECT_HANDLERS: EffectHandlers = {
  notify: async (trx, effect) => {
    await notify(trx, effect.userId, effect.notification, effect.content, { dedupeKey: effect.dedupeKey });
  },
  enqueueJob: async (trx, effect) => {
    await enqueueJob(trx, effect.queue, effect.data, {
      ...(effect.startAfter ? { startAfter: effect.startAfter } : {}),
      ...(effect.singletonKey ? { singletonKey: effect.singletonKey } : {}),
    });
  },
  "listing.markSold": async (trx, effect) => {
    await transitionListing(trx, { listingId: effect.listingId, action: "markSold", actor: "system" });
  },
  "listing.release": async (trx, effect) => {
    await transitionListing(trx, { listingId: effect.listingId, action: "release", actor: "system" });
  },
  "offers.close": async (trx, effect) => {
    await closeOpenOffers(trx, effect.listingId, effect.reason, { exceptOfferId: effect.exceptOfferId ?? null });
  },
  "offer.markPurchased": (trx, effect) => markOfferPurchased(trx, effect.offerId),
  "serviceLines.cancel": (trx, effect) => cancelServiceLines(trx, effect.orderId, { openOnly: effect.openOnly }),
  "payout.plan": (trx, { kind: _kind, ...payout }) => planPayout(trx, payout),
  "order.advance": async (trx, { orderId, step }) => {
    if (step === "receive") await confirmReceipt(trx, orderId, "system");
    else await transitionOrder(trx, { orderId, event: step, actor: "system" });
  },
  "passport.record": (trx, { listingId, entry }) => recordPassportEntry(trx, { listingId, entry }),
  "feed.changed": (trx, { memberId }) => announceFeedChanged(trx, memberId),
};

/** Called once at start-up; idempotent (a dev reload or a test file may call it again). */
export function wireEffects(): void {
  registerEffectHandlers(EFFECT_HANDLERS);
}
