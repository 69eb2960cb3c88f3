import type { ColumnType, Generated, Selectable } from "kysely";
import type { AdminTables } from "./schema-admin";
import type { DisputesTables } from "./schema-disputes";
import type { CommunityTables } from "./schema-community";
import type { PaymentsTables } from "./schema-payments";
import type { OrdersTables } from "./schema-orders";
import type { OffersTables } from "./schema-offers";
import type { ListingsTables } from "./schema-listings";
import type { AccountSecurityTables } from "./schema-account-security";
import type { RetailersTables } from "./schema-retailers";
import type { MeetupSpotsTables } from "./schema-meetup-spots";
import type { WantedTables } from "./schema-wanted";
import type { PassportTables } from "./schema-passport";
import type { FollowsTables } from "./schema-follows";
import type { InsightsTables } from "./schema-insights";

/**
 * The typed shape of the database. TypeScript names are camelCase; the tables and columns are
 * snake_case (Kysely's CamelCasePlugin maps between them). Nullable columns are `| null`, never `?`.
 */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type Role = "member" | "admin";

export interface UsersTable {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  /** Null until the member follows the link sent to their address. */
  emailVerifiedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Set when the account was deleted; personal fields are erased then. */
  deletedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Set while an admin has suspended the member (migrations/0011_moderation.ts). */
  suspendedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  suspensionReason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The member hides who follows them (migrations/0026_follows.ts); the count still shows. */
  hideFollowers: ColumnType<boolean, boolean | undefined, boolean>;
  /** Where the feed's "nearby" items are measured from (a place resolved to a point), and how far. */
  feedPlaceName: ColumnType<string | null, string | null | undefined, string | null>;
  feedLatitude: ColumnType<number | null, number | null | undefined, number | null>;
  feedLongitude: ColumnType<number | null, number | null | undefined, number | null>;
  feedRadiusKm: ColumnType<number, number | undefined, number>;
  /** "Don't count my searches in shop insights" (migrations/0031_insights.ts). */
  excludeFromInsights: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: CreatedAt;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionsTable {
  /** SHA-256 (or HMAC with SESSION_SECRET) of the token in the cookie; the token itself is never stored. */
  id: string;
  userId: string;
  expiresAt: Timestamp;
  createdAt: CreatedAt;
  lastSeenAt: ColumnType<Date, Date | string | undefined, Date | string>;
  userAgent: string | null;
  ipAddress: string | null;
}

export interface RateLimitsTable {
  key: string;
  windowStartedAt: Timestamp;
  hits: number;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  rateLimits: RateLimitsTable;
}

/** Every table, one interface per concern (each concern's tables live beside its migration's name). */
export interface AppSecretsTable {
  name: string;
  value: string;
  createdAt: CreatedAt;
}

export interface NotificationsTable {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  url: string | null;
  dedupeKey: string | null;
  readAt: Date | null;
  createdAt: CreatedAt;
}

export interface NotificationPreferencesTable {
  userId: string;
  kind: string;
  inApp: boolean;
  email: boolean;
  /** Null: the kind's default (migration 0032 added the column to existing rows). */
  push: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EmailOutboxTable {
  id: string;
  userId: string | null;
  toAddress: string;
  kind: string;
  subject: string;
  body: string;
  url: string | null;
  dedupeKey: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  createdAt: CreatedAt;
  sentAt: Date | null;
}

/** The live stream's event log (migrations/0033_live_events.ts, ADR 045); pg returns int8 as a number here (db/index.ts). */
export interface LiveEventsTable {
  id: Generated<number>;
  userId: string;
  kind: string;
  data: ColumnType<Record<string, unknown>, string, never>;
  createdAt: CreatedAt;
}

export interface PushSubscriptionsTable {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  deviceLabel: string;
  createdAt: CreatedAt;
}

export interface PushDeliveriesTable {
  pushId: string;
  subscriptionId: string;
  deliveredAt: CreatedAt;
}

export interface NotificationsTables {
  appSecrets: AppSecretsTable;
  liveEvents: LiveEventsTable;
  notifications: NotificationsTable;
  notificationPreferences: NotificationPreferencesTable;
  emailOutbox: EmailOutboxTable;
  pushSubscriptions: PushSubscriptionsTable;
  pushDeliveries: PushDeliveriesTable;
}

export type Database = AccountsTables &
  NotificationsTables &
  ListingsTables &
  AccountSecurityTables &
  PaymentsTables &
  OrdersTables &
  OffersTables &
  AdminTables &
  DisputesTables &
  CommunityTables &
  RetailersTables &
  MeetupSpotsTables &
  WantedTables &
  PassportTables &
  FollowsTables &
  InsightsTables;

export type User = Selectable<UsersTable>;
