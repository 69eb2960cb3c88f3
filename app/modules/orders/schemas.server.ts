import { z } from "zod";

/** The buy form (server only: zod stays out of the page bundle). The address is required only for shipping. */
export const checkoutFormSchema = z
  .object({
    delivery: z.enum(["pickup", "shipping"], { message: "Choose pickup or shipping" }),
    name: z.string().trim().max(100).optional(),
    line1: z.string().trim().max(200).optional(),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().max(100).optional(),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().max(20).optional(),
    country: z.string().trim().max(2).optional(),
  })
  .superRefine((form, ctx) => {
    if (form.delivery !== "shipping") return;
    const required: Array<[keyof typeof form, string]> = [
      ["name", "Enter the name to ship to"],
      ["line1", "Enter the street address"],
      ["city", "Enter the town or city"],
      ["postalCode", "Enter the postal code"],
    ];
    for (const [field, message] of required) if (!form[field]) ctx.addIssue({ code: "custom", path: [field], message });
  });

export type CheckoutForm = z.output<typeof checkoutFormSchema>;
