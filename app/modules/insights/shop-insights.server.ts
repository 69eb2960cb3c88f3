import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { SECTIONS, type InsightWindow, type Section } from "./rules";

/**
 * What the insights page reads: the shop's rows of `shop_insights` for one window, as the rollup
 * left them (ADR 047). The figures were made k-anonymous by the query that wrote them; a line
 * whose `figures` is null is shown as "fewer than 5".
 */
export interface InsightLine {
  key: string;
  label: string;
  figures: Record<string, number | string | null> | null;
}

export type ShopInsights = Record<Section, InsightLine[]> & { computedAt: Date | null };

export async function shopInsights(
  db: Kysely<Database>,
  retailerId: string,
  windowDays: InsightWindow,
): Promise<ShopInsights> {
  const rows = await db
    .selectFrom("shopInsights")
    .select(["section", "rowKey", "label", "figures", "computedAt"])
    .where("retailerId", "=", retailerId)
    .where("windowDays", "=", windowDays)
    .orderBy("section")
    .orderBy("position")
    .execute();
  const result = Object.fromEntries(Object.values(SECTIONS).map((section) => [section, [] as InsightLine[]])) as Record<
    Section,
    InsightLine[]
  >;
  let computedAt: Date | null = null;
  for (const row of rows) {
    const lines = result[row.section as Section];
    if (!lines) continue;
    lines.push({ key: row.rowKey, label: row.label, figures: row.figures });
    if (!computedAt || row.computedAt > computedAt) computedAt = row.computedAt;
  }
  return { ...result, computedAt };
}

/** Columns of each section's CSV download: [header, figure name]. */
export const CSV_COLUMNS: Record<Section, [string, string][]> = {
  [SECTIONS.demandCategory]: [
    ["members", "members"],
    ["searches", "searches"],
  ],
  [SECTIONS.demandTerm]: [
    ["members", "members"],
    ["searches", "searches"],
  ],
  [SECTIONS.wanted]: [
    ["members", "members"],
    ["open_requests", "requests"],
  ],
  [SECTIONS.sells]: [
    ["published", "published"],
    ["median_asking_cents", "medianAskingCents"],
    ["sold", "sold"],
    ["median_sold_cents", "medianSoldCents"],
    ["median_days_to_sell", "medianDaysToSell"],
  ],
  [SECTIONS.questionWord]: [["members", "members"]],
  [SECTIONS.unanswered]: [["listing_id", "listingId"]],
  [SECTIONS.funnel]: [
    ["shown_members", "shown"],
    ["ticked_members", "ticked"],
    ["bought_members", "bought"],
    ["declined_members", "declined"],
    ["conversion", "conversion"],
  ],
  [SECTIONS.funnelPeers]: [
    ["shops", "shops"],
    ["median_conversion", "medianConversion"],
  ],
};

const FEWER = "fewer than 5";

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function insightsCsv(section: Section, lines: InsightLine[]): string {
  const columns = CSV_COLUMNS[section];
  const header = ["label", ...columns.map(([name]) => name)].join(",");
  const body = lines.map((line) =>
    [line.label, ...columns.map(([, figure]) => (line.figures ? (line.figures[figure] ?? FEWER) : FEWER))]
      .map(csvCell)
      .join(","),
  );
  return [header, ...body].join("\r\n") + "\r\n";
}
