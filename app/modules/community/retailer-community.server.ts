import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { selectCard } from "~/modules/listings/search.server";
import { PUBLIC_STATUSES } from "~/modules/listings/transitions";
import { retailerRatings, reviewsOfRetailer } from "./reviews.server";
import { shopWantedCredit } from "./wanted-queries.server";

type Executor = Kysely<Database> | Transaction<Database>;

export interface RetailerAnswerBadge {
  retailerName: string;
  retailerSlug: string;
  verified: boolean;
}

/**
 * The retailer badge of each answer author, computed at read time in one query: the verified
 * retailer the member is staff of (the first by name if several). Unverified shops give no badge.
 */
export async function retailerBadges(db: Executor, userIds: string[]): Promise<Map<string, RetailerAnswerBadge>> {
  const ids = [...new Set(userIds)];
  const badges = new Map<string, RetailerAnswerBadge>();
  if (ids.length === 0) return badges;
  const rows = await db
    .selectFrom("retailerStaff")
    .innerJoin("retailers", "retailers.id", "retailerStaff.retailerId")
    .select(["retailerStaff.userId", "retailers.name", "retailers.slug"])
    .where("retailerStaff.userId", "in", ids)
    .where("retailers.status", "=", "verified")
    .orderBy("retailers.name")
    .orderBy("retailers.id")
    .execute();
  for (const row of rows) {
    if (!badges.has(row.userId)) {
      badges.set(row.userId, { retailerName: row.name, retailerSlug: row.slug, verified: true });
    }
  }
  return badges;
}

/**
 * The retailer page's community part: its rating and service reviews, and what its staff gave
 * the community (helpful answers, recent answers, listings they recommended that are still on sale).
 */
export async function retailerCommunity(db: Executor, retailerId: string, now: Date = new Date()) {
  const staffIds = db.selectFrom("retailerStaff").select("userId").where("retailerId", "=", retailerId);
  const [ratings, reviews, helpful, recentAnswers, recommended, wanted] = await Promise.all([
    retailerRatings(db, [retailerId], now),
    reviewsOfRetailer(db, retailerId, now),
    db
      .selectFrom("answers")
      .innerJoin("questions", "questions.helpfulAnswerId", "answers.id")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("answers.authorId", "in", staffIds)
      .where("answers.removedAt", "is", null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("answers")
      .innerJoin("questions", "questions.id", "answers.questionId")
      .innerJoin("listings", "listings.id", "questions.listingId")
      .innerJoin("users", "users.id", "answers.authorId")
      .select([
        "answers.id",
        "answers.body",
        "answers.createdAt",
        "questions.body as question",
        "listings.id as listingId",
        "listings.title as listingTitle",
        "users.displayName as authorName",
      ])
      .where("answers.authorId", "in", staffIds)
      .where("answers.removedAt", "is", null)
      .where("listings.status", "in", [...PUBLIC_STATUSES])
      .orderBy("answers.createdAt", "desc")
      .orderBy("answers.id", "desc")
      .limit(5)
      .execute(),
    selectCard(
      db
        .selectFrom("listings")
        .where("listings.status", "=", "active")
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("answers")
              .select("answers.id")
              .whereRef("answers.recommendedListingId", "=", "listings.id")
              .where("answers.authorId", "in", staffIds)
              .where("answers.removedAt", "is", null),
          ),
        ),
      null,
    )
      .orderBy("listings.publishedAt", "desc")
      .limit(8)
      .execute(),
    shopWantedCredit(db, retailerId),
  ]);
  return {
    rating: ratings.get(retailerId) ?? { average: null, count: 0 },
    reviews,
    helpfulAnswers: Number(helpful.count),
    recentAnswers,
    recommended,
    wanted,
  };
}
