import { describe, expect, it } from "vitest";
import { Conflict, NotFound } from "~/lib/errors";
import { exportMemberData } from "~/modules/privacy/account-data.server";
import {
  replyToReview,
  reviewsAbout,
  reviewsOfRetailer,
  submitReview,
  submitServiceReview,
} from "~/modules/community/reviews.server";
import { reviewReplySchema } from "~/modules/community/schemas.server";
import { createCompletedOrder, createRetailer, createServiceLine, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

/** Both sides reviewed, so both reviews are public. */
async function revealedReviews() {
  const { order, buyerId, sellerId } = await createCompletedOrder(db());
  await submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating: 3, body: "Smaller than it looked." });
  await submitReview(db(), { orderId: order.id, reviewerId: sellerId, rating: 5, body: "On time." });
  const [aboutSeller] = await reviewsAbout(db(), sellerId);
  return { order, buyerId, sellerId, reviewId: aboutSeller!.id };
}

describe("replies to reviews", () => {
  it("let the reviewed member reply once, in public; the reviewer is told", async () => {
    const { buyerId, sellerId, reviewId } = await revealedReviews();
    const stranger = await createUser(db());
    await expect(replyToReview(db(), buyerId, { reviewId, reply: "I wrote it myself." })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(replyToReview(db(), stranger.id, { reviewId, reply: "Hello" })).rejects.toBeInstanceOf(NotFound);

    const { shownAt } = await replyToReview(db(), sellerId, { reviewId, reply: "The size is in the description." });

    expect(shownAt).toBe(`/members/${sellerId}#review-${reviewId}`);
    expect((await reviewsAbout(db(), sellerId))[0]).toMatchObject({ replyBody: "The size is in the description." });
    await expect(replyToReview(db(), sellerId, { reviewId, reply: "And another thing." })).rejects.toBeInstanceOf(
      Conflict,
    );
    expect((await reviewsAbout(db(), sellerId))[0]).toMatchObject({ replyBody: "The size is in the description." });
    const notice = await db()
      .selectFrom("notifications")
      .select(["title", "url"])
      .where("userId", "=", buyerId)
      .where("title", "like", "%replied to your review")
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({ title: "Sam Seller replied to your review", url: shownAt });
    expect((await exportMemberData(db(), sellerId)).reviewRepliesWritten).toEqual([
      expect.objectContaining({ reviewId, replyBody: "The size is in the description." }),
    ]);
  });

  it("can't answer a review that isn't public yet", async () => {
    const { order, buyerId, sellerId } = await createCompletedOrder(db());
    const reviewId = await submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating: 1, body: "Hidden." });
    await expect(replyToReview(db(), sellerId, { reviewId, reply: "Let me see it first." })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it("let any of the shop's staff answer a service review, once, shown on the shop's page", async () => {
    const retailer = await createRetailer(db(), { name: "Reply Cycles", services: [{ title: "Tune-up" }] });
    const helper = await createUser(db());
    await db()
      .insertInto("retailerStaff")
      .values({ retailerId: retailer.id, userId: helper.id, role: "staff" })
      .execute();
    const { order, buyerId, sellerId } = await createCompletedOrder(db());
    const line = await createServiceLine(db(), { orderId: order.id, service: retailer.services[0]!, status: "done" });
    await submitServiceReview(db(), {
      orderId: order.id,
      orderServiceId: line.id,
      reviewerId: buyerId,
      rating: 2,
      body: "Gears still slip.",
    });
    const [review] = await reviewsOfRetailer(db(), retailer.id);
    // The order's seller is not the shop.
    await expect(replyToReview(db(), sellerId, { reviewId: review!.id, reply: "Hm" })).rejects.toBeInstanceOf(NotFound);

    const { shownAt } = await replyToReview(db(), helper.id, {
      reviewId: review!.id,
      reply: "Sorry! Bring it back and we'll adjust them for free.",
    });

    expect(shownAt).toBe(`/retailers/${retailer.slug}#review-${review!.id}`);
    expect((await reviewsOfRetailer(db(), retailer.id))[0]).toMatchObject({
      replyBody: "Sorry! Bring it back and we'll adjust them for free.",
    });
    await expect(
      replyToReview(db(), retailer.ownerId, { reviewId: review!.id, reply: "Also from the owner." }),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it("refuse an empty or overlong reply with a clear message", () => {
    expect(reviewReplySchema.safeParse({ reply: " " }).error?.issues[0]?.message).toBe(
      "Your reply needs at least 2 characters",
    );
    expect(reviewReplySchema.safeParse({ reply: "x".repeat(1001) }).error?.issues[0]?.message).toBe(
      "Your reply is at most 1000 characters",
    );
  });
});
