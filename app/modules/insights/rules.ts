/**
 * Insights' rules, browser-safe (ADR 047). Every figure a shop sees stands for at least
 * MIN_MEMBERS distinct members (members or, for anonymous searches, a visitor's key for the day);
 * the queries that compute the figures apply it, so a smaller cell never leaves the database.
 */
export const MIN_MEMBERS = 5;
export const INSIGHT_WINDOWS = [30, 90] as const;
export type InsightWindow = (typeof INSIGHT_WINDOWS)[number];
/** A search's place is kept as the centre of its cell of CELL_DEGREES (about 11 km north-south). */
export const CELL_DEGREES = 0.1;
/** Fewer results than this on the first page is a search that "found few". */
export const FEW_RESULTS = 5;
export const TERM_MAX_LENGTH = 60;
/** Shops "nearby" for the funnel comparison: within this distance of the shop. */
export const PEER_DISTANCE_KM = 50;
export const TOP_LINES = 20;

export const SECTIONS = {
  demandCategory: "demand-category",
  demandTerm: "demand-term",
  wanted: "wanted",
  sells: "sells",
  questionWord: "question-word",
  unanswered: "unanswered",
  funnel: "funnel",
  funnelPeers: "funnel-peers",
} as const;
export type Section = (typeof SECTIONS)[keyof typeof SECTIONS];

/** Lowercased, spaces collapsed, control characters dropped, cut to TERM_MAX_LENGTH. */
export function normalizeTerm(raw: string): string {
  return raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, TERM_MAX_LENGTH)
    .trim();
}

/** The centre of the cell a point falls in: the only place a search keeps. */
export function cellOf(point: { latitude: number; longitude: number }): { cellLat: number; cellLon: number } {
  const centre = (value: number) =>
    Math.round((Math.floor(value / CELL_DEGREES) * CELL_DEGREES + CELL_DEGREES / 2) * 1000) / 1000;
  return { cellLat: centre(point.latitude), cellLon: centre(point.longitude) };
}

export function resultBucket(count: number): "none" | "few" | "some" {
  if (count === 0) return "none";
  return count < FEW_RESULTS ? "few" : "some";
}

export function isInsightWindow(value: number): value is InsightWindow {
  return (INSIGHT_WINDOWS as readonly number[]).includes(value);
}
