import { z } from "zod";
import { ID_PATTERN } from "./forms";

// A .server module: the Remix compiler leaves it (and zod with it) out of every browser bundle,
// which a top-level schema in app/lib/forms.ts would not.

/** An id field whose error message the form shows (e.g. "Unknown offer; reload the page."). */
export function idField(message?: string) {
  return message === undefined ? z.string().regex(ID_PATTERN) : z.string().regex(ID_PATTERN, message);
}

/** The one id schema: route params (`$id`) and hidden id fields alike. */
export const idParam = idField();

/** Secret tokens in links (password reset, email verification, invitations). */
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
