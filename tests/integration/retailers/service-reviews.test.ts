import { describe, expect, it } from "vitest";
import { Conflict, NotFound } from "~/lib/errors";
import {
  ratingSummary,
  retailerRatings,
  reviewStateFor,
  reviewsOfRetailer,
  submitServiceReview,
} from "~/modules/community/reviews.server";
import { createCompletedOrder, createRetailer, createServiceLine, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;
const DAY = 24 * 60 * 60 * 1000;

async function orderWithService(status: "done" | "declined" | "accepted" = "done", completedAt?: Date) {
  const retailer = await createRetailer(db(), { name: "Bike Hub", services: [{ title: "Tune-up" }] });
  const completed = await createCompletedOrder(db(), { completedAt });
  const line = await createServiceLine(db(), { orderId: completed.order.id, service: retailer.services[0]!, status });
  return { ...completed, retailer, line };
}

describe("service reviews", () => {
  it("allows one review per done service line, by the buyer, revealed at once", async () => {
    const { order, buyerId, retailer, line } = await orderWithService();
    const before = await reviewStateFor(db(), order.id, buyerId);
    expect(before.services).toEqual([
      expect.objectContaining({ lineId: line.id, title: "Tune-up", retailerName: "Bike Hub", due: true, mine: null }),
    ]);
    const input = { orderId: order.id, orderServiceId: line.id, reviewerId: buyerId, rating: 4, body: "Quick job." };
    await submitServiceReview(db(), input);
    await expect(submitServiceReview(db(), { ...input, rating: 1 })).rejects.toThrow(Conflict);
    const after = await reviewStateFor(db(), order.id, buyerId);
    expect(after.services[0]).toMatchObject({ due: false, mine: { rating: 4, body: "Quick job." } });
    // The seller review is still due and separate: service reviews don't use the seller/buyer key.
    expect(after.due).toBe(true);
    const row = await db().selectFrom("reviews").selectAll().where("orderServiceId", "=", line.id).executeTakeFirst();
    expect(row).toMatchObject({ subject: "service", retailerId: retailer.id, revieweeId: retailer.ownerId });
    // Revealed at once (the shop doesn't review back), without touching the owner's seller rating.
    expect((await retailerRatings(db(), [retailer.id])).get(retailer.id)).toEqual({ average: 4, count: 1 });
    expect(await reviewsOfRetailer(db(), retailer.id)).toEqual([
      expect.objectContaining({ rating: 4, body: "Quick job.", serviceTitle: "Tune-up", reviewerName: "Bea Buyer" }),
    ]);
    expect(await ratingSummary(db(), retailer.ownerId, "seller")).toEqual({ average: null, count: 0 });
    const staffNotes = await db()
      .selectFrom("notifications")
      .select("kind")
      .where("userId", "=", retailer.ownerId)
      .execute();
    expect(staffNotes.map((note) => note.kind)).toContain("review_received");
  });

  it("backs one review per line with a unique index", async () => {
    const { order, buyerId, retailer, line } = await orderWithService();
    const row = {
      orderId: order.id,
      subject: "service" as const,
      reviewerId: buyerId,
      revieweeId: retailer.ownerId,
      orderServiceId: line.id,
      retailerId: retailer.id,
      rating: 3,
      body: "x",
    };
    await db()
      .insertInto("reviews")
      .values({ id: "svc-1", ...row })
      .execute();
    await expect(
      db()
        .insertInto("reviews")
        .values({ id: "svc-2", ...row })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it("lets only the buyer review", async () => {
    const { order, sellerId, line } = await orderWithService();
    const stranger = await createUser(db());
    for (const reviewerId of [sellerId, stranger.id]) {
      await expect(
        submitServiceReview(db(), {
          orderId: order.id,
          orderServiceId: line.id,
          reviewerId,
          rating: 5,
          body: "Great!",
        }),
      ).rejects.toThrow(NotFound);
    }
    expect((await reviewStateFor(db(), order.id, sellerId)).services).toEqual([]);
  });

  it("only reviews lines that were done", async () => {
    for (const status of ["declined", "accepted"] as const) {
      const { order, buyerId, line } = await orderWithService(status);
      expect((await reviewStateFor(db(), order.id, buyerId)).services).toEqual([]);
      await expect(
        submitServiceReview(db(), {
          orderId: order.id,
          orderServiceId: line.id,
          reviewerId: buyerId,
          rating: 5,
          body: "ok ok",
        }),
      ).rejects.toThrow(Conflict);
    }
  });

  it("closes with the review window", async () => {
    const completedAt = new Date(Date.now() - 15 * DAY);
    const { order, buyerId, line } = await orderWithService("done", completedAt);
    expect((await reviewStateFor(db(), order.id, buyerId)).services[0]?.due).toBe(false);
    await expect(
      submitServiceReview(db(), {
        orderId: order.id,
        orderServiceId: line.id,
        reviewerId: buyerId,
        rating: 5,
        body: "Late!",
      }),
    ).rejects.toThrow(/close/);
    // Just inside the window still works.
    const {
      order: recent,
      buyerId: buyer2,
      line: line2,
    } = await orderWithService("done", new Date(Date.now() - 13 * DAY));
    await submitServiceReview(db(), {
      orderId: recent.id,
      orderServiceId: line2.id,
      reviewerId: buyer2,
      rating: 5,
      body: "Fine",
    });
  });

  it("averages a retailer's service reviews, per retailer", async () => {
    const a = await orderWithService();
    const retailer = a.retailer;
    const second = await createCompletedOrder(db());
    const line2 = await createServiceLine(db(), { orderId: second.order.id, service: retailer.services[0]! });
    const other = await orderWithService();
    await submitServiceReview(db(), {
      orderId: a.order.id,
      orderServiceId: a.line.id,
      reviewerId: a.buyerId,
      rating: 5,
      body: "Superb",
    });
    await submitServiceReview(db(), {
      orderId: second.order.id,
      orderServiceId: line2.id,
      reviewerId: second.buyerId,
      rating: 2,
      body: "Slow work",
    });
    await submitServiceReview(db(), {
      orderId: other.order.id,
      orderServiceId: other.line.id,
      reviewerId: other.buyerId,
      rating: 1,
      body: "Bad",
    });
    const ratings = await retailerRatings(db(), [retailer.id, other.retailer.id, "nobody"]);
    expect(ratings.get(retailer.id)).toEqual({ average: 3.5, count: 2 });
    expect(ratings.get(other.retailer.id)).toEqual({ average: 1, count: 1 });
    expect(ratings.get("nobody")).toEqual({ average: null, count: 0 });
  });
});
