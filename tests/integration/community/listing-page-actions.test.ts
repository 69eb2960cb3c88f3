import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { action as listingAction } from "~/routes/listings.$id";
import { useTestDatabase } from "../../support/database";
import { createListing, createQuestionWithAnswer, createUser, memberSession } from "../../support/factories";

/**
 * The listing page's community forms through its route: the route parses each form, the module
 * does the work and says what it did, and the route picks where to go. A refused form comes back
 * for that form only, with what the member typed.
 */

const database = useTestDatabase();
const config = loadConfig({ PAYMENTS: "stand-in" });

async function member(): Promise<SessionUser> {
  return session(await createUser(database.db));
}

function session(user: { id: string; email: string; displayName: string }): SessionUser {
  return memberSession(user);
}

async function post(user: SessionUser, listingId: string, fields: Record<string, string>) {
  const response = (await listingAction({
    request: new Request(`http://stoop.test/listings/${listingId}`, {
      method: "POST",
      body: new URLSearchParams(fields),
    }),
    params: { id: listingId },
    context: {
      db: database.db,
      config,
      clientIp: "198.51.100.7",
      remoteAddress: "198.51.100.7",
      auth: { user, token: "token" },
    } as unknown as AppLoadContext,
  })) as Response;
  const body = response.headers.get("Location") ? null : ((await response.json()) as Record<string, unknown>);
  return { status: response.status, location: response.headers.get("Location"), body };
}

describe("the listing page's community forms", () => {
  it("asks a question and goes back to it", async () => {
    const listing = await createListing(database.db);
    const asker = await member();

    const answer = await post(asker, listing.id, { intent: "ask", question: "Does it still work?" });

    const question = await database.db
      .selectFrom("questions")
      .select("id")
      .where("listingId", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/listings/${listing.id}#question-${question.id}`);
  });

  it("refuses a too short question next to it, keeping what was typed", async () => {
    const listing = await createListing(database.db);

    const answer = await post(await member(), listing.id, { intent: "ask", question: "Hm?" });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ community: true, form: "ask", values: { question: "Hm?" } });
    expect((answer.body!.fieldErrors as Record<string, string[]>).question?.[0]).toMatch(/at least 5/);
  });

  it("shows a refused answer on that question's form, with what was typed", async () => {
    const listing = await createListing(database.db);
    const asker = await member();
    const { questionId } = await createQuestionWithAnswer(database.db, {
      listingId: listing.id,
      askerId: asker.id,
      question: "Is the frame steel?",
      answererId: listing.sellerId,
      answer: "Yes.",
    });

    const answer = await post(await member(), listing.id, {
      intent: "answer",
      questionId,
      answer: "Try this one instead",
      recommendation: "not a listing",
    });

    // The module's refusal (a recommendation that names no listing) sits next to its field.
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      community: true,
      form: `answer:${questionId}`,
      formError: null,
      values: { answer: "Try this one instead", recommendation: "not a listing" },
    });
    expect((answer.body!.fieldErrors as Record<string, string[]>).recommendation?.[0]).toMatch(/Paste a Stoop listing/);
  });

  it("upvotes an answer and goes back to it; an unknown answer id is a message for the button", async () => {
    const listing = await createListing(database.db);
    const asker = await member();
    const { answerId } = await createQuestionWithAnswer(database.db, {
      listingId: listing.id,
      askerId: asker.id,
      question: "Is the frame steel?",
      answererId: listing.sellerId,
      answer: "Yes.",
    });

    const upvoted = await post(asker, listing.id, { intent: "upvote", answerId });
    const broken = await post(asker, listing.id, { intent: "helpful", answerId: "not an id!" });

    expect(upvoted.location).toBe(`/listings/${listing.id}#answer-${answerId}`);
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ form: "helpful", formError: "Unknown answer; reload the page." });
  });

  it("opens a conversation with the seller, and refuses the seller's own with the module's message", async () => {
    const listing = await createListing(database.db);

    const opened = await post(await member(), listing.id, { intent: "message" });
    const seller = await database.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", listing.sellerId)
      .executeTakeFirstOrThrow();
    const own = await post(session(seller), listing.id, { intent: "message" });

    expect(opened.location).toMatch(/^\/messages\/[A-Za-z0-9_-]+$/);
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ community: true, form: "message", formError: "This is your own listing." });
  });
});
