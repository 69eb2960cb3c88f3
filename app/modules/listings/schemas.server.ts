import { z } from "zod";
import { CONDITIONS } from "~db/schema-listings";
import { parseMoneyToCents } from "~/lib/money";
import { SORTS } from "./labels";

/** One zod schema per listings form, plus the search URL's parameters (server only). */

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1"), z.literal("")])
  .optional()
  .transform((value) => value === "on" || value === "true" || value === "1");

const money = (label: string) =>
  z
    .string({ message: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .transform((value, ctx) => {
      const cents = parseMoneyToCents(value);
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: `Enter ${label} as a number, like 25 or 12.50` });
        return z.NEVER;
      }
      return cents;
    });

export const listingFormSchema = z
  .object({
    title: z
      .string({ message: "Enter a title" })
      .trim()
      .min(3, "Use at least 3 characters for the title")
      .max(80, "Keep the title to 80 characters or fewer"),
    description: z.string().trim().max(5000, "Keep the description to 5,000 characters or fewer").default(""),
    categoryId: z.string({ message: "Choose a category" }).trim().min(1, "Choose a category"),
    condition: z.enum(CONDITIONS, { message: "Choose the item's condition" }),
    price: money("a price"),
    pickup: checkbox,
    shipping: checkbox,
    shippingPrice: z.string().trim().optional().default(""),
    location: z
      .string({ message: "Enter a postal code or town" })
      .trim()
      .min(2, "Enter a postal code or town")
      .max(100, "Keep the place to 100 characters or fewer"),
  })
  .transform((form, ctx) => {
    if (!form.pickup && !form.shipping) {
      ctx.addIssue({ code: "custom", path: ["pickup"], message: "Offer local pickup, shipping, or both" });
    }
    let shippingCents: number | null = null;
    if (form.shipping) {
      shippingCents = parseMoneyToCents(form.shippingPrice);
      if (shippingCents === null) {
        ctx.addIssue({
          code: "custom",
          path: ["shippingPrice"],
          message: "Enter the flat shipping price, like 8 or 8.50 (0 for free shipping)",
        });
      }
    }
    return {
      title: form.title,
      description: form.description,
      categoryId: form.categoryId,
      condition: form.condition,
      priceCents: form.price,
      pickup: form.pickup,
      shipping: form.shipping,
      shippingCents,
      location: form.location,
    };
  });

export type ListingInput = z.output<typeof listingFormSchema>;

const optionalMoney = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const cents = parseMoneyToCents(value);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: "Enter an amount like 20 or 12.50" });
      return z.NEVER;
    }
    return cents;
  });

/**
 * The search URL's parameters: the whole query lives in the URL. Unknown or malformed values are
 * reported as field errors (the page shows them) rather than silently ignored.
 */
export const searchParamsSchema = z
  .object({
    q: z.string().trim().max(200, "Keep the search to 200 characters").optional().default(""),
    category: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]*$/, "Unknown category")
      .optional()
      .default(""),
    minPrice: optionalMoney,
    maxPrice: optionalMoney,
    condition: z.array(z.enum(CONDITIONS, { message: "Unknown condition" })).default([]),
    near: z.string().trim().max(100, "Keep the place to 100 characters").optional().default(""),
    radius: z.coerce
      .number({ message: "Choose a distance" })
      .int("Choose a distance")
      .min(1, "Choose a distance of at least 1 km")
      .max(500, "Choose a distance of at most 500 km")
      .optional()
      .default(25),
    shipping: checkbox,
    free: checkbox,
    /** Only items a shop inspected through Stoop (their passport has an inspection). */
    inspected: checkbox,
    sort: z.enum(SORTS, { message: "Unknown sort order" }).optional(),
    cursor: z
      .string()
      .max(300)
      .regex(/^[A-Za-z0-9_-]*$/, "Bad page link")
      .optional()
      .default(""),
  })
  .superRefine((params, ctx) => {
    if (params.minPrice !== null && params.maxPrice !== null && params.minPrice > params.maxPrice) {
      ctx.addIssue({ code: "custom", path: ["maxPrice"], message: "The maximum price is below the minimum" });
    }
    if (params.sort === "nearest" && !params.near) {
      ctx.addIssue({ code: "custom", path: ["near"], message: "Enter a postal code or town to sort by distance" });
    }
  });

export type SearchParams = z.output<typeof searchParamsSchema>;
