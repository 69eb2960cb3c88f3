import { z } from "zod";
import { idParam } from "~/lib/id-params.server";

/**
 * The zod schemas the listing and search routes' loaders and actions use. They live in a .server
 * module so the Remix compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles.
 * Named for what they parse: `…Form` an action's form body, `…Params` the URL's params, `…Query`
 * its search params, `…Field` one value.
 */
export { queryOf, rawSearchParams, toSearchString } from "./schemas";
export { searchParamsSchema } from "./schemas.server";

export const listingParams = z.object({ id: idParam });

export const listingPageQuery = z.object({
  near: z.string().trim().max(100).catch(""),
  photo: z.coerce.number().int().min(0).max(9).catch(0),
});

export const listingStatusForm = z.object({
  intent: z.enum(["publish", "archive", "markSold", "remove"], { message: "Unknown action; reload the page." }),
});

export const nearParamSchema = z.string().trim().max(100).catch("");

export function searchFieldErrors(error: z.ZodError): Record<string, string[] | undefined> {
  return z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
}

const photoId = idParam;

/** The new-listing form's "cover photo": which chosen file (1-based) goes first. */
export const coverPhotoField = z.coerce
  .number({ message: "Enter the number of the chosen photo, like 1 or 2" })
  .int({ message: "Enter the number of the chosen photo, like 1 or 2" })
  .min(1, { message: "Enter the number of the chosen photo, like 1 or 2" })
  .max(10, { message: "A listing has at most 10 photos" });

/** The edit form's photo buttons (no JS) and its drag-and-drop order (JS). */
export const photoEditForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.enum(["remove-photo", "cover-photo", "photo-earlier", "photo-later"]),
    photoId,
  }),
  z.object({ intent: z.literal("reorder-photos"), photoIds: z.array(photoId).min(1).max(10) }),
]);

// favorites.tsx
export const favoriteForm = z.object({
  listingId: idParam,
  intent: z.enum(["add", "remove"]),
  redirectTo: z.string().optional(),
});

// listings.$id_.buy.tsx
export const addOnServiceIdsField = z.array(idParam).max(20);

// my.listings.tsx
export const myListingStatusForm = z.object({
  listingId: idParam,
  intent: z.enum(["publish", "archive", "markSold"]),
});

// saved-searches.tsx
export const savedSearchForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), query: z.string().max(2000), name: z.string().max(80).optional() }),
  z.object({ intent: z.literal("delete"), id: idParam }),
]);
