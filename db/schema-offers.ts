import type { ColumnType } from "kysely";

/** Tables of offers and counter-offers (migrations/0008_offers.ts). Money is integer cents. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type NullableCents = ColumnType<number | null, number | null | undefined, number | null>;

export const OFFER_STATUSES = [
  "pending",
  "countered",
  "accepted",
  "declined",
  "withdrawn",
  "expired",
  "purchased",
  "closed",
] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface OffersTable {
  id: string;
  listingId: string;
  buyerId: string;
  sellerId: string;
  status: OfferStatus;
  amountCents: number;
  counterCents: NullableCents;
  agreedCents: NullableCents;
  expiresAt: NullableTime;
  acceptedAt: NullableTime;
  closedReason: NullableText;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface OfferEventsTable {
  id: string;
  offerId: string;
  /** Null when the system (the expiry job, a sale, a listing change) made the change. */
  actorId: string | null;
  event: string;
  fromStatus: string | null;
  toStatus: string;
  amountCents: number | null;
  createdAt: CreatedAt;
}

export interface OffersTables {
  offers: OffersTable;
  offerEvents: OfferEventsTable;
}
