import type { ColumnType, Generated } from "kysely";

/** Insights for shops (migrations/0031_insights.ts, ADR 047). */

type Int8 = ColumnType<number, never, never>;

export type ResultBucket = "none" | "few" | "some";
export type AddOnEventKind = "shown" | "ticked";

export interface SearchEventsTable {
  id: Generated<Int8>;
  searchedAt: ColumnType<Date, Date | string | undefined, never>;
  term: ColumnType<string, string | undefined, never>;
  categoryId: ColumnType<string, string | undefined, never>;
  cellLat: number;
  cellLon: number;
  resultBucket: ResultBucket;
  memberId: string | null;
  visitorKey: string | null;
}

export interface AddOnEventsTable {
  id: Generated<Int8>;
  at: ColumnType<Date, Date | string | undefined, never>;
  kind: AddOnEventKind;
  serviceId: string;
  retailerId: string;
  categoryId: string;
  memberId: string | null;
  visitorKey: string | null;
}

export interface InsightWatermarksTable {
  name: string;
  lastId: number;
  rolledUpAt: Date | null;
}

export interface SearchRollupDaysTable {
  day: Date;
  cellLat: number;
  cellLon: number;
  categoryId: string;
  term: string;
  resultBucket: ResultBucket;
  counterKey: string;
  searches: number;
}

export interface AddOnRollupDaysTable {
  day: Date;
  retailerId: string;
  serviceId: string;
  categoryId: string;
  kind: AddOnEventKind;
  counterKey: string;
  events: number;
}

export interface ShopInsightsTable {
  retailerId: string;
  windowDays: number;
  section: string;
  rowKey: string;
  label: string;
  position: number;
  /** Null when fewer than 5 distinct members stand behind the line. */
  figures: ColumnType<Record<string, number | string | null> | null, string | null, string | null>;
  computedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** What moved a shop's figures: a place (0.01°) or a shop (migrations/0037_insights_incremental.ts). */
export interface InsightChangesTable {
  id: Generated<Int8>;
  at: ColumnType<Date, Date | string | undefined, never>;
  latitude: number | null;
  longitude: number | null;
  retailerId: string | null;
}

/** Per shop: when its figures were last computed and the change-log position they have seen. */
export interface ShopInsightStateTable {
  retailerId: string;
  computedAt: Date;
  changeMark: ColumnType<number, number, number>;
}

export interface InsightsTables {
  searchEvents: SearchEventsTable;
  addonEvents: AddOnEventsTable;
  insightWatermarks: InsightWatermarksTable;
  searchRollupDays: SearchRollupDaysTable;
  addonRollupDays: AddOnRollupDaysTable;
  shopInsights: ShopInsightsTable;
  insightChanges: InsightChangesTable;
  shopInsightState: ShopInsightStateTable;
}
