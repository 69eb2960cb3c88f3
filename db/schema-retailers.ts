import type { ColumnType } from "kysely";

/** Tables of the retailers concern (migrations/0009_retailers.ts). Money is integer cents. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export type RetailerStatus = "pending" | "verified" | "rejected";
export type RetailerRole = "owner" | "staff";
export const SERVICE_PLACES = ["shop", "buyer", "pickup_deliver"] as const;
export type ServicePlace = (typeof SERVICE_PLACES)[number];
export const SERVICE_KINDS = ["standard", "inspection", "handoff"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SERVICE_LINE_STATUSES = [
  "requested",
  "accepted",
  // handoff point: the seller left the item at the shop
  "dropped_off",
  "declined",
  // done: finished, or for an inspection, passed
  "done",
  // an inspection the item failed: the order is cancelled and refunded
  "failed",
  "cancelled",
] as const;
export type ServiceLineStatus = (typeof SERVICE_LINE_STATUSES)[number];
/** Lines still waiting for the shop or accepted and not done: their order cannot complete yet. */
export const OPEN_SERVICE_LINE_STATUSES = [
  "requested",
  "accepted",
  "dropped_off",
] as const satisfies readonly ServiceLineStatus[];

export interface RetailersTable {
  id: string;
  ownerId: string;
  name: string;
  slug: string;
  description: string;
  logoKey: NullableText;
  placeName: string;
  latitude: number;
  longitude: number;
  serviceRadiusKm: number;
  openingHours: string;
  website: NullableText;
  status: ColumnType<RetailerStatus, RetailerStatus | undefined, RetailerStatus>;
  decidedBy: NullableText;
  decidedAt: NullableTime;
  rejectionReason: NullableText;
  /** The shop offers itself as a safe meetup spot (migrations/0024). */
  meetupSpot: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface RetailerStaffTable {
  retailerId: string;
  userId: string;
  role: RetailerRole;
  createdAt: CreatedAt;
}

export interface RetailerInvitesTable {
  id: string;
  retailerId: string;
  email: string;
  tokenHash: string;
  invitedBy: string;
  expiresAt: ColumnType<Date, Date | string, Date | string>;
  acceptedBy: NullableText;
  acceptedAt: NullableTime;
  createdAt: CreatedAt;
}

export interface ServicesTable {
  id: string;
  retailerId: string;
  title: string;
  description: string;
  priceCents: number;
  performedAt: ServicePlace;
  leadDays: number;
  kind: ColumnType<ServiceKind, ServiceKind | undefined, ServiceKind>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface ServiceCategoriesTable {
  serviceId: string;
  categoryId: string;
}

export interface OrderServicesTable {
  id: string;
  orderId: string;
  serviceId: string;
  retailerId: string;
  title: string;
  kind: ServiceKind;
  performedAt: ServicePlace;
  leadDays: number;
  priceCents: number;
  platformFeeCents: number;
  status: ColumnType<ServiceLineStatus, ServiceLineStatus | undefined, ServiceLineStatus>;
  refundedCents: ColumnType<number, number | undefined, number>;
  stripeRefundId: NullableText;
  decidedAt: NullableTime;
  doneAt: NullableTime;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface OrderServiceEventsTable {
  id: string;
  orderServiceId: string;
  actorId: string | null;
  event: string;
  fromStatus: string | null;
  toStatus: string;
  createdAt: CreatedAt;
}

export interface RetailersTables {
  retailers: RetailersTable;
  retailerStaff: RetailerStaffTable;
  retailerInvites: RetailerInvitesTable;
  services: ServicesTable;
  serviceCategories: ServiceCategoriesTable;
  orderServices: OrderServicesTable;
  orderServiceEvents: OrderServiceEventsTable;
}
