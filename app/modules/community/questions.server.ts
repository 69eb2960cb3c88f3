import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { enforceRateLimit } from "~/modules/accounts/rate-limit.server";
import { selectCard } from "~/modules/listings/search.server";
import { PUBLIC_STATUSES } from "~/modules/listings/transitions";
import { assertListingVisible } from "~/modules/listings/visibility.server";
import { notify } from "~/modules/notifications/notify.server";
import { announceFeedChanged } from "./feed-cache.server";
import { COMMUNITY_RATE_LIMITS } from "./rate-limits.server";
import { retailerBadges } from "./retailer-community.server";
import { listingIdFromReference } from "./schemas";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Public questions and answers on a listing. Members ask and answer while the listing is on sale
 * (active or reserved); sold listings keep their Q&A readable; drafts, archived and removed
 * listings show none and accept none.
 */
const OPEN_FOR_QUESTIONS = ["active", "reserved"] as const;

async function openListing(db: Executor, listingId: string) {
  // What the listing page shows to others: no questions or answers on a hidden listing.
  await assertListingVisible(db, listingId, null);
  const listing = await db
    .selectFrom("listings")
    .select(["id", "sellerId", "title", "status"])
    .where("id", "=", listingId)
    .executeTakeFirst();
  if (!listing || !PUBLIC_STATUSES.includes(listing.status)) throw new NotFound("That listing doesn't exist.");
  if (!(OPEN_FOR_QUESTIONS as readonly string[]).includes(listing.status)) {
    throw new Forbidden("This listing is no longer taking questions.");
  }
  return listing;
}

async function openQuestion(db: Executor, questionId: string) {
  const question = await db
    .selectFrom("questions")
    .select(["id", "listingId", "askerId", "helpfulAnswerId"])
    .where("id", "=", questionId)
    .executeTakeFirst();
  if (!question) throw new NotFound("That question doesn't exist.");
  const listing = await openListing(db, question.listingId);
  return { question, listing };
}

export async function askQuestion(
  db: Kysely<Database>,
  input: { listingId: string; askerId: string; body: string },
): Promise<string> {
  await enforceRateLimit(db, `community:question:${input.askerId}`, COMMUNITY_RATE_LIMITS.questionsPerUser);
  return transaction(db, async (trx) => {
    const listing = await openListing(trx, input.listingId);
    const id = newId();
    await trx
      .insertInto("questions")
      .values({ id, listingId: listing.id, askerId: input.askerId, body: input.body })
      .execute();
    if (listing.sellerId !== input.askerId) {
      await notify(
        trx,
        listing.sellerId,
        "question_asked",
        {
          title: `New question on ${listing.title}`,
          body: input.body.slice(0, 200),
          url: `/listings/${listing.id}#question-${id}`,
        },
        { dedupeKey: `question:${id}` },
      );
    }
    return id;
  });
}

/** Checks a pasted recommendation: it must name another listing that is for sale right now. */
async function resolveRecommendation(db: Executor, reference: string, forListingId: string): Promise<string> {
  const id = listingIdFromReference(reference);
  const fail = (message: string) => new InvalidInput(message, { recommendation: [message] });
  if (!id) throw fail("Paste a Stoop listing link (…/listings/…) or a listing id.");
  if (id === forListingId) throw fail("Recommend a different listing than this one.");
  const listing = await db.selectFrom("listings").select(["status"]).where("id", "=", id).executeTakeFirst();
  if (!listing) throw fail("We couldn't find that listing.");
  if (listing.status !== "active") throw fail("That listing isn't for sale right now; recommend an active one.");
  return id;
}

