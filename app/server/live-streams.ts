import type { Kysely } from "kysely";
import type { NotifyBus } from "~db/notify-bus";
import type { Database } from "~db/schema";
import type { Logger } from "~/lib/logger.server";
import {
  decodeLiveEvent,
  latestLiveEventId,
  LIVE_CHANNEL,
  liveEventsAfter,
  MAX_REPLAY,
  type LiveEvent,
} from "~/modules/notifications/live-events.server";

/**
 * The open Server-Sent Events streams of this process (GET /events, ADR 045): one per signed-in
 * tab. Every process LISTENs once on `stoop_live` (the notify bus) and hands each event to the
 * streams of the member it names, so a message sent through any process reaches a tab on any other.
 *
 * A stream starts with what the tab missed (the logged events after its `Last-Event-ID`, or a
 * `ready` event carrying the newest id for a fresh tab), then live events; after each burst it sends
 * the member's header counts (`counts`). Comment lines every HEARTBEAT_MS keep proxies and the
 * browser from timing it out. While the bus is down events may be missed; once it is back every
 * stream replays from its own last id.
 */
export interface LiveStreams {
  /** A streaming response for this member, or null when they already have MAX_STREAMS_PER_USER here. */
  open(input: { userId: string; lastEventId: number | null; signal: AbortSignal }): Promise<Response | null>;
  /** Open streams in this process. */
  size(): number;
  /** Ends every stream (at shutdown: the browsers reconnect to another process) and stops listening. */
  close(): Promise<void>;
}

export interface LiveStreamOptions {
  db: Kysely<Database>;
  bus: NotifyBus;
  logger: Logger;
  /** The header counts a `counts` event carries (unread notifications and messages). */
  countsFor(userId: string): Promise<{ notifications: number; messages: number }>;
  heartbeatMs?: number;
  maxStreamsPerUser?: number;
  /** How long after an event the counts follow (a burst of events sends them once). */
  countsDelayMs?: number;
}

export const HEARTBEAT_MS = 25_000;
/** Tabs per member per process; one more is refused (429), and that tab falls back to polling. */
export const MAX_STREAMS_PER_USER = 10;
/** The browser's wait before reconnecting after the stream drops. */
const RETRY_MS = 3_000;

const encoder = new TextEncoder();

export function sseFrame(event: { id?: number | null; event?: string; data?: unknown }): string {
  let frame = "";
  if (event.id !== undefined && event.id !== null) frame += `id: ${event.id}\n`;
  if (event.event) frame += `event: ${event.event}\n`;
  // JSON has no raw newlines, so one data line is always enough.
  frame += `data: ${JSON.stringify(event.data ?? {})}\n\n`;
  return frame;
}

/** Ids a stream remembers having sent, to drop the same event arriving by replay and live. */
const SENT_IDS_KEPT = 500;

class Stream {
  lastSentId = 0;
  private readonly sentIds = new Set<number>();
  /** Live events that arrive while the replay is being read; sent after it, minus duplicates. */
  private held: LiveEvent[] | null = [];
  private countsTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly userId: string,
    private readonly controller: ReadableStreamDefaultController<Uint8Array>,
    private readonly options: Required<Pick<LiveStreamOptions, "countsFor" | "countsDelayMs">> & { logger: Logger },
    readonly end: () => void,
  ) {}

  write(text: string): void {
    if (this.closed) return;
    try {
      this.controller.enqueue(encoder.encode(text));
    } catch {
      this.end();
    }
  }

  deliver(event: LiveEvent): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    this.send(event);
  }

  private send(event: LiveEvent): void {
    if (event.id !== null) {
      // By id, not by "newer than the last": two transactions can commit in the other order than
      // their ids were drawn, and the later-numbered one must not hide the earlier.
      if (this.sentIds.has(event.id)) return;
      this.sentIds.add(event.id);
      if (this.sentIds.size > SENT_IDS_KEPT) this.sentIds.delete(this.sentIds.values().next().value!);
      this.lastSentId = Math.max(this.lastSentId, event.id);
    }
    this.write(sseFrame({ id: event.id, event: event.kind, data: event.data }));
    if (event.kind !== "typing") this.scheduleCounts();
  }

  /** Sends the logged events after `afterId`, then whatever arrived meanwhile. */
  async replay(db: Kysely<Database>, afterId: number | null): Promise<void> {
    this.held ??= [];
    try {
      // An id this member never had (another database, a hand-written header) counts as none.
      if (afterId !== null && afterId > (await latestLiveEventId(db, this.userId))) afterId = null;
      if (afterId === null) {
        this.lastSentId = await latestLiveEventId(db, this.userId);
        this.write(sseFrame({ id: this.lastSentId, event: "ready" }));
      } else {
        const missed = await liveEventsAfter(db, this.userId, afterId);
        this.lastSentId = Math.max(this.lastSentId, afterId);
        if (missed.length > MAX_REPLAY) {
          // Too much to replay one by one: the page reloads its data instead.
          this.lastSentId = await latestLiveEventId(db, this.userId);
          this.write(sseFrame({ id: this.lastSentId, event: "reset" }));
          this.scheduleCounts();
        } else {
          for (const event of missed) this.send(event);
          this.write(sseFrame({ id: this.lastSentId, event: "ready" }));
        }
      }
    } finally {
      const held = this.held ?? [];
      this.held = null;
      for (const event of held) this.send(event);
    }
  }

  private scheduleCounts(): void {
    if (this.countsTimer || this.closed) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      this.options.countsFor(this.userId).then(
        (counts) => this.write(sseFrame({ event: "counts", data: counts })),
        (error: unknown) => this.options.logger.warn({ err: error }, "live stream: reading the header counts failed"),
      );
    }, this.options.countsDelayMs);
  }

  dispose(): void {
    this.closed = true;
    if (this.countsTimer) clearTimeout(this.countsTimer);
    try {
      this.controller.close();
    } catch {
      // already closed by the reader going away
    }
  }
}

