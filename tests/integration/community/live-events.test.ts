import type { AppLoadContext } from "@remix-run/node";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotifyBus } from "~db/notify-bus";
import { NotFound } from "~/lib/errors";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import {
  announceTyping,
  headerCounts,
  headerState,
  openConversation,
  sendMessage,
  startConversation,
} from "~/modules/community/messages.server";
import { markAllRead } from "~/modules/notifications/notify.server";
import { loader as eventsLoader } from "~/routes/events";
import { MAX_STREAMS_PER_USER, startLiveStreams, type LiveStreams } from "~/server/live-streams";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

/**
 * GET /events (ADR 045) on a real database: the loader as Remix calls it, the process's live streams
 * fed by the notify bus (LISTEN/NOTIFY on PostgreSQL, pglite.listen on PGlite).
 */

const database = useTestDatabase();
const db = () => database.db;
let bus: NotifyBus;
let live: LiveStreams;

beforeAll(async () => {
  bus = database.handle.openNotifyBus();
  live = await startLiveStreams({
    db: db(),
    bus,
    logger: pino({ level: "silent" }),
    countsFor: (userId) => headerCounts(db(), userId),
  });
});
afterAll(async () => {
  await live.close();
  await bus.close();
});

interface Frame {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

/** Reads a stream's frames as they come; `next(kind)` resolves with the next frame of that kind. */
function readFrames(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const frames: Frame[] = [];
  let buffer = "";
  let taken = 0;
  async function pull(): Promise<void> {
    const { value, done } = await reader.read();
    if (done) throw new Error("the stream ended");
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split("\n").filter((line) => !line.startsWith(":") && !line.startsWith("retry:"));
      if (lines.length === 0) continue;
      const field = (name: string) =>
        lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
      frames.push({ id: field("id"), event: field("event") ?? "message", data: JSON.parse(field("data") ?? "{}") });
    }
  }
  return {
    frames,
    /** The next frame of this kind (and matching `test`) after those already taken, skipping others. */
    async next(kind: string, test: (frame: Frame) => boolean = () => true): Promise<Frame> {
      for (;;) {
        while (taken < frames.length) {
          const frame = frames[taken++]!;
          if (frame.event === kind && test(frame)) return frame;
        }
        await pull();
      }
    },
    cancel: () => reader.cancel(),
  };
}

function sessionUser(user: { id: string; email: string; displayName: string }): SessionUser {
  return { ...user, role: "member", emailVerified: true, twoFactorEnabled: false, suspension: null };
}

async function openEvents(
  user: { id: string; email: string; displayName: string } | null,
  headers: Record<string, string> = {},
  query = "",
) {
  const controller = new AbortController();
  const request = new Request(`http://localhost/events${query}`, { headers, signal: controller.signal });
  const context = {
    db: db(),
    live,
    auth: { user: user ? sessionUser(user) : null, token: user ? "token" : null },
  } as unknown as AppLoadContext;
  const response = await eventsLoader({ request, context, params: {} });
  return { response, abort: () => controller.abort() };
}

async function scene() {
  const seller = await createUser(db(), { displayName: "Sid Seller" });
  const buyer = await createUser(db(), { displayName: "Bo Buyer" });
  const listing = await createListing(db(), { sellerId: seller.id, title: "Armchair" });
  const conversationId = await startConversation(db(), { listingId: listing.id, buyerId: buyer.id });
  return { seller, buyer, conversationId };
}

