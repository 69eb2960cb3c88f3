import { describe, expect, it } from "vitest";
import { listQuestions } from "~/modules/community/questions.server";
import { retailerCommunity } from "~/modules/community/retailer-community.server";
import { withShopRatings } from "~/modules/community/reviews.server";
import { servicesForListing } from "~/modules/retailers/services.server";
import {
  createCompletedOrder,
  createListing,
  createQuestionWithAnswer,
  createRetailer,
  createReview,
  createServiceLine,
  createUser,
} from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

describe("retailer badges on answers", () => {
  it("shows the shop for staff of a verified retailer only", async () => {
    const verified = await createRetailer(db(), { name: "Bike Hub" });
    const pending = await createRetailer(db(), { name: "Not Yet", status: "pending" });
    const staffMember = await createUser(db());
    await db()
      .insertInto("retailerStaff")
      .values({ retailerId: verified.id, userId: staffMember.id, role: "staff" })
      .execute();
    const plain = await createUser(db());
    const listing = await createListing(db());
    const asker = await createUser(db());
    for (const [answererId, answer] of [
      [verified.ownerId, "Owner answer"],
      [staffMember.id, "Staff answer"],
      [pending.ownerId, "Pending shop answer"],
      [plain.id, "Plain answer"],
    ] as const) {
      await createQuestionWithAnswer(db(), {
        listingId: listing.id,
        askerId: asker.id,
        question: `About ${answer}?`,
        answererId,
        answer,
      });
    }
    const questions = await listQuestions(db(), listing.id, null);
    const badgeOf = (body: string) =>
      questions.flatMap((question) => question.answers).find((answer) => answer.body === body)?.badge;
    const hub = { retailerName: "Bike Hub", retailerSlug: verified.slug, verified: true };
    expect(badgeOf("Owner answer")).toEqual(hub);
    expect(badgeOf("Staff answer")).toEqual(hub);
    expect(badgeOf("Pending shop answer")).toBeNull();
    expect(badgeOf("Plain answer")).toBeNull();
  });
});

describe("the retailer page's community section", () => {
  it("counts helpful answers, lists recent answers and active recommended listings", async () => {
    const retailer = await createRetailer(db(), { name: "Bike Hub" });
    const listing = await createListing(db(), { title: "Old road bike" });
    const activePick = await createListing(db(), { title: "Good helmet" });
    const soldPick = await createListing(db(), { title: "Sold lock", status: "sold" });
    const asker = await createUser(db());
    const first = await createQuestionWithAnswer(db(), {
      listingId: listing.id,
      askerId: asker.id,
      question: "Does it need a helmet?",
      answererId: retailer.ownerId,
      answer: "Yes, try this one.",
      recommendedListingId: activePick.id,
    });
    await db()
      .updateTable("questions")
      .set({ helpfulAnswerId: first.answerId })
      .where("id", "=", first.questionId)
      .execute();
    await createQuestionWithAnswer(db(), {
      listingId: listing.id,
      askerId: asker.id,
      question: "A lock too?",
      answererId: retailer.ownerId,
      answer: "This one sold, sorry.",
      recommendedListingId: soldPick.id,
    });
    const community = await retailerCommunity(db(), retailer.id);
    expect(community.helpfulAnswers).toBe(1);
    expect(community.recentAnswers.map((answer) => answer.body)).toEqual([
      "This one sold, sorry.",
      "Yes, try this one.",
    ]);
    expect(community.recentAnswers[0]).toMatchObject({ listingId: listing.id, listingTitle: "Old road bike" });
    expect(community.recommended.map((card) => card.title)).toEqual(["Good helmet"]);
    expect(community.rating).toEqual({ average: null, count: 0 });
  });

  it("shows the rating next to each add-on on a listing", async () => {
    const retailer = await createRetailer(db(), { services: [{ title: "Clean-up", categoryIds: ["furniture"] }] });
    const { order, buyerId } = await createCompletedOrder(db());
    const line = await createServiceLine(db(), { orderId: order.id, service: retailer.services[0]! });
    await createReview(db(), {
      orderId: order.id,
      subject: "service",
      reviewerId: buyerId,
      revieweeId: retailer.ownerId,
      orderServiceId: line.id,
      retailerId: retailer.id,
      rating: 3,
      body: "Decent.",
    });
    const offered = await withShopRatings(
      db(),
      await servicesForListing(db(), { categoryId: "furniture", latitude: 45.52, longitude: -122.68 }),
    );
    expect(offered.find((service) => service.retailerId === retailer.id)?.rating).toEqual({ average: 3, count: 1 });
    expect((await retailerCommunity(db(), retailer.id)).reviews).toHaveLength(1);
  });
});
