import type { Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { PassportEntryKind } from "~db/schema-passport";
import type { QueueName } from "~/modules/jobs/definitions.server";
import type { NotificationKind } from "~/modules/notifications/kinds";

/**
 * What a transition causes beyond its own row, as plain data. A transition (an order, a service
 * line, a listing) plans its effects from what it read beforehand, and `runEffects` carries them
 * out in the same transaction. The module that plans an effect never imports the module that
 * carries it out: the handlers are registered once by the app's wiring (app/wiring/effects.server.ts),
 * so a lower module (listings) can ask for something a higher one (orders' offers) does, and the
 * orders module can complete an order from a service line without service lines calling back
 * into orders (docs/decisions/028-transitions-return-effects.md).
 */
export type Effect =
  /** One in-app/email notification, deduplicated by its key. */
  | {
      kind: "notify";
      userId: string;
      notification: NotificationKind;
      content: { title: string; body: string; url: string };
      dedupeKey: string;
    }
  /** A background job, enqueued in the transaction (so it exists only if the change commits). */
  | { kind: "enqueueJob"; queue: QueueName; data: Record<string, string>; startAfter?: Date; singletonKey?: string }
  /** The order sold the item: the listing becomes sold (by the system). */
  | { kind: "listing.markSold"; listingId: string }
  /** The order ended without a sale: the listing is for sale again. */
  | { kind: "listing.release"; listingId: string }
  /** The listing no longer sells: its open offers close (except the one that bought it). */
  | { kind: "offers.close"; listingId: string; reason: "sold" | "archived" | "removed"; exceptOfferId?: string | null }
  /** A paid order used up the accepted offer it was bought at. */
  | { kind: "offer.markPurchased"; offerId: string }
  /** The order ended: its service lines are cancelled (only the unfinished ones, with openOnly). */
  | { kind: "serviceLines.cancel"; orderId: string; openOnly: boolean }
  /** A payout row for a payee, keyed by order, payee and purpose (the payout job sends it). */
  | {
      kind: "payout.plan";
      orderId: string;
      payee: { kind: "member"; userId: string } | { kind: "shop"; retailerId: string };
      notifyUserId: string;
      purpose: "sale" | "service";
      amountCents: number;
    }
  /**
   * A service line moved the order on, as the system: its services are settled (complete), an
   * inspection failed (cancel and refund in full), the seller handed the item to the shop
   * (ready for pickup), or the buyer collected it there (receipt, then completion if nothing is open).
   */
  | {
      kind: "order.advance";
      orderId: string;
      step: "complete" | "inspectionFailed" | "markReady" | "receive" | "shopDeclined";
    }
  /**
   * The item's passport gains an entry: a shop's staff finished a service line on it (a service
   * done, an inspection passed, a handoff collected), or its order completed (a change of owner).
   * Planned only by those transitions, never by a member's form (docs/decisions/041).
   */
  /**
   * What members' feeds show changed beyond listings (which announce themselves): a shop's service
   * or answer reaches every follower's feed (`memberId` null), a member's own follows only theirs.
   * The handler drops the cached first pages after the COMMIT (docs/decisions/049).
   */
  | { kind: "feed.changed"; memberId: string | null }
  | {
      kind: "passport.record";
      listingId: string;
      entry: {
        kind: PassportEntryKind;
        retailerId: string | null;
        title: string;
        orderId: string;
        orderServiceId: string | null;
      };
    };

export type EffectKind = Effect["kind"];

/** Every kind, so a test can check that the wiring handles each one. */
export const EFFECT_KINDS = [
  "notify",
  "enqueueJob",
  "listing.markSold",
  "listing.release",
  "offers.close",
  "offer.markPurchased",
  "serviceLines.cancel",
  "payout.plan",
  "order.advance",
  "passport.record",
  "feed.changed",
] as const satisfies readonly EffectKind[];

// Compile-time check that EFFECT_KINDS names every kind of the union.
type Missing = Exclude<EffectKind, (typeof EFFECT_KINDS)[number]>;
const everyKindListed: Missing extends never ? true : Missing = true;
void everyKindListed;

type Trx = Transaction<Database>;

export type EffectHandler<K extends EffectKind> = (trx: Trx, effect: Extract<Effect, { kind: K }>) => Promise<void>;
export type EffectHandlers = { [K in EffectKind]: EffectHandler<K> };

// Plain module state: the host loads only the built bundle, so this table exists once in memory
// and the wiring that fills it (imported by entry.server.tsx) fills this copy.
let handlers: Partial<EffectHandlers> = {};

/** The app's wiring registers every handler once, at start-up. */
export function registerEffectHandlers(table: EffectHandlers): void {
  handlers = { ...table };
}

/**
 * For a test that proves a forgotten handler fails loudly: runs `work` with `kind` unhandled, then
 * puts the handler back.
 */
export async function withoutEffectHandler<T>(kind: EffectKind, work: () => Promise<T>): Promise<T> {
  const saved = handlers;
  handlers = { ...handlers };
  delete handlers[kind];
  try {
    return await work();
  } finally {
    handlers = saved;
  }
}

/** The kinds nothing handles yet (empty once the wiring has run). */
export function unhandledEffectKinds(): EffectKind[] {
  return EFFECT_KINDS.filter((kind) => !handlers[kind]);
}

export class UnhandledEffect extends Error {
  constructor(kind: string) {
    super(
      `No handler for the effect "${kind}": import app/wiring/effects.server.ts at start-up ` +
        "(a skipped effect could be a refund or a notification nobody sends).",
    );
    this.name = "UnhandledEffect";
  }
}

/**
 * Carries out `effects` in order, in the caller's transaction: a failing effect rolls the whole
 * transition back. An effect without a handler throws before anything runs, never skips silently.
 * Work that must wait for the COMMIT (a cache bump) is the handler's to queue with afterCommit.
 */
export async function runEffects(trx: Trx, effects: readonly Effect[]): Promise<void> {
  for (const effect of effects) if (!handlers[effect.kind]) throw new UnhandledEffect(effect.kind);
  for (const effect of effects) {
    const handler = handlers[effect.kind] as EffectHandler<typeof effect.kind> | undefined;
    if (!handler) throw new UnhandledEffect(effect.kind);
    await handler(trx, effect as never);
  }
}