export async function answerQuestion(
  db: Kysely<Database>,
  input: { questionId: string; authorId: string; body: string; recommendation?: string | null },
): Promise<string> {
  await enforceRateLimit(db, `community:answer:${input.authorId}`, COMMUNITY_RATE_LIMITS.answersPerUser);
  return transaction(db, async (trx) => {
    const { question, listing } = await openQuestion(trx, input.questionId);
    const recommendedListingId = input.recommendation
      ? await resolveRecommendation(trx, input.recommendation, listing.id)
      : null;
    const id = newId();
    await trx
      .insertInto("answers")
      .values({ id, questionId: question.id, authorId: input.authorId, body: input.body, recommendedListingId })
      .execute();
    // A shop's staff answering shows in the shop's followers' feeds (ADR 049).
    const staff = await trx
      .selectFrom("retailerStaff")
      .select("retailerId")
      .where("userId", "=", input.authorId)
      .limit(1)
      .executeTakeFirst();
    if (staff) await announceFeedChanged(trx, null);
    if (question.askerId !== input.authorId) {
      await notify(
        trx,
        question.askerId,
        "answer_posted",
        {
          title: `Your question on ${listing.title} has a new answer`,
          body: input.body.slice(0, 200),
          url: `/listings/${listing.id}#answer-${id}`,
        },
        { dedupeKey: `answer:${id}` },
      );
    }
    return id;
  });
}

/** Upvotes an answer, or takes the upvote back: one vote per member per answer, never one's own. */
export async function toggleUpvote(
  db: Kysely<Database>,
  input: { answerId: string; userId: string },
): Promise<{ voted: boolean }> {
  await enforceRateLimit(db, `community:vote:${input.userId}`, COMMUNITY_RATE_LIMITS.votesPerUser);
  return transaction(db, async (trx) => {
    const answer = await trx
      .selectFrom("answers")
      .select(["id", "questionId", "authorId"])
      .where("id", "=", input.answerId)
      .executeTakeFirst();
    if (!answer) throw new NotFound("That answer doesn't exist.");
    await openQuestion(trx, answer.questionId);
    if (answer.authorId === input.userId) throw new Forbidden("You can't upvote your own answer.");
    const inserted = await trx
      .insertInto("answerVotes")
      .values({ answerId: answer.id, userId: input.userId })
      .onConflict((conflict) => conflict.columns(["answerId", "userId"]).doNothing())
      .returning("answerId")
      .executeTakeFirst();
    if (inserted) return { voted: true };
    await trx.deleteFrom("answerVotes").where("answerId", "=", answer.id).where("userId", "=", input.userId).execute();
    return { voted: false };
  });
}

/** The asker marks one answer helpful (marking another moves the mark). Only the asker may. */
export async function markHelpful(db: Kysely<Database>, input: { answerId: string; userId: string }): Promise<void> {
  await transaction(db, async (trx) => {
    const answer = await trx
      .selectFrom("answers")
      .select(["id", "questionId", "authorId"])
      .where("id", "=", input.answerId)
      .executeTakeFirst();
    if (!answer) throw new NotFound("That answer doesn't exist.");
    const { question, listing } = await openQuestion(trx, answer.questionId);
    if (question.askerId !== input.userId) throw new Forbidden("Only the member who asked can mark an answer helpful.");
    if (answer.authorId === input.userId) throw new Forbidden("You can't mark your own answer helpful.");
    if (question.helpfulAnswerId === answer.id) return;
    await trx
      .updateTable("questions")
      .set({ helpfulAnswerId: answer.id })
      .where("id", "=", question.id)
      .where("askerId", "=", input.userId)
      .execute();
    await notify(
      trx,
      answer.authorId,
      "answer_helpful",
      {
        title: "Your answer was marked helpful",
        body: `The member who asked about ${listing.title} found your answer helpful.`,
        url: `/listings/${listing.id}#answer-${answer.id}`,
      },
      { dedupeKey: `helpful:${question.id}:${answer.id}` },
    );
  });
}

export interface AnswerView {
  id: string;
  body: string;
  createdAt: Date;
  author: { id: string; displayName: string };
  /** The answerer's verified retailer, computed at read time from `author.id` (retailer_staff). */
  badge: { retailerName: string; retailerSlug: string; verified: boolean } | null;
  upvotes: number;
  viewerUpvoted: boolean;
  helpful: boolean;
  recommendation: Awaited<ReturnType<typeof recommendationCards>>[number] | null;
  /** A recommendation whose listing has since sold or gone: shown as a note, not a card. */
  recommendationGone: boolean;
}

