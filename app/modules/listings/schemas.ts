import type { SearchParams } from "./schemas.server";

export { CONDITION_LABELS, MAX_PHOTOS, RADIUS_CHOICES, SORTS, SORT_LABELS, type Sort } from "./labels";

/**
 * The search URL's pure helpers, browser-safe. The zod schemas are in schemas.server.ts, so zod
 * stays out of the pages' bundles (tests/unit/client-bundle.test.ts).
 */

/** URLSearchParams -> the raw object the schema reads (condition may repeat). */
export function rawSearchParams(params: URLSearchParams): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of params.entries()) {
    if (key === "condition") raw.condition = [...((raw.condition as string[] | undefined) ?? []), value];
    else if (!(key in raw) && value !== "") raw[key] = value;
  }
  return raw;
}

/** The query part that defines *what* is searched (no cursor): what saved searches store. */
export function queryOf(params: SearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (params.q) query.q = params.q;
  if (params.category) query.category = params.category;
  if (params.minPrice !== null) query.minPrice = (params.minPrice / 100).toString();
  if (params.maxPrice !== null) query.maxPrice = (params.maxPrice / 100).toString();
  if (params.condition.length) query.condition = [...params.condition];
  if (params.near) {
    query.near = params.near;
    query.radius = String(params.radius);
  }
  if (params.shipping) query.shipping = "1";
  if (params.free) query.free = "1";
  if (params.inspected) query.inspected = "1";
  if (params.sort) query.sort = params.sort;
  return query;
}

export function toSearchString(query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}
