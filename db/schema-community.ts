import type { ColumnType } from "kysely";

/** Tables of the community concern (migrations/0010_community.ts): Q&A, messages, reviews. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface QuestionsTable {
  id: string;
  listingId: string;
  askerId: string;
  body: string;
  helpfulAnswerId: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: CreatedAt;
}

export interface AnswersTable {
  id: string;
  questionId: string;
  authorId: string;
  body: string;
  recommendedListingId: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: CreatedAt;
  removedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  removalReason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AnswerVotesTable {
  answerId: string;
  userId: string;
  createdAt: CreatedAt;
}

export type ConversationSubject = "listing" | "order";

export interface ConversationsTable {
  id: string;
  subjectType: ConversationSubject;
  listingId: string | null;
  orderId: ColumnType<string | null, string | null | undefined, string | null>;
  buyerId: string;
  /** Set for an order subject: the retailer the buyer talks with (migrations/0016). */
  retailerId: ColumnType<string | null, string | null | undefined, string | null>;
  lastMessageAt: ColumnType<Date, Date | string | undefined, Date | string>;
  createdAt: CreatedAt;
}

/** buyer / seller of a listing conversation; buyer / retailer (each staff member) of an order one. */
export type ParticipantRole = "buyer" | "seller" | "retailer";

export interface ConversationParticipantsTable {
  conversationId: string;
  userId: string;
  role: ParticipantRole;
  unreadCount: ColumnType<number, number | undefined, number>;
  lastReadAt: NullableTime;
}

export interface MessagesTable {
  id: string;
  conversationId: string;
  senderId: string;
  body: string;
  createdAt: CreatedAt;
  removedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  removalReason: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ReviewSubject = "seller" | "buyer" | "service";

export interface ReviewsTable {
  id: string;
  orderId: string;
  subject: ReviewSubject;
  reviewerId: string;
  revieweeId: string;
  rating: number;
  body: string;
  createdAt: CreatedAt;
  /** Service reviews only (migrations/0015_service_reviews.ts): the order service line and its shop. */
  orderServiceId: ColumnType<string | null, string | null | undefined, never>;
  retailerId: ColumnType<string | null, string | null | undefined, never>;
  /** The one public reply by whom the review is about (migrations/0018_review_replies.ts). */
  replyBody: ColumnType<string | null, never, string>;
  replyAuthorId: ColumnType<string | null, never, string>;
  repliedAt: ColumnType<Date | null, never, Date | string>;
}

export interface CommunityTables {
  questions: QuestionsTable;
  answers: AnswersTable;
  answerVotes: AnswerVotesTable;
  conversations: ConversationsTable;
  conversationParticipants: ConversationParticipantsTable;
  messages: MessagesTable;
  reviews: ReviewsTable;
}
