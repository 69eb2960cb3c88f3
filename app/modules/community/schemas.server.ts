import { z } from "zod";
import { ID_PATTERN } from "~/lib/forms";
import { ANSWER_MAX, MESSAGE_MAX, QUESTION_MAX, REPLY_MAX, REVIEW_MAX } from "./schemas";

/** One zod schema per community form, shared by the routes and the modules' tests. */

const text = (label: string, min: number, max: number) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(min, min === 1 ? `${label} is required` : `${label} needs at least ${min} characters`)
    .max(max, `${label} is at most ${max} characters`);

export const questionSchema = z.object({ question: text("Your question", 5, QUESTION_MAX) });

export const answerSchema = z.object({
  questionId: z.string().regex(ID_PATTERN, "Unknown question; reload the page."),
  answer: text("Your answer", 2, ANSWER_MAX),
  /** A link to another listing (or its id); checked against the database by the module. */
  recommendation: z.string().trim().max(300, "Paste a listing link or id (at most 300 characters)").optional(),
});

export const messageSchema = z.object({ message: text("Your message", 1, MESSAGE_MAX) });

export const reviewSchema = z.object({
  rating: z.coerce
    .number({ message: "Choose 1 to 5 stars" })
    .int("Choose 1 to 5 stars")
    .min(1, "Choose 1 to 5 stars")
    .max(5, "Choose 1 to 5 stars"),
  review: text("Your review", 3, REVIEW_MAX),
});

export const idSchema = z.string().regex(ID_PATTERN);

const UNKNOWN_ANSWER = "Unknown answer; reload the page.";

/**
 * The listing page's community forms, by their `intent` button: ask, answer, upvote or mark an
 * answer helpful, message the seller. The listing route parses them with `parseForm` and hands
 * the result to `actOnListingCommunity` (community/listing-page.server.ts).
 */
export const listingCommunityFormSchema = z.discriminatedUnion("intent", [
  questionSchema.extend({ intent: z.literal("ask") }),
  answerSchema.extend({ intent: z.literal("answer") }),
  z.object({
    intent: z.enum(["upvote", "helpful"]),
    answerId: z.string({ message: UNKNOWN_ANSWER }).regex(ID_PATTERN, UNKNOWN_ANSWER),
  }),
  z.object({ intent: z.literal("message") }),
]);

export type ListingCommunityForm = z.output<typeof listingCommunityFormSchema>;

/** The reviewed side's one public reply to a review. */
export const reviewReplySchema = z.object({ reply: text("Your reply", 2, REPLY_MAX) });
