import type { ColumnType } from "kysely";

/** Follows, price changes, price-drop alerts and the digest's waiting items (migrations/0026_follows.ts). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Exactly one of followedUserId and followedRetailerId is set (a check constraint). */
export interface FollowsTable {
  id: string;
  followerId: string;
  followedUserId: NullableText;
  followedRetailerId: NullableText;
  createdAt: CreatedAt;
}

export interface ListingPriceChangesTable {
  id: string;
  listingId: string;
  sellerId: string;
  fromCents: number;
  toCents: number;
  changedAt: ColumnType<Date, Date | string | undefined, never>;
}

/** One row per (member, listing, price) they were told about: the same drop never notifies twice. */
export interface PriceDropAlertsTable {
  userId: string;
  listingId: string;
  priceCents: number;
  createdAt: CreatedAt;
}

/** A notification whose email waits for the member's daily digest. */
export interface NotificationDigestItemsTable {
  id: string;
  userId: string;
  kind: string;
  title: string;
  url: NullableText;
  dedupeKey: NullableText;
  createdAt: CreatedAt;
  digestedAt: NullableTime;
  outboxId: NullableText;
}

export interface FollowsTables {
  follows: FollowsTable;
  listingPriceChanges: ListingPriceChangesTable;
  priceDropAlerts: PriceDropAlertsTable;
  notificationDigestItems: NotificationDigestItemsTable;
}
