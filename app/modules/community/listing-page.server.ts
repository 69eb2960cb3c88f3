import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "~db/schema";
import { DomainError, InvalidInput } from "~/lib/errors";
import { statusFor } from "~/lib/http.server";
import { hasUnstorableText, parseForm, type FieldErrors } from "~/lib/forms";
import { startConversation } from "./messages.server";
import { answerQuestion, askQuestion, listQuestions, markHelpful, toggleUpvote } from "./questions.server";
import { answerSchema, idSchema, questionSchema } from "./schemas";

/**
 * The listing page's community part: what its loader adds (Q&A; the seller's rating comes with
 * the page's own query) and the
 * intents its action hands over (ask, answer, upvote, helpful, message the seller). Kept here so
 * the listing route stays a thin dispatcher.
 */
export const COMMUNITY_INTENTS = ["ask", "answer", "upvote", "helpful", "message"] as const;

export function isCommunityIntent(intent: unknown): intent is (typeof COMMUNITY_INTENTS)[number] {
  return typeof intent === "string" && (COMMUNITY_INTENTS as readonly string[]).includes(intent);
}

export async function listingCommunity(
  db: Kysely<Database>,
  listing: { id: string; status: string; hasQuestions: boolean },
  viewerId: string | null,
) {
  const visible = ["active", "reserved", "sold"].includes(listing.status);
  const questions = visible && listing.hasQuestions ? await listQuestions(db, listing.id, viewerId) : [];
  return { questions, questionsOpen: ["active", "reserved"].includes(listing.status) };
}

export interface CommunityFailure {
  ok: false;
  /** Which form failed: "ask", or "answer:<questionId>", so only that form shows the errors. */
  form: string;
  formError: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, string>;
  status: number;
}

export type CommunityResult = { ok: true; redirectTo: string } | CommunityFailure;

const refSchema = z.object({ answerId: idSchema });

export async function runCommunityIntent(
  db: Kysely<Database>,
  userId: string,
  listingId: string,
  intent: (typeof COMMUNITY_INTENTS)[number],
  formData: FormData,
): Promise<CommunityResult> {
  const back = `/listings/${listingId}`;
  const questionId = String(formData.get("questionId") ?? "");
  const form = intent === "answer" ? `answer:${questionId}` : intent;
  // What the member typed, so a refused form comes back as it was.
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string") values[key] = value;
  try {
    switch (intent) {
      case "ask": {
        const parsed = parseForm(questionSchema, formData);
        if (!parsed.ok) return { ...parsed, form, status: 400 };
        const id = await askQuestion(db, { listingId, askerId: userId, body: parsed.data.question });
        return { ok: true, redirectTo: `${back}#question-${id}` };
      }
      case "answer": {
        const parsed = parseForm(answerSchema, formData);
        if (!parsed.ok) return { ...parsed, form, status: 400 };
        const id = await answerQuestion(db, {
          questionId: parsed.data.questionId,
          authorId: userId,
          body: parsed.data.answer,
          recommendation: parsed.data.recommendation || null,
        });
        return { ok: true, redirectTo: `${back}#answer-${id}` };
      }
      case "upvote":
      case "helpful": {
        const parsed = parseForm(refSchema, formData);
        if (!parsed.ok) {
          if (hasUnstorableText(parsed)) return { ...parsed, form, status: 400 };
          throw new InvalidInput("Unknown answer; reload the page.");
        }
        if (intent === "upvote") await toggleUpvote(db, { answerId: parsed.data.answerId, userId });
        else await markHelpful(db, { answerId: parsed.data.answerId, userId });
        return { ok: true, redirectTo: `${back}#answer-${parsed.data.answerId}` };
      }
      case "message": {
        const id = await startConversation(db, { listingId, buyerId: userId });
        return { ok: true, redirectTo: `/messages/${id}` };
      }
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const fieldErrors = error instanceof InvalidInput ? error.fieldErrors : {};
    return {
      ok: false,
      form,
      formError: Object.keys(fieldErrors).length ? null : error.message,
      fieldErrors,
      values,
      status: statusFor(error),
    };
  }
}
