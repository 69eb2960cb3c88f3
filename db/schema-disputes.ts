import type { ColumnType } from "kysely";

/** Tables of the disputes concern (migrations/0012_disputes.ts). Money is integer cents. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export const DISPUTE_REASONS = [
  "not_received",
  "not_as_described",
  "damaged",
  "service_not_performed",
  "other",
] as const;
export type DisputeStatus = "open" | "resolving" | "resolved";
export type DisputeSource = "buyer" | "chargeback";
export type DisputeAuthorRole = "buyer" | "seller" | "retailer" | "admin" | "system";

export interface ListingSnapshot {
  title: string;
  description: string;
  condition: string;
  priceCents: number;
  categoryId: string;
  categoryName: string | null;
  photoKeys: string[];
}

/** What an admin decided; stored on the case before any money moves (the plan a retry replays). */
export type DisputeResolution =
  | { kind: "full_refund"; itemReturned: boolean; note: string }
  | { kind: "partial_refund"; lines: { key: string; amountCents: number }[]; note: string }
  | { kind: "release"; note: string };

export interface DisputesTable {
  id: string;
  orderId: string;
  source: DisputeSource;
  status: DisputeStatus;
  reason: string;
  openedBy: NullableText;
  orderStatusBefore: string;
  assignedAdminId: NullableText;
  stripeDisputeId: NullableText;
  stripeStatus: NullableText;
  evidenceDueBy: NullableTime;
  resolution: ColumnType<DisputeResolution | null, string | null | undefined, string | null>;
  resolvedBy: NullableText;
  resolvedAt: NullableTime;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

/** One row per status change of a case (migrations/0020_dispute_events.ts). */
export interface DisputeEventsTable {
  id: string;
  disputeId: string;
  actorId: string | null;
  event: string;
  fromStatus: DisputeStatus | null;
  toStatus: DisputeStatus;
  createdAt: CreatedAt;
}

export interface DisputeMessagesTable {
  id: string;
  disputeId: string;
  authorId: string | null;
  authorRole: DisputeAuthorRole;
  body: string;
  createdAt: CreatedAt;
}

export interface DisputePhotosTable {
  id: string;
  messageId: string;
  storageKey: string;
  width: number;
  height: number;
}

export interface OrderListingSnapshotsTable {
  orderId: string;
  snapshot: ColumnType<ListingSnapshot, string, never>;
  createdAt: CreatedAt;
}

export interface DisputesTables {
  disputes: DisputesTable;
  disputeEvents: DisputeEventsTable;
  disputeMessages: DisputeMessagesTable;
  disputePhotos: DisputePhotosTable;
  orderListingSnapshots: OrderListingSnapshotsTable;
}
