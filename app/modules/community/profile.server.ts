import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { helpfulAnswerCount } from "./questions.server";
import { ratingSummary, reviewsAbout } from "./reviews.server";
import { wantedSolvedByMember } from "./wanted-queries.server";

/** What a member's public profile shows of their standing in the community. */
export async function memberReputation(db: Kysely<Database>, userId: string) {
  const [asSeller, asBuyer, helpfulAnswers, reviews, wantedSolved] = await Promise.all([
    ratingSummary(db, userId, "seller"),
    ratingSummary(db, userId, "buyer"),
    helpfulAnswerCount(db, userId),
    reviewsAbout(db, userId),
    wantedSolvedByMember(db, userId),
  ]);
  return { asSeller, asBuyer, helpfulAnswers, reviews, wantedSolved };
}
