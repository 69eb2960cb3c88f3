import { z } from "zod";
import { SECTIONS } from "./rules";

/** The insights page's query: the window (30 or 90 days; anything else falls back to 30). */
export const insightsQuerySchema = z.object({
  days: z.coerce
    .number()
    .int()
    .pipe(z.union([z.literal(30), z.literal(90)]))
    .catch(30),
});

/** The CSV download: a window and one section (an unknown section is a 400). */
export const insightsCsvQuerySchema = insightsQuerySchema.extend({
  section: z.enum(Object.values(SECTIONS), { message: "Unknown section" }),
});

export const shopSlugSchema = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export const insightsSettingSchema = z.object({ counted: z.enum(["yes", "no"]) });
