import { describe, expect, it } from "vitest";
import { Forbidden, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { adminDisputeView } from "~/modules/disputes/admin.server";
import {
  headerCounts,
  listConversations,
  messagesAboutOrder,
  openConversation,
  sendMessage,
} from "~/modules/community/messages.server";
import { startOrderConversation } from "~/modules/community/order-conversations.server";
import { acceptInvite, inviteStaff, removeStaff } from "~/modules/retailers/retailers.server";
import { serviceJobsFor } from "~/modules/orders/service-jobs.server";
import { createCompletedOrder, createOrderServiceLine, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

async function scene() {
  const shop = await createRetailer(db(), { name: "Spoke Shop", services: [{ title: "Tune-up", priceCents: 4500 }] });
  const other = await createRetailer(db(), { name: "Other Shop", services: [{ title: "Wash", priceCents: 1500 }] });
  const { order, buyerId, sellerId } = await createCompletedOrder(db(), { title: "Road bike" });
  await createOrderServiceLine(db(), order.id, shop.services[0]!);
  return { shop, other, order, buyerId, sellerId };
}

describe("conversations about an order with a retailer", () => {
  it("gives the buyer and the shop's staff one conversation per order and shop, and refuses everyone else", async () => {
    const { shop, other, order, buyerId, sellerId } = await scene();
    const stranger = await createUser(db());
    const fromBuyer = await startOrderConversation(db(), { orderId: order.id, retailerId: shop.id, userId: buyerId });
    const fromStaff = await startOrderConversation(db(), {
      orderId: order.id,
      retailerId: shop.id,
      userId: shop.ownerId,
    });
    expect(fromStaff).toBe(fromBuyer);

    // The seller, another shop's staff and strangers can neither start, read nor post.
    for (const userId of [sellerId, other.ownerId, stranger.id]) {
      await expect(
        startOrderConversation(db(), { orderId: order.id, retailerId: shop.id, userId }),
      ).rejects.toBeInstanceOf(NotFound);
      await expect(openConversation(db(), fromBuyer, userId)).rejects.toBeInstanceOf(NotFound);
      await expect(
        sendMessage(db(), { conversationId: fromBuyer, senderId: userId, body: "hi" }),
      ).rejects.toBeInstanceOf(NotFound);
    }
    // A shop without a line on the order has no conversation about it.
    await expect(
      startOrderConversation(db(), { orderId: order.id, retailerId: other.id, userId: buyerId }),
    ).rejects.toBeInstanceOf(NotFound);

    const participants = await db()
      .selectFrom("conversationParticipants")
      .select(["userId", "role"])
      .where("conversationId", "=", fromBuyer)
      .execute();
    expect(participants.map((row) => [row.userId, row.role]).sort()).toEqual(
      [
        [buyerId, "buyer"],
        [shop.ownerId, "retailer"],
      ].sort(),
    );
  });

  it("counts unread messages in the header and inbox, and staff who join later can read and reply", async () => {
    const { shop, order, buyerId, sellerId } = await scene();
    const id = await startOrderConversation(db(), { orderId: order.id, retailerId: shop.id, userId: buyerId });
    await sendMessage(db(), { conversationId: id, senderId: buyerId, body: "When can I bring the bike?" });
    expect((await headerCounts(db(), shop.ownerId)).messages).toBe(1);
    expect((await headerCounts(db(), sellerId)).messages).toBe(0);
    const [inboxRow] = await listConversations(db(), shop.ownerId);
    expect(inboxRow).toMatchObject({ id, retailerName: "Spoke Shop", listingTitle: "Road bike", unreadCount: 1 });

    const newcomer = await createUser(db());
    const token = await inviteStaff(db(), shop.id, shop.ownerId, newcomer.email);
    await acceptInvite(db(), token, { id: newcomer.id, email: newcomer.email });
    const view = await openConversation(db(), id, newcomer.id);
    expect(view.conversation).toMatchObject({
      retailerName: "Spoke Shop",
      listingTitle: "Road bike",
      myRole: "retailer",
    });
    expect(view.messages.map((message) => message.body)).toEqual(["When can I bring the bike?"]);
    await sendMessage(db(), { conversationId: id, senderId: newcomer.id, body: "Any weekday morning." });
    expect((await headerCounts(db(), buyerId)).messages).toBe(1);
    // Reading it clears the count.
    await openConversation(db(), id, shop.ownerId);
    expect((await headerCounts(db(), shop.ownerId)).messages).toBe(0);

    // Admins deciding a dispute see the shop's messages with the order's.
    const forAdmin = await messagesAboutOrder(db(), { id: order.id, listingId: order.listingId, buyerId });
    expect(forAdmin.map((message) => message.body)).toEqual(["When can I bring the bike?", "Any weekday morning."]);
    const admin = await createUser(db(), { role: "admin" });
    const disputeId = newId();
    await db()
      .insertInto("disputes")
      .values({
        id: disputeId,
        orderId: order.id,
        source: "buyer",
        status: "open",
        reason: "not_as_described",
        orderStatusBefore: "received",
      })
      .execute();
    const disputePage = await adminDisputeView(db(), admin.id, disputeId);
    expect(disputePage.messages.map((message) => message.body)).toEqual([
      "When can I bring the bike?",
      "Any weekday morning.",
    ]);
  });

  it("opens one conversation when the buyer and the shop click at the same time", async () => {
    const { shop, order, buyerId } = await scene();
    const ids = await Promise.all([
      startOrderConversation(db(), { orderId: order.id, retailerId: shop.id, userId: buyerId }),
      startOrderConversation(db(), { orderId: order.id, retailerId: shop.id, userId: shop.ownerId }),
    ]);
    expect(ids[0]).toBe(ids[1]);
    const rows = await db().selectFrom("conversations").select("id").where("orderId", "=", order.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("lets the owner remove a staff member, who then loses the shop's jobs and conversations", async () => {
    const { shop, order, buyerId } = await scene();
    const helper = await createUser(db(), { displayName: "Helpful Hal" });
    const token = await inviteStaff(db(), shop.id, shop.ownerId, helper.email);
    await acceptInvite(db(), token, { id: helper.id, email: helper.email });
    const id = await startOrderConversation(db(), { orderId: order.id, retailerId: shop.id, userId: buyerId });
    await sendMessage(db(), { conversationId: id, senderId: helper.id, body: "Bring it on Tuesday." });
    expect(await serviceJobsFor(db(), shop.id, helper.id)).toHaveLength(1);

    // Only the owner removes, and never the owner.
    await expect(removeStaff(db(), shop.id, helper.id, helper.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(removeStaff(db(), shop.id, shop.ownerId, shop.ownerId)).rejects.toThrow("owner can't be removed");
    await expect(removeStaff(db(), shop.id, shop.ownerId, buyerId)).rejects.toBeInstanceOf(NotFound);
    await removeStaff(db(), shop.id, shop.ownerId, helper.id);

    await expect(serviceJobsFor(db(), shop.id, helper.id)).rejects.toBeInstanceOf(NotFound);
    await expect(openConversation(db(), id, helper.id)).rejects.toBeInstanceOf(NotFound);
    expect(await listConversations(db(), helper.id)).toEqual([]);
    // What they wrote stays for the buyer and the shop.
    const view = await openConversation(db(), id, buyerId);
    expect(view.messages.map((message) => message.body)).toContain("Bring it on Tuesday.");
    const notice = await db()
      .selectFrom("notifications")
      .select("title")
      .where("userId", "=", helper.id)
      .where("kind", "=", "retailer_staff")
      .executeTakeFirstOrThrow();
    expect(notice.title).toBe("You are no longer on the staff of Spoke Shop");
  });
});
