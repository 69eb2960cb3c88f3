/**
 * The per-member cache of the feed's first page (docs/decisions/049-feed-first-page-cache.md), in
 * the process, next to the search caches of ADR 015/040 and on the same machinery:
 *
 * - What is cached is the page's data (the hydrated items, the next-page cursor, the nearby rule's
 *   outcome, the follow count and the feed settings), never HTML, keyed by the database handle,
 *   the member and the page size (the home page shows 5 items, /feed 20).
 * - Listings: any listing change (publish, edit, price drop, reserve/sell/archive/remove, photos,
 *   a seller's suspension) already bumps the search caches' generation after its COMMIT and in
 *   every other process through NOTIFY (`announceListingsChanged`, ADR 040). An entry computed
 *   under an older listings generation is never served: a followed member's new listing or price
 *   drop, and the nearby listings, show on the next load.
 * - Everything else the feed shows is announced here (`announceFeedChanged`): a member's own
 *   follow, unfollow or feed place drops that member's entries; a shop's service (added, edited,
 *   paused), an answer (posted, removed) or a shop's verification drops every member's. Inside
 *   the writing transaction: the local drop is an after-commit effect (ADR 019), the NOTIFY on
 *   FEED_CHANNEL leaves at COMMIT and reaches every process (payload: the member's id, or empty
 *   for everyone).
 * - While this process's listening connection is down nothing is served from the cache; once it
 *   listens again every entry counts as stale (ADR 040's rule).
 * - TTL: NEARBY_TTL_SECONDS for a member with a feed place (their Wanted requests nearby are not
 *   announced, and expire by time), OTHER_TTL_SECONDS otherwise: a safety net for what no module
 *   announces (a seller's or shop's new name, writes made with straight SQL).
 */
import type { Transaction } from "kysely";
import { publish, type NotifyBus } from "~db/notify-bus";
import type { Database } from "~db/schema";
import { afterCommit } from "~db/transaction";
import { listingsGeneration } from "~/modules/listings/search-cache.server";

export const FEED_CHANNEL = "stoop_feed_changed";
export const NEARBY_TTL_SECONDS = 30;
export const OTHER_TTL_SECONDS = 300;
export const MAX_FEED_ENTRIES = 5_000;
/** Members dropped one by one that are remembered before everything is dropped at once instead. */
const MAX_MEMBER_DROPS = 10_000;

interface Entry {
  /** The sequence number at which the computation started: later than a member drop, or stale. */
  seq: number;
  generation: number;
  listings: number;
  expires: number;
  value: Promise<unknown>;
}

interface State {
  seq: number;
  /** Bumped when every member's entries drop (a shop's news, a reconnect). */
  generation: number;
  coherent: boolean;
  /** Member id -> the sequence number of their last drop. */
  memberDrops: Map<string, number>;
  stores: WeakMap<object, Map<string, Entry>>;
}
// Plain module state: the host loads only the built bundle, so there is one cache per process.
const state: State = { seq: 0, generation: 0, coherent: true, memberDrops: new Map(), stores: new WeakMap() };

/** Drops this process's cached first pages: one member's, or everyone's (`null`). */
export function feedChanged(memberId: string | null): void {
  if (memberId === null || state.memberDrops.size >= MAX_MEMBER_DROPS) {
    state.generation++;
    state.memberDrops.clear();
    if (memberId === null) return;
  }
  state.memberDrops.set(memberId, ++state.seq);
}

/**
 * Call inside the transaction that changes what a feed shows (besides listings, which announce
 * themselves): the member's own follows and feed place (`memberId`), or a shop's services and
 * answers, which reach many feeds (`null`). This process drops after the COMMIT, every other
 * process when the NOTIFY (delivered at COMMIT) arrives.
 */
export async function announceFeedChanged(trx: Transaction<Database>, memberId: string | null): Promise<void> {
  afterCommit(trx, () => feedChanged(memberId));
  await publish(trx, FEED_CHANNEL, memberId ?? "");
}

/** Subscribes this process's feed cache to the other processes' changes (app/server/start.ts). */
export function followFeedChanges(bus: NotifyBus): Promise<() => void> {
  return bus.subscribe(FEED_CHANNEL, {
    message: (payload) => feedChanged(payload === "" ? null : payload),
    lost: () => {
      state.coherent = false;
      feedChanged(null);
    },
    reset: () => {
      feedChanged(null);
      state.coherent = true;
    },
  });
}

function storeFor(owner: object): Map<string, Entry> {
  let store = state.stores.get(owner);
  if (!store) {
    store = new Map();
    state.stores.set(owner, store);
  }
  return store;
}

function fresh(entry: Entry, memberId: string, listings: number, now: number): boolean {
  return (
    entry.generation === state.generation &&
    entry.listings === listings &&
    entry.seq > (state.memberDrops.get(memberId) ?? 0) &&
    entry.expires > now
  );
}

/**
 * The member's cached first page under `owner` (the database handle), computed when missing or
 * stale. `ttlSeconds` is decided from the computed page (a feed place shortens it). The entry is
 * stored when the computation starts, so a drop that lands while it runs removes it too: a page
 * read before a change is never served after it.
 */
export function cachedFirstPage<T>(
  owner: object,
  memberId: string,
  pageSize: number,
  compute: () => Promise<T>,
  ttlSeconds: (value: T) => number,
): Promise<T> {
  const listings = listingsGeneration();
  if (!state.coherent || listings === null) return compute();
  const store = storeFor(owner);
  const key = `${memberId}:${pageSize}`;
  const now = Date.now();
  const entry = store.get(key);
  if (entry && fresh(entry, memberId, listings, now)) return entry.value as Promise<T>;
  const next: Entry = {
    seq: ++state.seq,
    generation: state.generation,
    listings,
    // Until the value is known it is served only to requests that arrive while it is computed.
    expires: now + NEARBY_TTL_SECONDS * 1000,
    value: compute(),
  };
  store.delete(key); // re-insert: Map order doubles as least-recently-stored order
  store.set(key, next);
  next.value.then(
    (value) => {
      next.expires = now + ttlSeconds(value as T) * 1000;
    },
    () => {
      if (store.get(key) === next) store.delete(key);
    },
  );
  while (store.size > MAX_FEED_ENTRIES) store.delete(store.keys().next().value!);
  return next.value as Promise<T>;
}
