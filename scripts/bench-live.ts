/**
 * npm run bench:live [-- --messages 200 --streams 1000]
 *
 * The live stream (ADR 045) against the PostgreSQL database at DATABASE_URL (migrated here; it adds
 * a few members and one conversation): the delay from `sendMessage` (the conversation form's
 * action, minus HTTP) to the `message` frame arriving on the recipient's open stream, over
 * --messages messages sent one after another (p50/p95/max), and the memory one process spends per
 * open stream (--streams streams across members, heap and RSS before and after, with GC). The
 * stream side is the real LiveStreams on a real LISTEN connection; Express and the socket are not
 * in the figure. A script that prints figures, not a test. Run with `node --expose-gc` for the
 * memory figure (the npm script does).
 */
import pino from "pino";
import { headerCounts, sendMessage, startConversation } from "~/modules/community/messages.server";
import { startLiveStreams } from "~/server/live-streams";
import { createListing, createUser } from "../tests/support/factories";
import { argument, openBenchDatabase, percentile } from "./bench-support";

async function main() {
  const messages = argument("messages", 200);
  const streams = argument("streams", 1000);
  // Migrations and the job queue's schema (notify() enqueues email jobs).
  const { database } = await openBenchDatabase();
  const { db } = database;
  const bus = database.openNotifyBus();
  const live = await startLiveStreams({
    db,
    bus,
    logger: pino({ level: "warn" }),
    countsFor: (userId) => headerCounts(db, userId),
  });
  try {
    const seller = await createUser(db);
    const buyer = await createUser(db);
    const listing = await createListing(db, { sellerId: seller.id });
    const conversationId = await startConversation(db, { listingId: listing.id, buyerId: buyer.id });

    // The seller's open tab.
    const controller = new AbortController();
    const response = await live.open({ userId: seller.id, lastEventId: null, signal: controller.signal });
    const reader = response!.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const arrivals = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (const match of buffer.matchAll(/"messageId":"([^"]+)"/g)) {
          if (arrivals.has(match[1]!)) continue;
          arrivals.set(match[1]!, performance.now());
          waiters.get(match[1]!)?.();
        }
        buffer = buffer.slice(Math.max(0, buffer.lastIndexOf("\n\n")));
      }
    })();

    const delays: number[] = [];
    for (let index = 0; index < messages; index += 1) {
      const started = performance.now();
      const id = await sendMessage(db, { conversationId, senderId: buyer.id, body: `Message ${index}` });
      if (!arrivals.has(id)) await new Promise<void>((resolve) => waiters.set(id, resolve));
      delays.push(arrivals.get(id)! - started);
      // The rate limit allows 60 messages per 10 minutes per member: start each burst afresh.
      if ((index + 1) % 50 === 0) await db.deleteFrom("rateLimits").execute();
    }
    controller.abort();
    delays.sort((a, b) => a - b);
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `message → open stream, ${messages} messages: p50 ${fmt(percentile(delays, 50))}, p95 ${fmt(percentile(delays, 95))}, max ${fmt(delays.at(-1)!)}`,
    );

    // Memory per open stream.
    const members = await Promise.all(Array.from({ length: Math.ceil(streams / 10) }, () => createUser(db)));
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    const open: AbortController[] = [];
    for (let index = 0; index < streams; index += 1) {
      const tab = new AbortController();
      await live.open({ userId: members[index % members.length]!.id, lastEventId: null, signal: tab.signal });
      open.push(tab);
    }
    gc?.();
    const after = process.memoryUsage();
    const perStream = (bytes: number) => `${(bytes / streams / 1024).toFixed(1)} KB`;
    console.log(
      `${live.size()} open streams in one process: heap ${perStream(after.heapUsed - before.heapUsed)} and RSS ${perStream(after.rss - before.rss)} per stream${gc ? "" : " (no --expose-gc: rough)"}`,
    );
    for (const tab of open) tab.abort();
  } finally {
    await live.close();
    await bus.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
