import { ID_PATTERN } from "~/lib/forms";

/**
 * The community forms' limits and pure helpers, safe in the browser. The zod schemas are in
 * schemas.server.ts, so zod stays out of the pages' bundles (tests/unit/client-bundle.test.ts).
 */

export const QUESTION_MAX = 1000;
export const ANSWER_MAX = 2000;
export const MESSAGE_MAX = 4000;
export const REVIEW_MAX = 2000;
export const REPLY_MAX = 1000;

export const LISTING_COMMUNITY_INTENTS = ["ask", "answer", "upvote", "helpful", "message"] as const;

/**
 * Pulls a listing id out of what a member pasted: a full link (https://…/listings/ID?near=…),
 * a path (/listings/ID) or the bare id. Null when it is neither.
 */
export function listingIdFromReference(reference: string): string | null {
  const trimmed = reference.trim();
  const fromPath = /\/listings\/([A-Za-z0-9_-]{1,64})(?:[/?#]|$)/.exec(trimmed);
  if (fromPath?.[1]) return fromPath[1];
  return ID_PATTERN.test(trimmed) ? trimmed : null;
}
