import { z } from "zod";
import { idParam } from "~/lib/id-params.server";

/**
 * The zod schemas of the community routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts). Named for what they parse: `…Form` an action's form body,
 * `…Params` the URL's params, `…Query` its search params, `…Field` one value.
 */

// feed.tsx
export const feedPageSchema = z.object({ after: z.string().max(400).optional() });

export const feedLocationSchema = z.object({
  place: z.string().trim().max(100, "Keep the place to 100 characters or fewer").default(""),
  radiusKm: z.coerce
    .number({ message: "Enter a distance in km" })
    .int("Enter a whole number of km")
    .min(1, "At least 1 km")
    .max(200, "At most 200 km"),
});

// following.tsx
export const followingForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.enum(["follow", "unfollow"]),
    kind: z.enum(["member", "retailer"]),
    id: idParam,
    redirectTo: z.string().max(500).optional(),
  }),
  z.object({ intent: z.literal("privacy"), hideFollowers: z.literal("on").optional() }),
]);
