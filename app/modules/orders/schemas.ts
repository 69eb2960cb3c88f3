import { z } from "zod";

/** The buy form (shared by server and browser). The address is required only for shipping. */
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

export interface ShippingAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

export function addressFromForm(form: CheckoutForm): ShippingAddress | null {
  if (form.delivery !== "shipping") return null;
  return {
    name: form.name ?? "",
    line1: form.line1 ?? "",
    line2: form.line2 || null,
    city: form.city ?? "",
    region: form.region || null,
    postalCode: form.postalCode ?? "",
    country: (form.country || "US").toUpperCase(),
  };
}
