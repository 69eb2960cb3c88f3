import { describe, expect, it } from "vitest";
import { Conflict, NotFound } from "~/lib/errors";
import { ratingSummary, reviewStateFor, reviewsAbout, submitReview } from "~/modules/community/reviews.server";
import { createCompletedOrder, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;
const DAY = 24 * 60 * 60 * 1000;

describe("reviews after a completed order", () => {
  it("allows one review per party per order", async () => {
    const { order, buyerId, sellerId } = await createCompletedOrder(db());
    await submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating: 5, body: "Smooth pickup." });
    await expect(
      submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating: 1, body: "Changed my mind." }),
    ).rejects.toThrow(Conflict);
    await submitReview(db(), { orderId: order.id, reviewerId: sellerId, rating: 4, body: "Friendly buyer." });
    const rows = await db()
      .selectFrom("reviews")
      .select(["subject", "reviewerId", "revieweeId", "rating"])
      .where("orderId", "=", order.id)
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows).toContainEqual({ subject: "seller", reviewerId: buyerId, revieweeId: sellerId, rating: 5 });
    expect(rows).toContainEqual({ subject: "buyer", reviewerId: sellerId, revieweeId: buyerId, rating: 4 });
  });

  it("backs the rule with a unique index, not only with code", async () => {
    const { order, buyerId, sellerId } = await createCompletedOrder(db());
    const row = {
      orderId: order.id,
      subject: "seller" as const,
      reviewerId: buyerId,
      revieweeId: sellerId,
      rating: 3,
      body: "x",
    };
    await db()
      .insertInto("reviews")
      .values({ id: "dup-1", ...row })
      .execute();
    await expect(
      db()
        .insertInto("reviews")
        .values({ id: "dup-2", ...row })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it("keeps the first review hidden until the other side has reviewed too", async () => {
    const { order, buyerId, sellerId } = await createCompletedOrder(db());
    await submitReview(db(), {
      orderId: order.id,
      reviewerId: buyerId,
      rating: 2,
      body: "Item was dirtier than shown.",
    });
    // The seller cannot see it, nor can anyone on the seller's profile.
    const sellerView = await reviewStateFor(db(), order.id, sellerId);
    expect(sellerView).toMatchObject({ due: true, theirs: null, theirsHidden: true });
    expect(await ratingSummary(db(), sellerId, "seller")).toEqual({ average: null, count: 0 });
    expect(await reviewsAbout(db(), sellerId)).toEqual([]);
    // The buyer sees their own review.
    expect((await reviewStateFor(db(), order.id, buyerId)).mine).toMatchObject({ rating: 2 });

    await submitReview(db(), { orderId: order.id, reviewerId: sellerId, rating: 5, body: "Paid fast." });
    expect(await reviewStateFor(db(), order.id, sellerId)).toMatchObject({
      due: false,
      theirsHidden: false,
      theirs: { rating: 2 },
    });
    expect(await reviewStateFor(db(), order.id, buyerId)).toMatchObject({ theirs: { rating: 5 } });
    expect(await ratingSummary(db(), sellerId, "seller")).toEqual({ average: 2, count: 1 });
    expect(await ratingSummary(db(), buyerId, "buyer")).toEqual({ average: 5, count: 1 });
  });

  it("reveals a one-sided review once the 14-day window has ended", async () => {
    const completedAt = new Date(Date.now() - 10 * DAY);
    const { order, buyerId, sellerId } = await createCompletedOrder(db(), { completedAt });
    await submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating: 4, body: "Good." });
    expect(await ratingSummary(db(), sellerId, "seller")).toEqual({ average: null, count: 0 });
    const afterWindow = new Date(completedAt.getTime() + 14 * DAY + 1000);
    expect(await ratingSummary(db(), sellerId, "seller", afterWindow)).toEqual({ average: 4, count: 1 });
    expect(await reviewStateFor(db(), order.id, sellerId, afterWindow)).toMatchObject({
      due: false,
      windowOpen: false,
      theirs: { rating: 4, body: "Good." },
    });
  });

  it("needs no job to reveal: a one-sided review of an order completed over 14 days ago is visible now", async () => {
    const { order, buyerId, sellerId } = await createCompletedOrder(db(), {
      completedAt: new Date(Date.now() - 15 * DAY),
    });
    await db()
      .insertInto("reviews")
      .values({
        id: `late-${order.id}`,
        orderId: order.id,
        subject: "seller",
        reviewerId: buyerId,
        revieweeId: sellerId,
        rating: 3,
        body: "OK",
      })
      .execute();
    expect(await ratingSummary(db(), sellerId, "seller")).toEqual({ average: 3, count: 1 });
    expect((await reviewsAbout(db(), sellerId)).map((review) => review.body)).toEqual(["OK"]);
  });

  it("closes the window 14 days after completion", async () => {
    const { order, buyerId, sellerId } = await createCompletedOrder(db(), {
      completedAt: new Date(Date.now() - 15 * DAY),
    });
    await expect(
      submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating: 5, body: "Late." }),
    ).rejects.toThrow(/close 14 days/);
    expect(await reviewStateFor(db(), order.id, sellerId)).toMatchObject({ due: false, windowOpen: false });
    const justInside = await createCompletedOrder(db(), { completedAt: new Date(Date.now() - 13.9 * DAY) });
    await submitReview(db(), {
      orderId: justInside.order.id,
      reviewerId: justInside.sellerId,
      rating: 5,
      body: "Fine.",
    });
  });

  it("refuses reviews before completion and from anyone outside the order", async () => {
    const { order, buyerId } = await createCompletedOrder(db());
    const stranger = await createUser(db());
    await expect(
      submitReview(db(), { orderId: order.id, reviewerId: stranger.id, rating: 5, body: "Hi" }),
    ).rejects.toThrow(NotFound);
    await expect(reviewStateFor(db(), order.id, stranger.id)).rejects.toThrow(NotFound);
    await db()
      .updateTable("orders")
      .set({ status: "received", completedAt: null })
      .where("id", "=", order.id)
      .execute();
    await expect(
      submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating: 5, body: "Early" }),
    ).rejects.toThrow(/once the order is complete/);
  });

  it("averages a seller's revealed reviews over several orders", async () => {
    const seller = await createUser(db());
    for (const rating of [5, 4, 2]) {
      const { order, buyerId } = await createCompletedOrder(db(), { sellerId: seller.id });
      await submitReview(db(), { orderId: order.id, reviewerId: buyerId, rating, body: "Review" });
      await submitReview(db(), { orderId: order.id, reviewerId: seller.id, rating: 5, body: "Buyer ok" });
    }
    expect(await ratingSummary(db(), seller.id, "seller")).toEqual({ average: 3.7, count: 3 });
    const notified = await db().selectFrom("notifications").select("kind").where("userId", "=", seller.id).execute();
    expect(notified.filter((row) => row.kind === "review_received")).toHaveLength(3);
  });
});
