import { z } from "zod";
import { ID_PATTERN } from "~/lib/forms";

/** The retailer forms (server only: zod stays out of the page bundles). */

const optionalUrl = z
  .string()
  .trim()
  .max(200, "Keep the address under 200 characters")
  .optional()
  .transform((value) => value || null)
  .refine((value) => value === null || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(value), {
    message: "Enter a web address starting with https://",
  });

export const retailerFormSchema = z.object({
  name: z.string().trim().min(2, "Enter the shop's name").max(80, "Keep the name under 80 characters"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, "Choose an address of at least 3 characters")
    .max(40, "Keep the address under 40 characters")
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes"),
  description: z
    .string()
    .trim()
    .min(20, "Describe the shop in at least 20 characters")
    .max(2000, "Keep the description under 2,000 characters"),
  place: z.string().trim().min(2, "Enter a postal code or town").max(100),
  serviceRadiusKm: z.coerce
    .number({ message: "Enter the radius in km" })
    .int("Enter a whole number of km")
    .min(1, "At least 1 km")
    .max(500, "At most 500 km"),
  openingHours: z.string().trim().min(3, "Enter the opening hours").max(300, "Keep it under 300 characters"),
  website: optionalUrl,
});
export type RetailerForm = z.output<typeof retailerFormSchema>;

export const decisionFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify"), retailerId: z.string().regex(ID_PATTERN) }),
  z.object({
    intent: z.literal("reject"),
    retailerId: z.string().regex(ID_PATTERN),
    reason: z.string().trim().min(5, "Say why, in a few words").max(500),
  }),
]);

export const inviteFormSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter an email address").max(254),
});

/** The owner's "Remove" button on the staff page. */
export const removeStaffFormSchema = z.object({
  userId: z.string().trim().min(1, "Choose whom to remove").max(64),
});

export const serviceFormSchema = z.object({
  title: z.string().trim().min(3, "Enter a title").max(80, "Keep the title under 80 characters"),
  description: z
    .string()
    .trim()
    .min(10, "Describe the service in at least 10 characters")
    .max(1000, "Keep it under 1,000 characters"),
  price: z
    .string()
    .trim()
    .regex(/^\d{1,6}(\.\d{1,2})?$/, "Enter a price like 45 or 45.50")
    .transform((value) => Math.round(Number(value) * 100))
    .refine((cents) => cents >= 100, "The price is at least $1.00"),
  performedAt: z.enum(["shop", "buyer", "pickup_deliver"], { message: "Choose where it is done" }),
  leadDays: z.coerce
    .number({ message: "Enter the lead time in days" })
    .int("Enter whole days")
    .min(0, "0 days or more")
    .max(60, "At most 60 days"),
  kind: z.enum(["standard", "inspection", "handoff"], { message: "Choose a kind" }).default("standard"),
  active: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
});
export type ServiceForm = z.output<typeof serviceFormSchema>;

export const categoryIdsSchema = z
  .array(z.string().regex(/^[a-z0-9-]{1,40}$/))
  .min(1, "Choose at least one category")
  .max(40);

export const jobActionSchema = z.object({
  intent: z.enum(["accept", "decline", "done", "pass", "fail", "dropOff", "collect"]),
  lineId: z.string().regex(ID_PATTERN),
  /** A collection at a handoff point: the buyer's 6-digit handover code (spaces allowed). */
  code: z
    .string()
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the buyer's 6-digit code"))
    .optional(),
});
