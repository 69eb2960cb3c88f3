import { z } from "zod";
import { ID_PATTERN } from "./forms";

// A .server module: zod stays out of the browser bundle (tests/unit/client-bundle.test.ts). Routes
// use these only inside their loaders and actions, or through their domain's route-schemas.server.ts.

/** An id field whose error message the form shows (e.g. "Unknown offer; reload the page."). */
export function idField(message?: string) {
  return message === undefined ? z.string().regex(ID_PATTERN) : z.string().regex(ID_PATTERN, message);
}

/** The one id schema: route params (`$id`) and hidden id fields alike. */
export const idParam = idField();

/** Secret tokens in links (password reset, email verification, invitations). */
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

/** A route's `$id` param, the most common params schema. */
export const idParamsSchema = z.object({ id: idParam });
