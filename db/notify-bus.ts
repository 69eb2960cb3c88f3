import type { PGlite } from "@electric-sql/pglite";
import { sql, type QueryExecutorProvider } from "kysely";
import pg from "pg";

/**
 * A message bus between app processes on one database: PostgreSQL LISTEN/NOTIFY (PGlite has it
 * too, inside its one process). docs/decisions/040-caches-across-processes.md.
 *
 * - `publish(executor, channel, payload)` sends a NOTIFY through the executor. Inside a transaction
 *   PostgreSQL holds it until COMMIT and drops it on ROLLBACK, so a message never announces a change
 *   that did not happen, and it leaves in the same step as the change (no window after the COMMIT
 *   in which the process could die with the message unsent).
 * - `subscribe(channel, handlers)` listens on one dedicated connection per process (not a pooled one:
 *   a pooled connection's LISTEN would be lost when the pool recycles it). When that connection
 *   breaks, `lost()` runs at once; messages sent meanwhile are gone, so once it is back every
 *   subscriber's `reset()` runs and must treat what it derived from earlier messages as stale.
 */
export interface NotifyHandlers {
  message(payload: string): void;
  /** The connection broke: messages may be missed until `reset()`. */
  lost?(): void;
  /** Listening again after a break (never on the first connection). */
  reset?(): void;
}

export interface NotifyBus {
  /** Resolves once the channel is listened to; the returned function stops this subscription. */
  subscribe(channel: string, handlers: NotifyHandlers): Promise<() => void>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** PostgreSQL refuses payloads of 8000 bytes or more; keep well under (send ids, not documents). */
export const MAX_PAYLOAD_BYTES = 7_999;

function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`Invalid notify channel: ${JSON.stringify(channel)}`);
}

/** Sends `payload` on `channel`: at COMMIT when `executor` is a transaction, at once otherwise. */
export async function publish(executor: QueryExecutorProvider, channel: string, payload = ""): Promise<void> {
  assertChannel(channel);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`Notify payload too large for ${channel}`);
  await sql`select pg_notify(${channel}, ${payload})`.execute(executor);
}

class Subscribers {
  private readonly byChannel = new Map<string, Set<NotifyHandlers>>();

  add(channel: string, handlers: NotifyHandlers): { first: boolean; remove: () => boolean } {
    let set = this.byChannel.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
    }
    set.add(handlers);
    return {
      first,
      remove: () => {
        set.delete(handlers);
        if (set.size > 0 || this.byChannel.get(channel) !== set) return false;
        this.byChannel.delete(channel);
        return true;
      },
    };
  }
  channels(): string[] {
    return [...this.byChannel.keys()];
  }
  deliver(channel: string, payload: string): void {
    for (const handlers of this.byChannel.get(channel) ?? []) handlers.message(payload);
  }
  each(call: (handlers: NotifyHandlers) => void): void {
    for (const set of this.byChannel.values()) for (const handlers of set) call(handlers);
  }
}

export interface PostgresBusOptions {
  /** First wait before reconnecting after a break; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  onError?: (error: Error) => void;
}

/** The bus on a PostgreSQL server: one `pg.Client` of its own, reconnected when it breaks. */
export function openPostgresBus(databaseUrl: string, options: PostgresBusOptions = {}): NotifyBus {
  const subscribers = new Subscribers();
  const retryMs = options.retryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let wait = retryMs;
  let everConnected = false;
  let closed = false;

  const listenSql = (channel: string) => `LISTEN "${channel}"`;

  function connect(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: databaseUrl });
      next.on("notification", (message) => subscribers.deliver(message.channel, message.payload ?? ""));
      next.on("error", (error) => {
        options.onError?.(error);
        broke(next);
      });
      next.on("end", () => broke(next));
      try {
        await next.connect();
        for (const channel of subscribers.channels()) await next.query(listenSql(channel));
      } catch (error) {
        next.removeAllListeners("end");
        await next.end().catch(() => {});
        throw error;
      }
      if (closed) {
        await next.end().catch(() => {});
        throw new Error("The notify bus is closed.");
      }
      client = next;
      wait = retryMs;
      if (everConnected) subscribers.each((handlers) => handlers.reset?.());
      everConnected = true;
      return next;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  function broke(which: pg.Client): void {
    if (client !== which) return;
    client = null;
    which.end().catch(() => {});
    subscribers.each((handlers) => handlers.lost?.());
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().catch((error: unknown) => {
        if (closed) return;
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        wait = Math.min(wait * 2, maxRetryMs);
        scheduleReconnect();
      });
    }, wait);
    retryTimer.unref();
  }

  return {
    async subscribe(channel, handlers) {
      assertChannel(channel);
      if (closed) throw new Error("The notify bus is closed.");
      const { first, remove } = subscribers.add(channel, handlers);
      try {
        const connected = await connect();
        // connect() LISTENs to every channel known when it connected; a new one needs its own.
        if (first && client === connected) await connected.query(listenSql(channel));
      } catch (error) {
        remove();
        throw error;
      }
      return () => {
        if (remove() && client) client.query(`UNLISTEN "${channel}"`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const open = client ?? (await connecting?.catch(() => null)) ?? null;
      client = null;
      if (open) {
        open.removeAllListeners("end");
        await open.end().catch(() => {});
      }
    },
  };
}

/** The bus on the embedded PGlite: the instance delivers its own NOTIFYs; it never disconnects. */
export function openPGliteBus(pglite: PGlite): NotifyBus {
  const stops = new Set<() => Promise<void>>();
  return {
    async subscribe(channel, handlers) {
      assertChannel(channel);
      const unlisten = await pglite.listen(channel, (payload) => handlers.message(payload));
      const stop = () => unlisten();
      stops.add(stop);
      return () => {
        stops.delete(stop);
        if (!pglite.closed) stop().catch(() => {});
      };
    },
    async close() {
      if (!pglite.closed) for (const stop of stops) await stop().catch(() => {});
      stops.clear();
    },
  };
}
