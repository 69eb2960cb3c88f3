import type { CheckoutForm } from "./schemas.server";

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
