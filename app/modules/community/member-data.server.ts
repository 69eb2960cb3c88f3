import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The community's part of a member's data export (privacy/account-data.server.ts). Reviews about
 * the member are not exported here: the other side's review may still be hidden from them.
 */
export const COMMUNITY_EXPORT_SECTIONS = {
  following: (db: Executor, userId: string) =>
    db
      .selectFrom("follows")
      .leftJoin("users", "users.id", "follows.followedUserId")
      .leftJoin("retailers", "retailers.id", "follows.followedRetailerId")
      .select([
        "follows.followedUserId as memberId",
        "users.displayName as memberName",
        "follows.followedRetailerId as shopId",
        "retailers.name as shopName",
        "follows.createdAt",
      ])
      .where("follows.followerId", "=", userId)
      .orderBy("follows.createdAt")
      .execute(),
  // Who follows them is not theirs to take (the followers' choice), only how many.
  followerCount: async (db: Executor, userId: string) => {
    const row = await db
      .selectFrom("follows")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("followedUserId", "=", userId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  },
  feedSettings: (db: Executor, userId: string) =>
    db
      .selectFrom("users")
      .select(["hideFollowers", "feedPlaceName", "feedRadiusKm"])
      .where("id", "=", userId)
      .executeTakeFirst(),
  questions: (db: Executor, userId: string) =>
    db
      .selectFrom("questions")
      .select(["id", "listingId", "body", "createdAt"])
      .where("askerId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  answers: (db: Executor, userId: string) =>
    db
      .selectFrom("answers")
      .select(["id", "questionId", "body", "recommendedListingId", "createdAt"])
      .where("authorId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  messagesSent: (db: Executor, userId: string) =>
    db
      .selectFrom("messages")
      .select(["conversationId", "body", "createdAt"])
      .where("senderId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  reviewsWritten: (db: Executor, userId: string) =>
    db
      .selectFrom("reviews")
      .select(["orderId", "subject", "rating", "body", "createdAt"])
      .where("reviewerId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  reviewRepliesWritten: (db: Executor, userId: string) =>
    db
      .selectFrom("reviews")
      .select(["id as reviewId", "replyBody", "repliedAt"])
      .where("replyAuthorId", "=", userId)
      .orderBy("repliedAt")
      .execute(),
  wantedRequests: (db: Executor, userId: string) =>
    db
      .selectFrom("wantedRequests")
      .select([
        "id",
        "title",
        "details",
        "categoryId",
        "budgetCents",
        "placeName",
        "postalCode",
        "radiusKm",
        "status",
        "expiresAt",
        "solvedAnswerId",
        "removedAt",
        "createdAt",
      ])
      .where("requesterId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  wantedAnswers: (db: Executor, userId: string) =>
    db
      .selectFrom("wantedAnswers")
      .select([
        "id",
        "requestId",
        "kind",
        "retailerId",
        "body",
        "listingId",
        "serviceId",
        "recommendedRetailerId",
        "quoteCents",
        "removedAt",
        "createdAt",
      ])
      .where("authorId", "=", userId)
      .orderBy("createdAt")
      .execute(),
};

/**
 * What account deletion erases of the community: the member's upvotes, their follows both ways
 * (whom they followed, and others' follows of a member who is gone) and their feed place, and what
 * their Wanted requests said about them (title, details, area, photo: the request is closed and
 * blanked; the row stays so the answers others gave keep their place). Their questions, answers,
 * messages, reviews and Wanted answers stay for the other members, under the anonymised "Deleted
 * member". The photo's key is cleared, so /photos serves its files to nobody.
 */
export async function eraseCommunityData(trx: Transaction<Database>, userId: string): Promise<void> {
  await trx.deleteFrom("answerVotes").where("userId", "=", userId).execute();
  await trx
    .updateTable("wantedRequests")
    .set({
      status: sql<"closed">`case when status = 'open' then 'closed' else status end`,
      title: "Deleted request",
      details: "",
      placeName: "",
      postalCode: null,
      budgetCents: null,
      photoStorageKey: null,
      photoWidth: null,
      photoHeight: null,
      updatedAt: new Date(),
    })
    .where("requesterId", "=", userId)
    .execute();
  await trx
    .deleteFrom("follows")
    .where((eb) => eb.or([eb("followerId", "=", userId), eb("followedUserId", "=", userId)]))
    .execute();
  await trx
    .updateTable("users")
    .set({ hideFollowers: false, feedPlaceName: null, feedLatitude: null, feedLongitude: null })
    .where("id", "=", userId)
    .execute();
}
