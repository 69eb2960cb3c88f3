import { z } from "zod";
import { ID_PATTERN } from "./forms";

// Not a .server module: route files build schemas from these at their top level, and that code
// also runs in the browser bundle (where a .server module would be empty).

/** An id field whose error message the form shows (e.g. "Unknown offer; reload the page."). */
export function idField(message?: string) {
  return message === undefined ? z.string().regex(ID_PATTERN) : z.string().regex(ID_PATTERN, message);
}

/** The one id schema: route params (`$id`) and hidden id fields alike. */
export const idParam = idField();

/** Secret tokens in links (password reset, email verification, invitations). */
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