describe("the live stream", () => {
  it("refuses a visitor without a session with 401, not a redirect to the login page", async () => {
    const { response } = await openEvents(null);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("text/plain");
  });

  it("streams a message sent by the other member as it commits, then the new header counts", async () => {
    const { seller, buyer, conversationId } = await scene();
    const { response, abort } = await openEvents(seller);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const stream = readFrames(response);
    const ready = await stream.next("ready");

    const messageId = await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Still for sale?" });
    const message = await stream.next("message");
    expect(message.data).toEqual({ conversationId, messageId, senderId: buyer.id });
    expect(Number(message.id)).toBeGreaterThan(Number(ready.id));
    // The new_message notification and the unread message, in the bell and beside Messages
    // (counts follow each burst; the test waits for the one that has both).
    const counts = await stream.next("counts", (frame) => frame.data.notifications === 1);
    expect(counts.data).toEqual({ notifications: 1, messages: 1 });
    abort();
  });

  it("replays what a reconnecting tab missed after its Last-Event-ID, in order, and only the member's own", async () => {
    const { seller, buyer, conversationId } = await scene();
    const first = await openEvents(seller);
    const lastSeen = (await readFrames(first.response).next("ready")).id!;
    first.abort();

    const one = await sendMessage(db(), { conversationId, senderId: buyer.id, body: "One" });
    const two = await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Two" });
    const other = await scene(); // someone else's conversation: never replayed to this seller
    await sendMessage(db(), { conversationId: other.conversationId, senderId: other.buyer.id, body: "Elsewhere" });

    const again = await openEvents(seller, { "Last-Event-ID": lastSeen });
    const stream = readFrames(again.response);
    await stream.next("ready");
    const replayed = stream.frames.filter((frame) => frame.event === "message");
    expect(replayed.map((frame) => frame.data.messageId)).toEqual([one, two]);
    const ids = replayed.map((frame) => Number(frame.id));
    expect(ids[0]).toBeGreaterThan(Number(lastSeen));
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    again.abort();
  });

  it("starts after the page's own mark (?after=), so a message sent between the render and the connection is not lost", async () => {
    const { seller, buyer, conversationId } = await scene();
    const { liveEventId } = await headerState(db(), seller.id);
    const sentMeanwhile = await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Quick!" });

    const { response, abort } = await openEvents(seller, {}, `?after=${liveEventId}`);
    const stream = readFrames(response);
    expect((await stream.next("message")).data.messageId).toBe(sentMeanwhile);
    abort();
  });

  it("ignores a Last-Event-ID that is not one of its ids and starts afresh, never a 500", async () => {
    const { seller, buyer, conversationId } = await scene();
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Before" });
    for (const header of ["abc", "-1", "1e9", "99999999999999", " ", "12345678901234567890"]) {
      const { response, abort } = await openEvents(seller, { "Last-Event-ID": header });
      expect(response.status, header).toBe(200);
      const stream = readFrames(response);
      await stream.next("ready");
      expect(
        stream.frames.filter((frame) => frame.event === "message"),
        header,
      ).toEqual([]);
      abort();
    }
  });

  it("tells the sender's open tab when the other member read the conversation", async () => {
    const { seller, buyer, conversationId } = await scene();
    const messageId = await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Hello?" });
    expect((await openConversation(db(), conversationId, buyer.id)).seenLastMessageId).toBeNull();

    const { response, abort } = await openEvents(buyer);
    const stream = readFrames(response);
    await stream.next("ready");
    await openConversation(db(), conversationId, seller.id);
    expect((await stream.next("read")).data).toEqual({ conversationId, readerId: seller.id });
    expect((await openConversation(db(), conversationId, buyer.id)).seenLastMessageId).toBe(messageId);

    // A reply: the buyer's last message is no longer the thread's last, so nothing says "Seen".
    await sendMessage(db(), { conversationId, senderId: seller.id, body: "Hi!" });
    expect((await openConversation(db(), conversationId, buyer.id)).seenLastMessageId).toBeNull();
    abort();
  });

  it("relays typing to the other participant without storing it, and refuses a stranger", async () => {
    const { seller, buyer, conversationId } = await scene();
    const { response, abort } = await openEvents(seller);
    const stream = readFrames(response);
    await stream.next("ready");
    const logged = async () =>
      Number(
        (
          await db()
            .selectFrom("liveEvents")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await logged();
    await announceTyping(db(), conversationId, buyer.id);
    const typing = await stream.next("typing");
    expect(typing.id).toBeNull();
    expect(typing.data).toEqual({ conversationId, userId: buyer.id, name: "Bo Buyer" });
    expect(await logged()).toBe(before);

    const stranger = await createUser(db());
    await expect(announceTyping(db(), conversationId, stranger.id)).rejects.toBeInstanceOf(NotFound);
    abort();
  });

  it("sends the bell's new count to the member's other tabs when they mark notifications read", async () => {
    const { seller, buyer, conversationId } = await scene();
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Ping" });
    const { response, abort } = await openEvents(seller);
    const stream = readFrames(response);
    await stream.next("ready");
    await markAllRead(db(), seller.id);
    const counts = await stream.next("counts");
    expect(counts.data).toEqual({ notifications: 0, messages: 1 });
    abort();
  });

  it("holds at most MAX_STREAMS_PER_USER streams per member and frees one when its tab goes away", async () => {
    const member = await createUser(db());
    const before = live.size();
    const open = [];
    for (let index = 0; index < MAX_STREAMS_PER_USER; index += 1) open.push(await openEvents(member));
    expect(open.every(({ response }) => response.status === 200)).toBe(true);
    expect(live.size()).toBe(before + MAX_STREAMS_PER_USER);
    expect((await openEvents(member)).response.status).toBe(429);

    open.pop()!.abort();
    expect(live.size()).toBe(before + MAX_STREAMS_PER_USER - 1);
    const replacement = await openEvents(member);
    expect(replacement.response.status).toBe(200);
    for (const stream of [...open, replacement]) stream.abort();
    expect(live.size()).toBe(before);
  });

  it("sends a heartbeat comment line on an otherwise quiet stream", async () => {
    const quiet = await startLiveStreams({
      db: db(),
      bus,
      logger: pino({ level: "silent" }),
      countsFor: (userId) => headerCounts(db(), userId),
      heartbeatMs: 20,
    });
    const member = await createUser(db());
    const controller = new AbortController();
    const response = await quiet.open({ userId: member.id, lastEventId: null, signal: controller.signal });
    const reader = response!.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(": heartbeat\n\n")) text += decoder.decode((await reader.read()).value);
    expect(text.startsWith("retry: 3000\n\n")).toBe(true);
    controller.abort();
    expect(quiet.size()).toBe(0);
    await quiet.close();
  });
});
