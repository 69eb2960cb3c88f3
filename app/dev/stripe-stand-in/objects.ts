import { randomBytes } from "node:crypto";

/**
 * The Stripe objects the stand-in keeps, shaped like Stripe's own (only the fields Stoop reads,
 * plus the ones that identify an object). https://docs.stripe.com/api
 */
export const newStripeId = (prefix: string) =>
  `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export type Metadata = Record<string, string>;

export interface Account {
  id: string;
  object: "account";
  type: "express";
  email: string | null;
  country: string;
  created: number;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  capabilities: { transfers: "active" | "inactive" };
  metadata: Metadata;
}

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  mode: "payment";
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  url: string | null;
  success_url: string;
  cancel_url: string | null;
  expires_at: number;
  created: number;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Metadata;
  payment_intent: string | null;
  line_items_summary: { name: string; amount: number; quantity: number }[];
  payment_intent_data: { transfer_group: string | null; metadata: Metadata };
}

export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  currency: string;
  status: "requires_payment_method" | "succeeded" | "canceled";
  latest_charge: string | null;
  transfer_group: string | null;
  metadata: Metadata;
  created: number;
  last_payment_error: { code: string; decline_code?: string; message: string } | null;
}

export interface Charge {
  id: string;
  object: "charge";
  amount: number;
  amount_refunded: number;
  currency: string;
  paid: boolean;
  refunded: boolean;
  status: "succeeded";
  disputed: boolean;
  payment_intent: string;
  transfer_group: string | null;
  metadata: Metadata;
  created: number;
}

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  payment_intent: string;
  currency: string;
  status: "succeeded";
  reason: string | null;
  metadata: Metadata;
  created: number;
}

export interface TransferReversal {
  id: string;
  object: "transfer_reversal";
  amount: number;
  currency: string;
  transfer: string;
  metadata: Metadata;
  created: number;
}

export interface Transfer {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  currency: string;
  destination: string;
  transfer_group: string | null;
  source_transaction: string | null;
  reversed: boolean;
  metadata: Metadata;
  created: number;
  reversals: { object: "list"; data: TransferReversal[]; has_more: false; url: string };
}

export interface Dispute {
  id: string;
  object: "dispute";
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string;
  reason: string;
  status: "needs_response" | "won" | "lost";
  evidence_details: { due_by: number };
  created: number;
}

export interface StripeEvent {
  id: string;
  object: "event";
  type: string;
  api_version: string;
  created: number;
  livemode: false;
  data: { object: unknown };
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "card_error" | "idempotency_error" | "api_error",
    message: string,
    readonly extra: { param?: string; code?: string; decline_code?: string } = {},
  ) {
    super(message);
  }

  toJSON() {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}
