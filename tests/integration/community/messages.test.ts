import { describe, expect, it } from "vitest";
import { Forbidden, NotFound } from "~/lib/errors";
import {
  headerCounts,
  listConversations,
  openConversation,
  sendMessage,
  startConversation,
} from "~/modules/community/messages.server";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

async function scene() {
  const seller = await createUser(db(), { displayName: "Sid Seller" });
  const buyer = await createUser(db(), { displayName: "Bo Buyer" });
  const stranger = await createUser(db(), { displayName: "Nosy Neighbour" });
  const listing = await createListing(db(), { sellerId: seller.id, title: "Armchair" });
  const conversationId = await startConversation(db(), { listingId: listing.id, buyerId: buyer.id });
  return { seller, buyer, stranger, listing, conversationId };
}

const messageNotifications = (userId: string) =>
  db()
    .selectFrom("notifications")
    .select("id")
    .where("userId", "=", userId)
    .where("kind", "=", "new_message")
    .execute();

describe("conversations", () => {
  it("keeps one conversation per listing and buyer, reopened by 'Message the seller'", async () => {
    const { buyer, listing, conversationId } = await scene();
    expect(await startConversation(db(), { listingId: listing.id, buyerId: buyer.id })).toBe(conversationId);
    const other = await createUser(db());
    expect(await startConversation(db(), { listingId: listing.id, buyerId: other.id })).not.toBe(conversationId);
  });

  it("refuses a conversation with oneself or about a listing that isn't for sale", async () => {
    const { seller, listing, buyer } = await scene();
    await expect(startConversation(db(), { listingId: listing.id, buyerId: seller.id })).rejects.toThrow(Forbidden);
    for (const status of ["draft", "removed", "sold"] as const) {
      const closed = await createListing(db(), { status });
      await expect(startConversation(db(), { listingId: closed.id, buyerId: buyer.id })).rejects.toThrow(NotFound);
    }
  });

  it("lets only the two participants read or post; anyone else gets NotFound", async () => {
    const { seller, buyer, stranger, conversationId } = await scene();
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Is it still available?" });
    await sendMessage(db(), { conversationId, senderId: seller.id, body: "Yes!" });
    await expect(openConversation(db(), conversationId, stranger.id)).rejects.toThrow(NotFound);
    await expect(sendMessage(db(), { conversationId, senderId: stranger.id, body: "Me too" })).rejects.toThrow(
      NotFound,
    );
    expect(await listConversations(db(), stranger.id)).toEqual([]);
    const view = await openConversation(db(), conversationId, seller.id);
    expect(view.messages.map((message) => message.body)).toEqual(["Is it still available?", "Yes!"]);
    expect(view.others.map((other) => other.displayName)).toEqual(["Bo Buyer"]);
  });

  it("counts unread messages for the recipient until they open the conversation", async () => {
    const { seller, buyer, conversationId } = await scene();
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Hi" });
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Could I pick it up today?" });
    expect((await headerCounts(db(), seller.id)).messages).toBe(2);
    expect((await headerCounts(db(), buyer.id)).messages).toBe(0);
    const [inbox] = await listConversations(db(), seller.id);
    expect(inbox).toMatchObject({ unreadCount: 2, listingTitle: "Armchair", withNames: "Bo Buyer" });
    await openConversation(db(), conversationId, seller.id);
    expect((await headerCounts(db(), seller.id)).messages).toBe(0);
  });

  it("shows the seller a conversation only once the buyer wrote something", async () => {
    const { seller, buyer, conversationId } = await scene();
    expect(await listConversations(db(), seller.id)).toEqual([]);
    expect((await listConversations(db(), buyer.id)).map((row) => row.id)).toEqual([conversationId]);
  });

  it("notifies the recipient once per burst of messages, again after they have read them", async () => {
    const { seller, buyer, conversationId } = await scene();
    for (const body of ["Hi", "Still there?", "Hello?"]) {
      await sendMessage(db(), { conversationId, senderId: buyer.id, body });
    }
    expect(await messageNotifications(seller.id)).toHaveLength(1);
    await openConversation(db(), conversationId, seller.id);
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "One more thing" });
    expect(await messageNotifications(seller.id)).toHaveLength(2);
    expect(await messageNotifications(buyer.id)).toHaveLength(0);
  });

  it("counts notifications and messages in the same header query", async () => {
    const { seller, buyer, conversationId } = await scene();
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Hi" });
    expect(await headerCounts(db(), seller.id)).toEqual({ notifications: 1, messages: 1 });
  });
});
