import { describe, expect, it } from "vitest";
import { deleteAccount, exportMemberData } from "~/modules/privacy/account-data.server";
import { sendMessage, startConversation } from "~/modules/community/messages.server";
import { answerQuestion, askQuestion, listQuestions, toggleUpvote } from "~/modules/community/questions.server";
import { submitReview } from "~/modules/community/reviews.server";
import { follow } from "~/modules/community/follows.server";
import { sendPriceDropAlerts } from "~/modules/listings/price-drops.server";
import { createCompletedOrder, createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

describe("a member's community data", () => {
  it("is in their export, without reviews about them that may still be hidden", async () => {
    const member = await createUser(db());
    const listing = await createListing(db());
    const questionId = await askQuestion(db(), { listingId: listing.id, askerId: member.id, body: "Any scratches?" });
    await answerQuestion(db(), { questionId, authorId: member.id, body: "Adding a detail." });
    const conversationId = await startConversation(db(), { listingId: listing.id, buyerId: member.id });
    await sendMessage(db(), { conversationId, senderId: member.id, body: "Private hello" });
    const { order, sellerId } = await createCompletedOrder(db(), { buyerId: member.id });
    await submitReview(db(), { orderId: order.id, reviewerId: member.id, rating: 5, body: "Lovely" });
    await submitReview(db(), { orderId: order.id, reviewerId: sellerId, rating: 1, body: "Secret verdict" });

    const data = await exportMemberData(db(), member.id);
    expect(data.questions).toMatchObject([{ body: "Any scratches?" }]);
    expect(data.answers).toMatchObject([{ body: "Adding a detail." }]);
    expect(data.messagesSent).toMatchObject([{ conversationId, body: "Private hello" }]);
    expect(data.reviewsWritten).toMatchObject([{ orderId: order.id, rating: 5, body: "Lovely" }]);
    expect(JSON.stringify(data)).not.toContain("Secret verdict");
  });

  it("keeps answers for others when the member deletes their account, but drops their upvotes", async () => {
    const member = await createUser(db(), { displayName: "Leaving Lee" });
    const helper = await createUser(db());
    const listing = await createListing(db());
    const questionId = await askQuestion(db(), { listingId: listing.id, askerId: member.id, body: "Is it heavy?" });
    const answerId = await answerQuestion(db(), { questionId, authorId: helper.id, body: "About 5 kg." });
    await toggleUpvote(db(), { answerId, userId: member.id });
    await deleteAccount(db(), member.id, member.password);
    const [question] = await listQuestions(db(), listing.id, null);
    expect(question?.asker.displayName).toBe("Deleted member");
    expect(question?.answers[0]).toMatchObject({ body: "About 5 kg.", upvotes: 0 });
  });
});

describe("a member's follows and price-drop alerts", () => {
  it("are in their export (whom they follow, not who follows them) and gone when they delete their account", async () => {
    const member = await createUser(db(), { displayName: "Following Fay" });
    const other = await createUser(db(), { displayName: "Followed Finn" });
    const fan = await createUser(db(), { displayName: "Secret Fan" });
    await follow(db(), member.id, { kind: "member", id: other.id });
    await follow(db(), fan.id, { kind: "member", id: member.id });
    const listing = await createListing(db(), { priceCents: 1200 });
    await db().insertInto("favorites").values({ userId: member.id, listingId: listing.id }).execute();
    await sendPriceDropAlerts(db(), listing.id, "back");

    const data = await exportMemberData(db(), member.id);
    expect(data.following).toMatchObject([{ memberId: other.id, memberName: "Followed Finn" }]);
    expect(data.followerCount).toBe(1);
    expect(data.priceDropAlerts).toMatchObject([{ listingId: listing.id, priceCents: 1200 }]);
    expect(JSON.stringify(data)).not.toContain("Secret Fan");

    await deleteAccount(db(), member.id, member.password);
    const left = await db()
      .selectFrom("follows")
      .select("id")
      .where((eb) => eb.or([eb("followerId", "=", member.id), eb("followedUserId", "=", member.id)]))
      .execute();
    expect(left).toEqual([]);
    expect(await db().selectFrom("priceDropAlerts").select("userId").where("userId", "=", member.id).execute()).toEqual(
      [],
    );
  });
});
