import { sql, type Kysely, type Transaction } from "kysely";
import { executePrepared } from "~db/prepared-statements";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Forbidden, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { enforceRateLimit } from "~/modules/accounts/rate-limit.server";
import { recordLiveEvents, sendLiveSignal } from "~/modules/notifications/live-events.server";
import { notify } from "~/modules/notifications/notify.server";
import { COMMUNITY_RATE_LIMITS } from "./rate-limits.server";
import { assertListingVisible } from "~/modules/listings/visibility.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Private conversations. Today a conversation's subject is a listing and the member who wants to
 * buy it (one conversation per pair, between that member and the seller); the schema also takes an
 * order subject with more participants (retailer staff) later. Every read and write filters by
 * participant rows, so anyone else gets NotFound: not even the conversation's existence leaks.
 */

/** Starts the conversation about a listing between this member and its seller, or reopens theirs. */
export async function startConversation(
  db: Kysely<Database>,
  input: { listingId: string; buyerId: string },
): Promise<string> {
  const existing = await db
    .selectFrom("conversations")
    .select("id")
    .where("subjectType", "=", "listing")
    .where("listingId", "=", input.listingId)
    .where("buyerId", "=", input.buyerId)
    .executeTakeFirst();
  if (existing) return existing.id;
  await enforceRateLimit(db, `community:conversation:${input.buyerId}`, COMMUNITY_RATE_LIMITS.conversationsPerUser);
  return transaction(db, async (trx) => {
    await assertListingVisible(trx, input.listingId, { userId: input.buyerId, role: "member" });
    const listing = await trx
      .selectFrom("listings")
      .select(["id", "sellerId", "status"])
      .where("id", "=", input.listingId)
      .executeTakeFirst();
    if (!listing || !["active", "reserved"].includes(listing.status)) {
      throw new NotFound("That listing isn't for sale, so its seller can't be messaged about it.");
    }
    if (listing.sellerId === input.buyerId) throw new Forbidden("This is your own listing.");
    const id = newId();
    // Two members clicking at once: the unique index keeps one conversation; the loser reads it.
    const inserted = await trx
      .insertInto("conversations")
      .values({ id, subjectType: "listing", listingId: listing.id, buyerId: input.buyerId })
      .onConflict((conflict) =>
        conflict.columns(["listingId", "buyerId"]).where("subjectType", "=", "listing").doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const row = await trx
        .selectFrom("conversations")
        .select("id")
        .where("subjectType", "=", "listing")
        .where("listingId", "=", listing.id)
        .where("buyerId", "=", input.buyerId)
        .executeTakeFirstOrThrow();
      return row.id;
    }
    await trx
      .insertInto("conversationParticipants")
      .values([
        { conversationId: id, userId: input.buyerId, role: "buyer" },
        { conversationId: id, userId: listing.sellerId, role: "seller" },
      ])
      .execute();
    return id;
  });
}

async function participation(db: Executor, conversationId: string, userId: string) {
  const row = await db
    .selectFrom("conversationParticipants")
    .select(["role", "unreadCount", "lastReadAt"])
    .where("conversationId", "=", conversationId)
    .where("userId", "=", userId)
    .executeTakeFirst();
  if (!row) throw new NotFound("That conversation doesn't exist.");
  return row;
}