export interface QuestionView {
  id: string;
  body: string;
  createdAt: Date;
  asker: { id: string; displayName: string };
  answers: AnswerView[];
}

function recommendationCards(db: Executor, ids: string[]) {
  return selectCard(
    db.selectFrom("listings").where("listings.id", "in", ids).where("listings.status", "=", "active"),
    null,
  ).execute();
}

/** The Q&A shown on a public listing page, oldest question first, helpful then most upvoted answers first. */
export async function listQuestions(db: Executor, listingId: string, viewerId: string | null): Promise<QuestionView[]> {
  const questions = await db
    .selectFrom("questions")
    .innerJoin("users", "users.id", "questions.askerId")
    .select([
      "questions.id",
      "questions.body",
      "questions.createdAt",
      "questions.helpfulAnswerId",
      "questions.askerId",
      "users.displayName",
    ])
    .where("questions.listingId", "=", listingId)
    .orderBy("questions.createdAt")
    .orderBy("questions.id")
    .limit(200)
    .execute();
  if (questions.length === 0) return [];
  const answers = await db
    .selectFrom("answers")
    .innerJoin("users", "users.id", "answers.authorId")
    .select((eb) => [
      "answers.id",
      "answers.questionId",
      "answers.body",
      "answers.createdAt",
      "answers.authorId",
      "answers.recommendedListingId",
      "users.displayName",
      eb
        .selectFrom("answerVotes")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("answerVotes.answerId", "=", "answers.id")
        .as("upvotes"),
      viewerId
        ? eb
            .exists(
              eb
                .selectFrom("answerVotes")
                .select("answerVotes.answerId")
                .whereRef("answerVotes.answerId", "=", "answers.id")
                .where("answerVotes.userId", "=", viewerId),
            )
            .as("viewerUpvoted")
        : eb.val(false).as("viewerUpvoted"),
    ])
    .where(
      "answers.questionId",
      "in",
      questions.map((question) => question.id),
    )
    // A moderator's removal takes the answer off the page (the row stays for the audit trail).
    .where("answers.removedAt", "is", null)
    .orderBy("answers.createdAt")
    .orderBy("answers.id")
    .execute();
  const recommendedIds = [
    ...new Set(answers.map((answer) => answer.recommendedListingId).filter((id): id is string => Boolean(id))),
  ];
  const cards = recommendedIds.length ? await recommendationCards(db, recommendedIds) : [];
  const cardById = new Map(cards.map((card) => [card.id, card]));
  const badges = await retailerBadges(
    db,
    answers.map((answer) => answer.authorId),
  );
  return questions.map((question) => ({
    id: question.id,
    body: question.body,
    createdAt: question.createdAt,
    asker: { id: question.askerId, displayName: question.displayName },
    answers: answers
      .filter((answer) => answer.questionId === question.id)
      .map((answer) => ({
        id: answer.id,
        body: answer.body,
        createdAt: answer.createdAt,
        author: { id: answer.authorId, displayName: answer.displayName },
        badge: badges.get(answer.authorId) ?? null,
        upvotes: Number(answer.upvotes ?? 0),
        viewerUpvoted: Boolean(answer.viewerUpvoted),
        helpful: question.helpfulAnswerId === answer.id,
        recommendation: answer.recommendedListingId ? (cardById.get(answer.recommendedListingId) ?? null) : null,
        recommendationGone: Boolean(answer.recommendedListingId) && !cardById.has(answer.recommendedListingId ?? ""),
      }))
      .sort((a, b) => Number(b.helpful) - Number(a.helpful) || b.upvotes - a.upvotes),
  }));
}

/** How many of a member's answers the askers marked helpful (shown on their profile). */
export async function helpfulAnswerCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("questions")
    .innerJoin("answers", "answers.id", "questions.helpfulAnswerId")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("answers.authorId", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
