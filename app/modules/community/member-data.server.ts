import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The community's part of a member's data export (privacy/account-data.server.ts). Reviews about
 * the member are not exported here: the other side's review may still be hidden from them.
 */
export const COMMUNITY_EXPORT_SECTIONS = {
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
 * What account deletion erases of the community: the member's upvotes. Their questions, answers,
 * messages and reviews stay for the other members, under the anonymised "Deleted member".
 */
export async function eraseCommunityData(trx: Transaction<Database>, userId: string): Promise<void> {
  await trx.deleteFrom("answerVotes").where("userId", "=", userId).execute();
}
