/**
 * Short-lived, in-process caches for the search page (docs/decisions/015-search-performance.md).
 *
 * - Every write through the listings module (create, edit, publish/reserve/sell/archive/remove,
 *   photos) bumps a generation number once the outermost transaction commits (`afterCommit`,
 *   docs/decisions/019-after-commit-effects.md); an entry computed under an older generation is
 *   never served as fresh.
 * - `fresh` entries (search results) are used only while their generation is current and they are
 *   younger than their TTL; otherwise the caller waits for a new computation.
 * - `staleWhileRevalidate` entries (facet counts) are returned even when outdated, while one
 *   refresh runs in the background, so a count may lag the listings by about the TTL.
 * - Other processes (more app processes, the job worker) learn of a change through PostgreSQL
 *   NOTIFY on LISTINGS_CHANNEL, sent in the writing transaction so it leaves at its COMMIT
 *   (`announceListingsChanged`); every process listens (`followListingChanges`) and bumps its
 *   generation. While its listening connection is down a process serves nothing from these caches,
 *   and once it is back every entry counts as stale (docs/decisions/040-caches-across-processes.md).
 * The listing page itself is never cached: it always reads the listing's current state.
 */
import type { Transaction } from "kysely";
import { publish, type NotifyBus } from "~db/notify-bus";
import type { Database } from "~db/schema";
import { afterCommit } from "~db/transaction";

interface State {
  generation: number;
  /** False while this process may be missing other processes' changes (its LISTEN connection is down). */
  coherent: boolean;
  stores: WeakMap<object, Map<string, Entry>>;
}
interface Entry {
  generation: number;
  expires: number;
  value: Promise<unknown>;
  refreshing: boolean;
}
// Plain module state: the host loads only the built bundle, so there is one cache per process.
const state: State = { generation: 0, coherent: true, stores: new WeakMap() };

export const MAX_ENTRIES = 2_000;
export const LISTINGS_CHANNEL = "stoop_listings_changed";

/** Drops this process's cached pages (they stay in memory but are never served as fresh). */
export function listingsChanged(): void {
  state.generation++;
}

/**
 * The generation other caches built on listings compare against (the feed's first pages, ADR 049),
 * or null while this process may be missing other processes' changes (serve nothing cached then).
 */
export function listingsGeneration(): number | null {
  return state.coherent ? state.generation : null;
}

/**
 * Call inside every transaction that changes what search shows: this process's caches drop their
 * pages after the COMMIT, and every other process's when the NOTIFY (delivered at COMMIT) arrives.
 */
export async function announceListingsChanged(trx: Transaction<Database>): Promise<void> {
  afterCommit(trx, listingsChanged);
  await publish(trx, LISTINGS_CHANNEL);
}

/** Subscribes this process's caches to the other processes' changes (app/server/start.ts). */
export function followListingChanges(bus: NotifyBus): Promise<() => void> {
  return bus.subscribe(LISTINGS_CHANNEL, {
    message: listingsChanged,
    lost: () => {
      state.coherent = false;
      listingsChanged();
    },
    reset: () => {
      listingsChanged();
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

function remember(store: Map<string, Entry>, key: string, entry: Entry) {
  store.delete(key); // re-insert: Map order doubles as least-recently-stored order
  store.set(key, entry);
  entry.value.catch(() => {
    if (store.get(key) === entry) store.delete(key);
  });
  while (store.size > MAX_ENTRIES) store.delete(store.keys().next().value!);
}

/**
 * Returns the cached value for `key` under `owner` (the database handle), computing it when
 * missing. With `staleWhileRevalidate`, an outdated value is returned at once and refreshed in
 * the background (one refresh at a time per key).
 */
export function cached<T>(
  owner: object,
  key: string,
  options: { ttlSeconds: number; staleWhileRevalidate?: boolean },
  compute: () => Promise<T>,
): Promise<T> {
  if (options.ttlSeconds <= 0 || !state.coherent) return compute();
  const store = storeFor(owner);
  const now = Date.now();
  const entry = store.get(key);
  const generation = state.generation;
  if (entry && entry.generation === generation && entry.expires > now) return entry.value as Promise<T>;
  const fresh = (): Entry => ({
    generation,
    expires: now + options.ttlSeconds * 1000,
    value: compute(),
    refreshing: false,
  });
  if (entry && options.staleWhileRevalidate) {
    if (!entry.refreshing) {
      entry.refreshing = true;
      const next = fresh();
      next.value.then(
        () => remember(store, key, next),
        () => {
          entry.refreshing = false;
        },
      );
    }
    return entry.value as Promise<T>;
  }
  const next = fresh();
  remember(store, key, next);
  return next.value as Promise<T>;
}
