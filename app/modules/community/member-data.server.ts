import type { Kysely, Transaction } from "kysely";
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
};

/**
 * What account deletion erases of the community: the member's upvotes, their follows both ways
 * (whom they followed, and others' follows of a member who is gone) and their feed place. Their
 * questions, answers, messages and reviews stay for the other members, under the anonymised
 * "Deleted member".
 */
export async function eraseCommunityData(trx: Transaction<Database>, userId: string): Promise<void> {
  await trx.deleteFrom("answerVotes").where("userId", "=", userId).execute();
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
