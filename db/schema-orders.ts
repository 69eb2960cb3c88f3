import type { ColumnType } from "kysely";
import type { ServiceOrderColumns } from "./schema-service-orders";

/** Tables of the orders concern (migrations/0006_orders.ts). Money is integer cents. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "shipped",
  "ready_for_pickup",
  "received",
  "completed",
  "cancelled",
  "disputed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** at_shop: a service-only order (a bought quote), done at the shop (migrations/0027). */
export type Delivery = "pickup" | "shipping" | "at_shop";

export const PAYOUT_STATUSES = ["pending", "paid", "waiting_for_account"] as const;
export type PayoutRowStatus = (typeof PAYOUT_STATUSES)[number];

/** listingId and sellerId are null exactly for service-only orders (kind 'service'). */
export interface OrdersTable extends ServiceOrderColumns {
  id: string;
  listingId: string | null;
  buyerId: string;
  sellerId: string | null;
  delivery: Delivery;
  shipName: NullableText;
  shipLine1: NullableText;
  shipLine2: NullableText;
  shipCity: NullableText;
  shipRegion: NullableText;
  shipPostalCode: NullableText;
  shipCountry: NullableText;
  trackingNumber: NullableText;
  itemCents: number;
  shippingCents: number;
  /** The add-ons (order_services lines) at purchase; part of the total. */
  servicesCents: ColumnType<number, number | undefined, number>;
  totalCents: number;
  platformFeeCents: number;
  currency: ColumnType<string, string | undefined, string>;
  status: OrderStatus;
  stripeCheckoutSessionId: NullableText;
  stripePaymentIntentId: NullableText;
  stripeChargeId: NullableText;
  stripeRefundId: NullableText;
  /** The accepted offer this order was bought at (migrations/0008_offers.ts); null: the listed price. */
  offerId: NullableText;
  refundedCents: ColumnType<number, number | undefined, number>;
  paidAt: NullableTime;
  shippedAt: NullableTime;
  receivedAt: NullableTime;
  completedAt: NullableTime;
  cancelledAt: NullableTime;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface OrderEventsTable {
  id: string;
  orderId: string;
  /** Null when the system (a webhook or a job) made the change. */
  actorId: string | null;
  event: string;
  fromStatus: string | null;
  toStatus: string;
  createdAt: CreatedAt;
}

export interface PayoutsTable {
  id: string;
  orderId: string;
  payeeId: string;
  purpose: string;
  amountCents: number;
  stripeTransferId: NullableText;
  status: PayoutRowStatus;
  idempotencyKey: string;
  /** Set when the payout goes to a retailer's account (payeeId is then its owner). */
  retailerId: ColumnType<string | null, string | null | undefined, string | null>;
  lastError: NullableText;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export type HandoverMethod = "code" | "link" | "shop";

export type PickupWindowStatus = "proposed" | "agreed" | "withdrawn";

/** A proposed (or agreed) pickup time window of a pickup order (migrations/0023). */
export interface PickupWindowsTable {
  id: string;
  orderId: string;
  proposedBy: NullableText;
  startsAt: ColumnType<Date, Date, Date>;
  endsAt: ColumnType<Date, Date, Date>;
  status: ColumnType<PickupWindowStatus, PickupWindowStatus | undefined, PickupWindowStatus>;
  dayReminderSentAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  hourReminderSentAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  createdAt: CreatedAt;
}

/** One pickup order's handover code (migrations/0022): hashes only, the wrong tries, who handed over. */
export interface OrderHandoversTable {
  orderId: string;
  codeHash: string;
  linkHash: string;
  failedAttempts: ColumnType<number, number | undefined, number>;
  handedOverAt: NullableTime;
  handedOverBy: NullableText;
  method: ColumnType<HandoverMethod | null, HandoverMethod | null | undefined, HandoverMethod | null>;
  retailerId: NullableText;
  createdAt: CreatedAt;
}

export interface OrdersTables {
  orders: OrdersTable;
  orderHandovers: OrderHandoversTable;
  pickupWindows: PickupWindowsTable;
  orderEvents: OrderEventsTable;
  payouts: PayoutsTable;
}