export async function sendMessage(
  db: Kysely<Database>,
  input: { conversationId: string; senderId: string; body: string },
): Promise<string> {
  await participation(db, input.conversationId, input.senderId);
  await enforceRateLimit(db, `community:message:${input.senderId}`, COMMUNITY_RATE_LIMITS.messagesPerUser);
  return transaction(db, async (trx) => {
    await participation(trx, input.conversationId, input.senderId);
    const id = newId();
    const now = new Date();
    await trx
      .insertInto("messages")
      .values({ id, conversationId: input.conversationId, senderId: input.senderId, body: input.body, createdAt: now })
      .execute();
    await trx.updateTable("conversations").set({ lastMessageAt: now }).where("id", "=", input.conversationId).execute();
    // The sender has read everything up to their own message.
    await trx
      .updateTable("conversationParticipants")
      .set({ unreadCount: 0, lastReadAt: now })
      .where("conversationId", "=", input.conversationId)
      .where("userId", "=", input.senderId)
      .execute();
    const recipients = await trx
      .updateTable("conversationParticipants")
      .set({ unreadCount: sql<number>`unread_count + 1` })
      .where("conversationId", "=", input.conversationId)
      .where("userId", "!=", input.senderId)
      .returning(["userId", "unreadCount", "lastReadAt"])
      .execute();
    const sender = await trx
      .selectFrom("users")
      .select("displayName")
      .where("id", "=", input.senderId)
      .executeTakeFirstOrThrow();
    for (const recipient of recipients) {
      // One notification per burst: the key names the recipient's last read, so further messages
      // before they open the conversation are duplicates of the first one.
      const readMark = recipient.lastReadAt ? recipient.lastReadAt.toISOString() : "never";
      await notify(
        trx,
        recipient.userId,
        "new_message",
        {
          title: `New message from ${sender.displayName}`,
          body: input.body.slice(0, 200),
          url: `/messages/${input.conversationId}`,
        },
        { dedupeKey: `conversation:${input.conversationId}:${recipient.userId}:${readMark}` },
      );
    }
    // Every participant's open tabs, the sender's other tabs included, show it at once (ADR 045).
    await recordLiveEvents(trx, [input.senderId, ...recipients.map((recipient) => recipient.userId)], "message", {
      conversationId: input.conversationId,
      messageId: id,
      senderId: input.senderId,
    });
    return id;
  });
}

/** The conversation page: subject, the other participants, every message; marks it read. */
export async function openConversation(db: Kysely<Database>, conversationId: string, userId: string) {
  const { role } = await participation(db, conversationId, userId);
  const conversation = await db
    .selectFrom("conversations")
    .leftJoin("listings", "listings.id", "conversations.listingId")
    // An order conversation (with a retailer) is about the order's item.
    .leftJoin("orders", "orders.id", "conversations.orderId")
    .leftJoin("listings as orderListing", "orderListing.id", "orders.listingId")
    .leftJoin("retailers", "retailers.id", "conversations.retailerId")
    .select([
      "conversations.id",
      "conversations.subjectType",
      "conversations.listingId",
      "conversations.orderId",
      "conversations.buyerId",
      "listings.status as listingStatus",
      "retailers.name as retailerName",
      "retailers.slug as retailerSlug",
    ])
    .select(
      sql<string | null>`coalesce(${sql.ref("listings.title")}, ${sql.ref("orderListing.title")})`.as("listingTitle"),
    )
    .where("conversations.id", "=", conversationId)
    .executeTakeFirstOrThrow();
  const [participants, messages] = await Promise.all([
    db
      .selectFrom("conversationParticipants")
      .innerJoin("users", "users.id", "conversationParticipants.userId")
      .select(["users.id", "users.displayName", "conversationParticipants.role", "conversationParticipants.lastReadAt"])
      .where("conversationParticipants.conversationId", "=", conversationId)
      .execute(),
    db
      .selectFrom("messages")
      .innerJoin("users", "users.id", "messages.senderId")
      .select([
        "messages.id",
        "messages.body",
        "messages.createdAt",
        "messages.senderId",
        "messages.removedAt",
        "users.displayName as senderName",
      ])
      .where("messages.conversationId", "=", conversationId)
      .orderBy("messages.createdAt")
      .orderBy("messages.id")
      .limit(1000)
      .execute(),
  ]);
  await markConversationRead(db, conversationId, userId);
  const others = participants.filter((participant) => participant.id !== userId);
  return {
    conversation: { ...conversation, myRole: role },
    me: userId,
    others: others.map(({ lastReadAt: _lastReadAt, ...other }) => other),
    seenLastMessageId: seenLastMessageId(messages, others, userId),
    // A removed message keeps its place in the thread, not its words.
    messages: messages.map(({ removedAt, ...message }) =>
      removedAt
        ? { ...message, body: "This message was removed by a moderator.", removed: true }
        : { ...message, removed: false },
    ),
  };
}

