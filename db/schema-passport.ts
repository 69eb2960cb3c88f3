import type { ColumnType } from "kysely";

/** The item passport (migrations/0028_item_passports.ts). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const PASSPORT_ENTRY_KINDS = ["service", "inspection", "handoff", "sale"] as const;
export type PassportEntryKind = (typeof PASSPORT_ENTRY_KINDS)[number];

export interface ItemPassportsTable {
  id: string;
  createdAt: CreatedAt;
}

export interface PassportEntriesTable {
  id: string;
  passportId: string;
  kind: PassportEntryKind;
  retailerId: NullableText;
  title: string;
  listingId: NullableText;
  orderId: NullableText;
  orderServiceId: NullableText;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Struck by an admin (made in error); the row stays, the audit log says who and why. */
  removedAt: NullableTime;
  removedBy: NullableText;
  removalReason: NullableText;
}

export interface PassportTables {
  itemPassports: ItemPassportsTable;
  passportEntries: PassportEntriesTable;
}
