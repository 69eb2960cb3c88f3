import { z } from "zod";
import { ID_PATTERN } from "~/lib/forms";
import { parseMoneyToCents } from "~/lib/money";
import { WANTED_ANSWER_MAX, WANTED_DETAILS_MAX, WANTED_DEFAULT_RADIUS_KM, WANTED_TITLE_MAX } from "./wanted-limits";

export * from "./wanted-limits";

/**
 * The "Wanted" forms and the /wanted search URL (one schema per form). A .server module, so zod
 * stays out of the pages' browser bundles; the limits the pages show are in wanted-limits.ts.
 */

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1"), z.literal("")])
  .optional()
  .transform((value) => value === "on" || value === "true" || value === "1");

const optionalMoney = (message: string) =>
  z
    .string()
    .trim()
    .max(20, message)
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const cents = parseMoneyToCents(value);
      if (cents === null || cents <= 0 || cents > 100_000_000) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return cents;
    });

const radius = (fallback: number, max: number) =>
  z.coerce
    .number({ message: "Choose a distance in km" })
    .int("Choose a whole number of km")
    .min(1, "Choose a distance of at least 1 km")
    .max(max, `Choose a distance of at most ${max} km`)
    .optional()
    .default(fallback);

export const wantedFormSchema = z.object({
  title: z
    .string({ message: "Say what you are looking for" })
    .trim()
    .min(3, "Use at least 3 characters to say what you are looking for")
    .max(WANTED_TITLE_MAX, `Keep it to ${WANTED_TITLE_MAX} characters or fewer`),
  details: z
    .string()
    .trim()
    .max(WANTED_DETAILS_MAX, `Keep the details to ${WANTED_DETAILS_MAX} characters or fewer`)
    .optional()
    .default(""),
  categoryId: z.string({ message: "Choose a category" }).trim().min(1, "Choose a category").max(64),
  budget: optionalMoney("Enter a budget like 50 or 12.50, or leave it empty"),
  location: z
    .string({ message: "Enter a postal code or town" })
    .trim()
    .min(2, "Enter a postal code or town")
    .max(100, "Keep the place to 100 characters or fewer"),
  radiusKm: radius(WANTED_DEFAULT_RADIUS_KM, 200),
});

export type WantedInput = z.output<typeof wantedFormSchema>;

export const WANTED_SORTS = ["newest", "best"] as const;
export type WantedSort = (typeof WANTED_SORTS)[number];

/** The /wanted URL: every filter lives in it, so a search is a plain GET link. */
export const wantedSearchSchema = z.object({
  q: z.string().trim().max(200, "Keep the search to 200 characters").optional().default(""),
  category: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]*$/, "Unknown category")
    .max(64, "Unknown category")
    .optional()
    .default(""),
  near: z.string().trim().max(100, "Keep the place to 100 characters").optional().default(""),
  radius: radius(25, 500),
  budget: checkbox,
  sort: z.enum(WANTED_SORTS, { message: "Unknown sort order" }).optional(),
  cursor: z
    .string()
    .max(300, "Bad page link")
    .regex(/^[A-Za-z0-9_-]*$/, "Bad page link")
    .optional()
    .default(""),
});

export type WantedSearchParams = z.output<typeof wantedSearchSchema>;

const id = (message: string) => z.string({ message }).regex(ID_PATTERN, message);
const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || ID_PATTERN.test(value), message);

export const WANTED_ANSWER_KINDS = ["text", "listing", "quote", "recommendation"] as const;

/**
 * One answer form for every kind (the page shows one form per kind). `as` is "member" or the id
 * of a shop the member is staff of; which fields a kind needs is the module's rule.
 */
export const wantedAnswerSchema = z.object({
  kind: z.enum(WANTED_ANSWER_KINDS, { message: "Unknown kind of answer; reload the page." }),
  as: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || "member")
    .refine((value) => value === "member" || ID_PATTERN.test(value), "Unknown shop; reload the page."),
  body: z
    .string()
    .trim()
    .max(WANTED_ANSWER_MAX, `Keep your answer to ${WANTED_ANSWER_MAX} characters or fewer`)
    .optional()
    .default(""),
  /** A pasted listing link or id. */
  listing: z.string().trim().max(300, "Paste a listing link or id (at most 300 characters)").optional().default(""),
  /** Or one of the member's own listings, picked from a list. */
  ownListingId: optionalId("Unknown listing; reload the page."),
  serviceId: optionalId("Unknown service; reload the page."),
  price: optionalMoney("Enter the price like 35 or 35.50"),
  recommendedRetailerId: optionalId("Unknown shop; reload the page."),
});

export type WantedAnswerInput = z.output<typeof wantedAnswerSchema>;

/** The request page's other buttons. */
export const wantedActionSchema = z.discriminatedUnion("intent", [
  wantedAnswerSchema.extend({ intent: z.literal("answer") }),
  z.object({ intent: z.literal("solve"), answerId: id("Unknown answer; reload the page.") }),
  z.object({ intent: z.enum(["renew", "close"]) }),
]);

export const WANTED_INTENTS = ["answer", "solve", "renew", "close"] as const;