/**
 * The read receipt: the id of the last message in the thread when I sent it and someone else has
 * opened the conversation since (their `lastReadAt` is at or after it), else null. Only the last
 * message: "Seen" under it says everything before it was seen too.
 */
function seenLastMessageId(
  messages: readonly { id: string; senderId: string; createdAt: Date }[],
  others: readonly { lastReadAt: Date | null }[],
  me: string,
): string | null {
  const last = messages.at(-1);
  if (!last || last.senderId !== me) return null;
  const seen = others.some((other) => other.lastReadAt !== null && other.lastReadAt >= last.createdAt);
  return seen ? last.id : null;
}

export async function markConversationRead(db: Executor, conversationId: string, userId: string): Promise<void> {
  await transaction(db, async (trx) => {
    const read = await trx
      .updateTable("conversationParticipants")
      .set({ unreadCount: 0, lastReadAt: new Date() })
      .where("conversationId", "=", conversationId)
      .where("userId", "=", userId)
      .where("unreadCount", ">", 0)
      .returning("userId")
      .executeTakeFirst();
    if (!read) return;
    // The others' open tabs show "Seen"; the reader's other tabs lower their unread count.
    const everyone = await trx
      .selectFrom("conversationParticipants")
      .select("userId")
      .where("conversationId", "=", conversationId)
      .execute();
    await recordLiveEvents(
      trx,
      everyone.map((participant) => participant.userId),
      "read",
      { conversationId, readerId: userId },
    );
  });
}

/**
 * "Typing…" in the others' open conversation: a signal over NOTIFY, never stored (ADR 045). The
 * browser sends it at most every few seconds while the member types; it shows for a few seconds.
 */
export async function announceTyping(db: Kysely<Database>, conversationId: string, userId: string): Promise<void> {
  await participation(db, conversationId, userId);
  const rows = await db
    .selectFrom("conversationParticipants")
    .innerJoin("users", "users.id", "conversationParticipants.userId")
    .select(["conversationParticipants.userId", "users.displayName"])
    .where("conversationParticipants.conversationId", "=", conversationId)
    .execute();
  const typist = rows.find((row) => row.userId === userId);
  await sendLiveSignal(
    db,
    rows.filter((row) => row.userId !== userId).map((row) => row.userId),
    "typing",
    { conversationId, userId, name: typist?.displayName ?? "Someone" },
  );
}

/** The inbox: the member's conversations, latest activity first, with unread counts. */
export async function listConversations(db: Executor, userId: string) {
  return (
    db
      .selectFrom("conversationParticipants as me")
      .innerJoin("conversations", "conversations.id", "me.conversationId")
      .leftJoin("listings", "listings.id", "conversations.listingId")
      .leftJoin("orders", "orders.id", "conversations.orderId")
      .leftJoin("listings as orderListing", "orderListing.id", "orders.listingId")
      .leftJoin("retailers", "retailers.id", "conversations.retailerId")
      .select((eb) => [
        "conversations.id",
        "conversations.subjectType",
        "conversations.lastMessageAt",
        sql<string | null>`coalesce(${sql.ref("listings.title")}, ${sql.ref("orderListing.title")})`.as("listingTitle"),
        "retailers.name as retailerName",
        "me.unreadCount",
        "me.role",
        eb
          .selectFrom("conversationParticipants as other")
          .innerJoin("users", "users.id", "other.userId")
          .select(sql<string>`string_agg(users.display_name, ', ' order by users.display_name)`.as("names"))
          .whereRef("other.conversationId", "=", "conversations.id")
          .whereRef("other.userId", "!=", "me.userId")
          .as("withNames"),
        eb
          .selectFrom("messages")
          .select("messages.body")
          .whereRef("messages.conversationId", "=", "conversations.id")
          .orderBy("messages.createdAt", "desc")
          .orderBy("messages.id", "desc")
          .limit(1)
          .as("lastMessage"),
      ])
      .where("me.userId", "=", userId)
      // A seller (or a shop) only sees a conversation once someone has written something.
      .where((eb) =>
        eb.or([
          eb("me.role", "=", "buyer"),
          eb.exists(
            eb
              .selectFrom("messages")
              .select("messages.id")
              .whereRef("messages.conversationId", "=", "conversations.id"),
          ),
        ]),
      )
      .orderBy("conversations.lastMessageAt", "desc")
      .limit(200)
      .execute()
  );
}