export async function startLiveStreams(options: LiveStreamOptions): Promise<LiveStreams> {
  const { db, bus, logger } = options;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const maxStreamsPerUser = options.maxStreamsPerUser ?? MAX_STREAMS_PER_USER;
  const streamOptions = { countsFor: options.countsFor, countsDelayMs: options.countsDelayMs ?? 50, logger };
  const byUser = new Map<string, Set<Stream>>();
  let total = 0;

  const stopListening = await bus.subscribe(LIVE_CHANNEL, {
    message(payload) {
      const event = decodeLiveEvent(payload);
      if (!event) return logger.warn({ channel: LIVE_CHANNEL }, "live stream: an unreadable notification was ignored");
      for (const stream of byUser.get(event.userId) ?? []) stream.deliver(event);
    },
    reset() {
      // Notifications sent while the listener was away are gone: each stream reads its own gap.
      for (const streams of byUser.values())
        for (const stream of streams)
          stream.replay(db, stream.lastSentId).catch((error: unknown) => {
            logger.warn({ err: error }, "live stream: replay after a reconnect failed; closing the stream");
            stream.end();
          });
    },
  });

  const heartbeat = setInterval(() => {
    for (const streams of byUser.values()) for (const stream of streams) stream.write(": heartbeat\n\n");
  }, heartbeatMs);
  heartbeat.unref();

  return {
    async open({ userId, lastEventId, signal }) {
      const mine = byUser.get(userId) ?? new Set<Stream>();
      if (mine.size >= maxStreamsPerUser) return null;
      let stream: Stream | null = null;
      const end = () => {
        if (!stream || !mine.delete(stream)) return;
        total -= 1;
        if (mine.size === 0 && byUser.get(userId) === mine) byUser.delete(userId);
        signal.removeEventListener("abort", end);
        stream.dispose();
      };
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          stream = new Stream(userId, controller, streamOptions, end);
        },
        cancel: end,
      });
      const opened = stream as unknown as Stream;
      mine.add(opened);
      byUser.set(userId, mine);
      total += 1;
      // The browser went away (Remix aborts the request when the socket closes).
      signal.addEventListener("abort", end);
      if (signal.aborted) end();
      opened.write(`retry: ${RETRY_MS}\n\n`);
      try {
        await opened.replay(db, lastEventId);
      } catch (error) {
        end();
        throw error;
      }
      return new Response(body, {
        status: 200,
        headers: {
          "Content-Type": "text/event-stream; charset=utf-8",
          "Cache-Control": "no-cache, no-transform",
          // nginx and others buffer responses unless told not to; a buffered stream arrives late.
          "X-Accel-Buffering": "no",
        },
      });
    },
    size: () => total,
    async close() {
      clearInterval(heartbeat);
      stopListening();
      for (const streams of [...byUser.values()]) for (const stream of [...streams]) stream.end();
    },
  };
}
