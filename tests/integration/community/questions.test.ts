import { describe, expect, it } from "vitest";
import { Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import {
  answerQuestion,
  askQuestion,
  helpfulAnswerCount,
  listQuestions,
  markHelpful,
  toggleUpvote,
} from "~/modules/community/questions.server";
import { listingIdFromReference } from "~/modules/community/schemas";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

async function scene() {
  const seller = await createUser(db(), { displayName: "Sally Seller" });
  const asker = await createUser(db(), { displayName: "Alex Asker" });
  const helper = await createUser(db(), { displayName: "Hana Helper" });
  const listing = await createListing(db(), { sellerId: seller.id, title: "Road bike" });
  const questionId = await askQuestion(db(), { listingId: listing.id, askerId: asker.id, body: "Does it fit 1.80 m?" });
  return { seller, asker, helper, listing, questionId };
}

async function notificationsOf(userId: string) {
  return db().selectFrom("notifications").select(["kind", "url"]).where("userId", "=", userId).execute();
}

describe("questions and answers", () => {
  it("lets the seller and other members answer, and tells the asker each time", async () => {
    const { seller, asker, helper, listing, questionId } = await scene();
    await answerQuestion(db(), { questionId, authorId: seller.id, body: "Yes, frame is 56 cm." });
    await answerQuestion(db(), { questionId, authorId: helper.id, body: "I'm 1.82 m and ride a 56." });
    const [question] = await listQuestions(db(), listing.id, asker.id);
    expect(question?.asker.displayName).toBe("Alex Asker");
    expect(question?.answers.map((answer) => answer.author.displayName)).toEqual(["Sally Seller", "Hana Helper"]);
    expect(question?.answers.every((answer) => answer.badge === null)).toBe(true);
    const kinds = (await notificationsOf(asker.id)).map((row) => row.kind);
    expect(kinds.filter((kind) => kind === "answer_posted")).toHaveLength(2);
    expect((await notificationsOf(seller.id)).map((row) => row.kind)).toContain("question_asked");
  });

  it("refuses questions and answers on drafts and removed listings, and hides their Q&A", async () => {
    const asker = await createUser(db());
    for (const status of ["draft", "removed", "archived"] as const) {
      const listing = await createListing(db(), { status });
      await expect(
        askQuestion(db(), { listingId: listing.id, askerId: asker.id, body: "Still there?" }),
      ).rejects.toThrow(NotFound);
    }
    const { listing, questionId, helper } = await scene();
    await db().updateTable("listings").set({ status: "removed" }).where("id", "=", listing.id).execute();
    await expect(answerQuestion(db(), { questionId, authorId: helper.id, body: "Hello" })).rejects.toThrow(NotFound);
  });

  it("keeps sold listings' Q&A readable but closed", async () => {
    const { listing, questionId, helper } = await scene();
    await db().updateTable("listings").set({ status: "sold" }).where("id", "=", listing.id).execute();
    await expect(answerQuestion(db(), { questionId, authorId: helper.id, body: "Too late" })).rejects.toThrow(
      Forbidden,
    );
    expect(await listQuestions(db(), listing.id, null)).toHaveLength(1);
  });

  it("toggles one upvote per member and never counts one's own answer", async () => {
    const { seller, asker, helper, listing, questionId } = await scene();
    const answerId = await answerQuestion(db(), { questionId, authorId: helper.id, body: "Fits." });
    expect(await toggleUpvote(db(), { answerId, userId: asker.id })).toEqual({ voted: true });
    expect(await toggleUpvote(db(), { answerId, userId: seller.id })).toEqual({ voted: true });
    let answer = (await listQuestions(db(), listing.id, asker.id))[0]?.answers[0];
    expect(answer).toMatchObject({ upvotes: 2, viewerUpvoted: true });
    expect(await toggleUpvote(db(), { answerId, userId: asker.id })).toEqual({ voted: false });
    answer = (await listQuestions(db(), listing.id, asker.id))[0]?.answers[0];
    expect(answer).toMatchObject({ upvotes: 1, viewerUpvoted: false });
    await expect(toggleUpvote(db(), { answerId, userId: helper.id })).rejects.toThrow(Forbidden);
  });

  it("lets only the asker mark one answer helpful, moves the mark, and counts it on the answerer", async () => {
    const { seller, asker, helper, listing, questionId } = await scene();
    const first = await answerQuestion(db(), { questionId, authorId: seller.id, body: "Yes." });
    const second = await answerQuestion(db(), { questionId, authorId: helper.id, body: "Yes, I ride one." });
    await expect(markHelpful(db(), { answerId: first, userId: helper.id })).rejects.toThrow(Forbidden);
    await expect(markHelpful(db(), { answerId: first, userId: seller.id })).rejects.toThrow(Forbidden);
    await markHelpful(db(), { answerId: first, userId: asker.id });
    expect(await helpfulAnswerCount(db(), seller.id)).toBe(1);
    await markHelpful(db(), { answerId: second, userId: asker.id });
    expect(await helpfulAnswerCount(db(), seller.id)).toBe(0);
    expect(await helpfulAnswerCount(db(), helper.id)).toBe(1);
    const answers = (await listQuestions(db(), listing.id, null))[0]?.answers ?? [];
    expect(answers.filter((answer) => answer.helpful).map((answer) => answer.id)).toEqual([second]);
    expect(answers[0]?.id).toBe(second); // the helpful answer comes first
    expect((await notificationsOf(helper.id)).map((row) => row.kind)).toContain("answer_helpful");
  });

  it("refuses to let the asker mark their own answer helpful", async () => {
    const { asker, questionId } = await scene();
    const own = await answerQuestion(db(), { questionId, authorId: asker.id, body: "Answering myself." });
    await expect(markHelpful(db(), { answerId: own, userId: asker.id })).rejects.toThrow(Forbidden);
  });
});

describe("recommendations", () => {
  it("attaches another active listing, by link or id, shown as a card", async () => {
    const { helper, listing, questionId } = await scene();
    const other = await createListing(db(), { title: "Touring bike" });
    await answerQuestion(db(), {
      questionId,
      authorId: helper.id,
      body: "This one fits you better.",
      recommendation: `https://stoop.example/listings/${other.id}?near=97214`,
    });
    const answer = (await listQuestions(db(), listing.id, null))[0]?.answers[0];
    expect(answer?.recommendation).toMatchObject({ id: other.id, title: "Touring bike" });
    const byId = await answerQuestion(db(), {
      questionId,
      authorId: helper.id,
      body: "Or this.",
      recommendation: other.id,
    });
    expect(byId).toBeTruthy();
  });

  it("refuses a missing, inactive or same listing, saying why next to the field", async () => {
    const { helper, listing, questionId } = await scene();
    const sold = await createListing(db(), { status: "sold" });
    const draft = await createListing(db(), { status: "draft" });
    const cases = [
      ["not a link at all!", /listing link/],
      ["https://stoop.example/listings/doesNotExist123", /couldn't find/],
      [sold.id, /isn't for sale/],
      [draft.id, /isn't for sale/],
      [`/listings/${listing.id}`, /different listing/],
    ] as const;
    for (const [recommendation, message] of cases) {
      const attempt = answerQuestion(db(), { questionId, authorId: helper.id, body: "Try this", recommendation });
      await expect(attempt).rejects.toThrow(InvalidInput);
      await expect(attempt).rejects.toSatisfy((error: InvalidInput) =>
        message.test(error.fieldErrors.recommendation?.[0] ?? ""),
      );
    }
    expect((await listQuestions(db(), listing.id, null))[0]?.answers).toEqual([]);
  });

  it("shows a recommendation that has since sold as gone, not as a card", async () => {
    const { helper, listing, questionId } = await scene();
    const other = await createListing(db());
    await answerQuestion(db(), { questionId, authorId: helper.id, body: "This one.", recommendation: other.id });
    await db().updateTable("listings").set({ status: "sold" }).where("id", "=", other.id).execute();
    const answer = (await listQuestions(db(), listing.id, null))[0]?.answers[0];
    expect(answer).toMatchObject({ recommendation: null, recommendationGone: true });
  });

  it("reads listing ids out of links, paths and bare ids", () => {
    expect(listingIdFromReference("http://localhost:3000/listings/abc_DEF-1")).toBe("abc_DEF-1");
    expect(listingIdFromReference("/listings/abc123/buy")).toBe("abc123");
    expect(listingIdFromReference(" abc123 ")).toBe("abc123");
    expect(listingIdFromReference("https://evil.example/other/abc 123")).toBeNull();
  });
});

describe("limits", () => {
  it("rate-limits questions per member", async () => {
    const asker = await createUser(db());
    const listing = await createListing(db());
    for (let i = 0; i < 10; i++)
      await askQuestion(db(), { listingId: listing.id, askerId: asker.id, body: `Question ${i}?` });
    await expect(askQuestion(db(), { listingId: listing.id, askerId: asker.id, body: "One more?" })).rejects.toThrow(
      /Too many attempts/,
    );
  });
});