/**
 * The site header's two counts in one round trip: unread notifications and unread messages
 * (a sum over the member's participant rows, which carry a denormalised unread count).
 */
export async function headerCounts(db: Executor, userId: string): Promise<{ notifications: number; messages: number }> {
  const row = await sql<{ notifications: string | number; messages: string | number | null }>`
    select
      (select count(*) from notifications where user_id = ${userId} and read_at is null) as notifications,
      (select coalesce(sum(unread_count), 0) from conversation_participants where user_id = ${userId}) as messages`.execute(
    db,
  );
  const counts = row.rows[0];
  return { notifications: Number(counts?.notifications ?? 0), messages: Number(counts?.messages ?? 0) };
}

/**
 * The root layout's header: both counts and, in the same round trip, the newest live event id of
 * the member (0 if none). The page's live stream starts after that id, so a message committed
 * between this render and the stream's opening is sent to it, not lost (ADR 045).
 */
export async function headerState(
  db: Executor,
  userId: string,
): Promise<{ notifications: number; messages: number; liveEventId: number }> {
  // Every signed-in page reads it: a named prepared statement (its text never varies).
  const row = await executePrepared(
    db,
    sql<{
      notifications: string | number;
      messages: string | number | null;
      live: string | number | null;
    }>`
    select
      (select count(*) from notifications where user_id = ${userId} and read_at is null) as notifications,
      (select coalesce(sum(unread_count), 0) from conversation_participants where user_id = ${userId}) as messages,
      (select max(id) from live_events where user_id = ${userId}) as live`,
  );
  const state = row.rows[0];
  return {
    notifications: Number(state?.notifications ?? 0),
    messages: Number(state?.messages ?? 0),
    liveEventId: Number(state?.live ?? 0),
  };
}

/**
 * For admins deciding a dispute: the private messages about this order's item between its buyer
 * and seller (their listing conversation) and any conversation about the order itself. Callers
 * are admin-only routes; members read conversations through `openConversation`.
 */
export async function messagesAboutOrder(
  db: Executor,
  order: { id: string; listingId: string | null; buyerId: string },
): Promise<{ id: string; authorName: string; body: string; createdAt: Date }[]> {
  return db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversationId")
    .innerJoin("users", "users.id", "messages.senderId")
    .select(["messages.id", "users.displayName as authorName", "messages.body", "messages.createdAt"])
    .where((eb) =>
      eb.or([
        // A service-only order (a bought quote) has no listing and so no listing conversation.
        eb.and([
          eb("conversations.subjectType", "=", "listing"),
          eb("conversations.listingId", "=", order.listingId ?? ""),
          eb("conversations.buyerId", "=", order.buyerId),
        ]),
        eb.and([eb("conversations.subjectType", "=", "order"), eb("conversations.orderId", "=", order.id)]),
      ]),
    )
    .orderBy("messages.createdAt")
    .orderBy("messages.id")
    .limit(500)
    .execute();
}
