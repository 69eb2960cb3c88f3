import { z } from "zod";
import { SECTIONS } from "./rules";

/** The insights page's query: the window (30 or 90 days; anything else falls back to 30) and an optional CSV section. */
export const insightsQuerySchema = z.object({
  days: z.coerce
    .number()
    .int()
    .pipe(z.union([z.literal(30), z.literal(90)]))
    .catch(30),
  csv: z.enum(Object.values(SECTIONS)).optional(),
});

export const shopSlugSchema = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export const insightsSettingSchema = z.object({ counted: z.enum(["yes", "no"]) });
