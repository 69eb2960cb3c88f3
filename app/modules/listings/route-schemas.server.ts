import { z } from "zod";

/**
 * The zod schemas the listing and search routes' loaders and actions use. They live in a .server
 * module so the Remix compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles.
 */
export { queryOf, rawSearchParams, searchParamsSchema, toSearchString } from "./schemas";

export const listingIdSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const listingPageQuerySchema = z.object({
  near: z.string().trim().max(100).catch(""),
  photo: z.coerce.number().int().min(0).max(9).catch(0),
});

export const listingActionSchema = z.object({
  intent: z.enum(["publish", "archive", "markSold", "remove"], { message: "Unknown action; reload the page." }),
});

export const nearParamSchema = z.string().trim().max(100).catch("");

export function searchFieldErrors(error: z.ZodError): Record<string, string[] | undefined> {
  return z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
}
