import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from "kysely";
import type { Database } from "~db/schema";
import type { Condition } from "~db/schema-listings";
import { CONDITIONS } from "~db/schema-listings";
import { z } from "zod";
import { InvalidInput } from "~/lib/errors";
import { idParam } from "~/lib/id-params.server";
import { EARTH_RADIUS_KM, boundingBox, type Point } from "~/lib/geo";
import { categoryTree } from "./categories.server";
import { resolvePlace, type Place } from "./location.server";
import { cached } from "./search-cache.server";
import type { Sort } from "./schemas";
import type { SearchParams } from "./schemas.server";
import { sellerInGoodStanding } from "./visibility.server";

/**
 * Listing search on PostgreSQL and PGlite alike: full text through the generated `search_vector`
 * (websearch_to_tsquery, so "blue bike -kids" works), filters, sorts, keyset pagination and
 * facet counts. Geo: an indexed latitude/longitude bounding box narrows the rows, then the
 * haversine distance decides.
 */

export const PAGE_SIZE = 24;
const TS_CONFIG = sql.lit("english");

type ListingQuery<O> = SelectQueryBuilder<Database, "listings", O>;

/** What a search resolved its parameters to: the place behind `near` and the category subtree. */
export interface ResolvedSearch {
  params: SearchParams;
  center: Place | null;
  categoryIds: string[] | null;
  sort: Sort;
}

/**
 * A search's place and category, resolved: an unknown place or category is a field error the page
 * shows (InvalidInput). Shared by listing search and the Wanted search.
 */
export async function resolvePlaceAndCategory(
  db: Kysely<Database>,
  params: { near?: string | null; category?: string | null },
): Promise<{ center: Place | null; categoryIds: string[] | null }> {
  const fieldErrors: Record<string, string[]> = {};
  let center: Place | null = null;
  if (params.near) {
    center = resolvePlace(params.near);
    if (!center) fieldErrors.near = ["We don't know that place. Try a postal code like 97214 or “Portland, OR”."];
  }
  let categoryIds: string[] | null = null;
  if (params.category) {
    const tree = await categoryTree(db);
    if (tree.byId.has(params.category)) categoryIds = tree.withDescendants(params.category);
    else fieldErrors.category = ["Unknown category"];
  }
  if (Object.keys(fieldErrors).length > 0) throw new InvalidInput("Please fix the search.", fieldErrors);
  return { center, categoryIds };
}

/** Resolves place and category; unknown values are field errors the search page shows. */
export async function resolveSearch(db: Kysely<Database>, params: SearchParams): Promise<ResolvedSearch> {
  const { center, categoryIds } = await resolvePlaceAndCategory(db, params);
  return { params, center, categoryIds, sort: effectiveSort(params, center) };
}

/** Best match needs words; nearest needs a place. Otherwise the newest come first. */
export function effectiveSort(params: Pick<SearchParams, "sort" | "q">, center: Point | null): Sort {
  const sort = params.sort ?? (params.q ? "best" : "newest");
  if (sort === "best" && !params.q) return "newest";
  if (sort === "nearest" && !center) return "newest";
  return sort;
}

const tsQuery = (q: string) => sql`websearch_to_tsquery(${TS_CONFIG}, ${q})`;

export function rankExpression(q: string) {
  return sql<number>`ts_rank(listings.search_vector, ${tsQuery(q)})`;
}

export function distanceExpression(center: Point) {
  // Haversine in SQL, in kilometres. least(1, …) guards asin against rounding just above 1.
  return sql<number>`(2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(
    power(sin(radians(listings.latitude - ${center.latitude}) / 2), 2)
    + cos(radians(${center.latitude})) * cos(radians(listings.latitude))
    * power(sin(radians(listings.longitude - ${center.longitude}) / 2), 2)))))`;
}

type Dimension = "category" | "condition";

const leftOut = (except: Dimension | Dimension[] | undefined, dimension: Dimension) =>
  Array.isArray(except) ? except.includes(dimension) : except === dimension;

/** Applies every filter of the search (optionally leaving one dimension out, for its facet counts). */
export function applyFilters<O>(
  query: ListingQuery<O>,
  search: ResolvedSearch,
  options: { except?: Dimension | Dimension[] } = {},
): ListingQuery<O> {
  const { params, center, categoryIds } = search;
  let filtered = query.where("listings.status", "=", "active").where(sellerInGoodStanding);
  const byCategory = categoryIds !== null && !leftOut(options.except, "category");
  if (params.q) filtered = filtered.where(matchesWords(params.q, { viaIndex: !(byCategory && center) }));
  if (byCategory && categoryIds) filtered = filtered.where("listings.categoryId", "in", categoryIds);
  if (params.condition.length && !leftOut(options.except, "condition")) {
    filtered = filtered.where("listings.condition", "in", params.condition);
  }
  if (params.free) filtered = filtered.where("listings.priceCents", "=", 0);
  else {
    if (params.minPrice !== null) filtered = filtered.where("listings.priceCents", ">=", params.minPrice);
    if (params.maxPrice !== null) filtered = filtered.where("listings.priceCents", "<=", params.maxPrice);
  }
  if (params.shipping) filtered = filtered.where("listings.shipping", "=", true);
  // A probe of passport_entries_inspected_idx per candidate (most listings have no passport at all).
  if (params.inspected) filtered = filtered.where(inspectedItem);
  if (center) {
    const box = boundingBox(center, params.radius);
    filtered = filtered
      .where("listings.latitude", ">=", box.minLatitude)
      .where("listings.latitude", "<=", box.maxLatitude)
      .where("listings.longitude", ">=", box.minLongitude)
      .where("listings.longitude", "<=", box.maxLongitude)
      .where(sql<SqlBool>`${distanceExpression(center)} <= ${params.radius}`);
  }
  return filtered;
}

/**
 * The words match. `viaIndex: false` hides the test from the full-text index on purpose: with a
 * category and a place, their index (listings_active_category_geo_idx) finds a few thousand rows
 * at most, and checking the words on those is far cheaper than the index's whole posting list for
 * a common word, which the planner would otherwise intersect with them (it underprices GIN
 * bitmaps; ADR 046). Same results either way.
 */
function matchesWords(q: string, { viaIndex }: { viaIndex: boolean }) {
  const matches = sql<SqlBool>`listings.search_vector @@ ${tsQuery(q)}`;
  return viaIndex ? matches : sql<SqlBool>`coalesce(${matches}, false)`;
}

/** The listing's item passed a shop's inspection through Stoop (an entry an admin did not strike). */
export const inspectedItem = sql<SqlBool>`exists (select 1 from passport_entries pe
  where pe.passport_id = listings.passport_id and pe.kind = 'inspection' and pe.removed_at is null)`;

/** The sort key of a result row, as the cursor carries it: exact text forms, so no precision is lost. */
interface Cursor {
  v: string | number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.v, cursor.id])).toString("base64url");
}

// What each sort's key looks like in a cursor Stoop wrote. The key is cast in SQL (`::integer`,
// `::timestamptz`…), so anything else would reach PostgreSQL as a cast error: refuse it here.
const PG_TIMESTAMPTZ =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/;
const finite = z.number().refine(Number.isFinite);
const CURSOR_KEYS: Record<Sort, z.ZodType<string | number>> = {
  newest: z.string().regex(PG_TIMESTAMPTZ),
  price_asc: z.number().int().min(-2147483648).max(2147483647),
  price_desc: z.number().int().min(-2147483648).max(2147483647),
  best: finite,
  nearest: finite,
};

export function decodeCursor(text: string, sort: Sort = "newest"): Cursor | null {
  if (!text) return null;
  let value: unknown = null;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    // not JSON: refused below
  }
  const parsed = z.tuple([CURSOR_KEYS[sort], idParam]).safeParse(value);
  if (parsed.success) return { v: parsed.data[0], id: parsed.data[1] };
  throw new InvalidInput("That page link is broken.", {
    cursor: ["That page link is broken; start the search again."],
  });
}

/** The ORDER BY of each sort, and the row-value comparison that continues after a cursor. */
function sortKey(search: ResolvedSearch): {
  key: RawBuilder<unknown>;
  keyText: RawBuilder<string | number>;
  direction: "asc" | "desc";
  cast: string;
} {
  switch (search.sort) {
    case "best": {
      const rank = rankExpression(search.params.q);
      return { key: rank, keyText: rank, direction: "desc", cast: "real" };
    }
    case "price_asc":
      return {
        key: sql`listings.price_cents`,
        keyText: sql<number>`listings.price_cents`,
        direction: "asc",
        cast: "integer",
      };
    case "price_desc":
      return {
        key: sql`listings.price_cents`,
        keyText: sql<number>`listings.price_cents`,
        direction: "desc",
        cast: "integer",
      };
    case "nearest": {
      const distance = distanceExpression(search.center!);
      return { key: distance, keyText: distance, direction: "asc", cast: "double precision" };
    }
    case "newest":
    default:
      return {
        key: sql`listings.published_at`,
        keyText: sql<string>`listings.published_at::text`,
        direction: "desc",
        cast: "timestamptz",
      };
  }
}

export interface ListingCard {
  id: string;
  title: string;
  priceCents: number;
  condition: Condition;
  placeName: string;
  shipping: boolean;
  pickup: boolean;
  publishedAt: Date | null;
  coverKey: string | null;
  distanceKm: number | null;
}

/** The listing's own columns on every card (search's page rows and `selectCard` alike). */
const CARD_COLUMNS = [
  "listings.id",
  "listings.title",
  "listings.priceCents",
  "listings.condition",
  "listings.placeName",
  "listings.shipping",
  "listings.pickup",
  "listings.publishedAt",
] as const;

/** Columns every listing card needs (cover photo = the photo at the first position). */
export function selectCard<O>(query: ListingQuery<O>, center: Point | null) {
  return query.select((eb) => [
    ...CARD_COLUMNS,
    eb
      .selectFrom("listingPhotos")
      .select("listingPhotos.storageKey")
      .whereRef("listingPhotos.listingId", "=", "listings.id")
      .orderBy("listingPhotos.position")
      .limit(1)
      .as("coverKey"),
    (center ? distanceExpression(center) : sql<number | null>`null::float8`).as("distanceKm"),
  ]);
}

export interface SearchPage {
  results: ListingCard[];
  nextCursor: string | null;
}

/**
 * One page of results. With `cacheSeconds`, identical searches (same filters, sort and page) share
 * the page for that long, unless a listing changed in between (search-cache.server.ts).
 */
export function searchListings(
  db: Kysely<Database>,
  search: ResolvedSearch,
  options: { cacheSeconds?: number } = {},
): Promise<SearchPage> {
  if (!options.cacheSeconds) return findListings(db, search);
  return cached(db, resultsKey(search), { ttlSeconds: options.cacheSeconds }, () => findListings(db, search));
}

const resultsKey = (search: ResolvedSearch) => `results:${search.sort}:${JSON.stringify(search.params)}`;
const facetsKey = (search: ResolvedSearch) => {
  const { cursor: _cursor, sort: _sort, ...filters } = search.params;
  return `facets:${JSON.stringify(filters)}`;
};

/**
 * Best match ranks at most this many matches: a broad word ("vintage", ~5% of listings) would
 * otherwise rank tens of thousands of rows per search (docs/decisions/046-bounded-search.md).
 * Which matches: the ones the index yields first, see `candidates`.
 */
export const BEST_MATCH_CANDIDATES = 1_000;

async function findListings(db: Kysely<Database>, search: ResolvedSearch): Promise<SearchPage> {
  // Its candidates are the sample's first rows: every page of it walks the same set (sampleMatches).
  if (candidatesInSample(search)) {
    return cardsOf(db, search, (await sampleMatches(db, search, { withPage: true })).pageRows!);
  }
  const cursor = decodeCursor(search.params.cursor, search.sort);
  const { key, keyText, direction, cast } = sortKey(search);
  const op = sql.raw(direction === "desc" ? "<" : ">");
  const after = (value: RawBuilder<unknown>, id: RawBuilder<unknown>) =>
    sql<SqlBool>`(${value}, ${id}) ${op} (${String(cursor!.v)}::${sql.raw(cast)}, ${cursor!.id})`;
  // Step 1, only ids and sort keys: the page's rows (PAGE_SIZE + 1 of them, to know if there is a
  // next page). Best match ranks a bounded candidate set; the other sorts walk their index.
  const pageRows =
    search.sort === "best"
      ? db
          .with("candidates", (qb) =>
            applyFilters(qb.selectFrom("listings"), search)
              .select(["listings.id", keyText.as("sortValue")])
              .limit(BEST_MATCH_CANDIDATES),
          )
          .selectFrom("candidates")
          .select(["candidates.id", "candidates.sortValue"])
          .$if(cursor !== null, (qb) => qb.where(after(sql`candidates.sort_value`, sql`candidates.id`)))
          .orderBy("candidates.sortValue", direction)
          .orderBy("candidates.id", direction)
          .limit(PAGE_SIZE + 1)
      : applyFilters(db.selectFrom("listings"), search)
          .select(["listings.id", keyText.as("sortValue")])
          .$if(cursor !== null, (qb) => qb.where(after(key, sql`listings.id`)))
          .orderBy(key, direction)
          .orderBy("listings.id", direction)
          .limit(PAGE_SIZE + 1);
  // Step 2, the cards of those rows only: the cover photo is looked up once per shown card, not
  // once per match (a per-row subquery ran for every match the sort had to consider).
  const rows = await db
    .with("page", () => pageRows)
    .selectFrom("page")
    .innerJoin("listings", "listings.id", "page.id")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("listingPhotos")
          .select("listingPhotos.storageKey")
          .whereRef("listingPhotos.listingId", "=", "page.id")
          .orderBy("listingPhotos.position")
          .limit(1)
          .as("cover"),
      (join) => join.onTrue(),
    )
    .select([
      ...CARD_COLUMNS,
      "cover.storageKey as coverKey",
      (search.center ? distanceExpression(search.center) : sql<number | null>`null::float8`).as("distanceKm"),
      "page.sortValue",
    ])
    .orderBy("page.sortValue", direction)
    .orderBy("page.id", direction)
    .execute();
  return pageOf(rows);
}

/** PAGE_SIZE + 1 rows in page order: the page, and a cursor when there is a next one. */
function pageOf(rows: (ListingCard & { sortValue: unknown })[]): SearchPage {
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    results: page.map(({ sortValue: _sortValue, ...card }): ListingCard => card),
    nextCursor:
      rows.length > PAGE_SIZE && last ? encodeCursor({ v: last.sortValue as string | number, id: last.id }) : null,
  };
}

export interface Facets {
  categories: { id: string; name: string; count: number; children: { id: string; name: string; count: number }[] }[];
  conditions: { id: Condition; count: number }[];
  /**
   * More than FACET_EXACT_LIMIT listings match (leaving out the category and condition filters):
   * the counts were taken over the first FACET_EXACT_LIMIT of them only, so the page shows
   * "1,000+" instead of numbers. Otherwise every count is exact.
   */
  capped: boolean;
}

/** Counts are exact up to here; above it a search counts no further (ADR 046). */
export const FACET_EXACT_LIMIT = 1_000;

/**
 * Counts per category (children rolled up into their parent) and per condition. Each dimension is
 * counted with every *other* filter applied, so choosing "Good" still shows how many are "Fair".
 * Counting stops after FACET_EXACT_LIMIT matches (`capped`): a broad word would otherwise read
 * every one of its tens of thousands of matches for numbers nobody needs exactly.
 * With `cacheSeconds`, identical filter sets share their counts: an outdated count is shown while
 * one refresh runs in the background, so counts may lag new listings by about that long.
 */
export function searchFacets(
  db: Kysely<Database>,
  search: ResolvedSearch,
  options: { cacheSeconds?: number } = {},
): Promise<Facets> {
  if (!options.cacheSeconds) return countFacets(db, search);
  return cached(db, facetsKey(search), { ttlSeconds: options.cacheSeconds, staleWhileRevalidate: true }, () =>
    countFacets(db, search),
  );
}

async function countFacets(db: Kysely<Database>, search: ResolvedSearch): Promise<Facets> {
  return (await sampleMatches(db, search, { withPage: false })).facets;
}

/**
 * Best match's candidates are the first BEST_MATCH_CANDIDATES matches the index yields: without a
 * category or condition filter, those are the first rows of the facets' sample.
 */
const candidatesInSample = (search: ResolvedSearch) =>
  search.sort === "best" && search.categoryIds === null && search.params.condition.length === 0;

/** The cards of the page's rows (read by id), in page order, and the cursor to the next page. */
async function cardsOf(
  db: Kysely<Database>,
  search: ResolvedSearch,
  pageRows: { id: string; sortValue: string | number }[],
): Promise<SearchPage> {
  if (pageRows.length === 0) return { results: [], nextCursor: null };
  const cards = await selectCard(
    db.selectFrom("listings").where(
      "listings.id",
      "in",
      pageRows.map((row) => row.id),
    ),
    search.center,
  ).execute();
  const byId = new Map(cards.map((card) => [card.id, card]));
  return pageOf(
    pageRows.flatMap(({ id, sortValue }) => {
      const card = byId.get(id);
      return card ? [{ ...card, sortValue }] : [];
    }),
  );
}

/**
 * The search page's results and facet counts. When neither is cached, both come from one pass over
 * the matches (sampleMatches) where it can answer both, instead of one pass each.
 */
export async function searchWithFacets(
  db: Kysely<Database>,
  search: ResolvedSearch,
  options: { resultsCacheSeconds?: number; facetCacheSeconds?: number } = {},
): Promise<{ page: SearchPage; facets: Facets }> {
  let sample: Promise<Sample> | null = null;
  const facetsOnce = () => (sample ??= sampleMatches(db, search, { withPage: true })).then((taken) => taken.facets);
  // The facets first: a cache miss there takes the sample (synchronously, in `cached`), which the
  // results then use.
  const facets = options.facetCacheSeconds
    ? cached(db, facetsKey(search), { ttlSeconds: options.facetCacheSeconds, staleWhileRevalidate: true }, facetsOnce)
    : facetsOnce();
  const results = async () => {
    const taken = sample ? await sample : null;
    return taken?.pageRows ? cardsOf(db, search, taken.pageRows) : findListings(db, search);
  };
  const page = options.resultsCacheSeconds
    ? cached(db, resultsKey(search), { ttlSeconds: options.resultsCacheSeconds }, results)
    : results();
  const [pageValue, facetsValue] = await Promise.all([page, facets]);
  return { page: pageValue, facets: facetsValue };
}

/** What one pass over the matches gave: the facet counts and, where the pass could tell, the page. */
interface Sample {
  facets: Facets;
  /** The page's rows (PAGE_SIZE + 1, in page order), or null when the sample cannot say what they are. */
  pageRows: { id: string; sortValue: string | number }[] | null;
}

/**
 * One pass over (at most FACET_EXACT_LIMIT + 1 of) the matches of every filter but the category
 * and the condition: the rows in the chosen category feed the condition counts and vice versa
 * (GROUPING SETS, FILTER). The same rows give the results page when they can: when they are all
 * the matches (not capped), and for best match without those two filters, whose candidates are
 * the first BEST_MATCH_CANDIDATES matches anyway. Then an uncached search reads its matches once,
 * not once for the results and again for the counts (docs/decisions/050-one-pass-search.md).
 */
async function sampleMatches(
  db: Kysely<Database>,
  search: ResolvedSearch,
  { withPage }: { withPage: boolean },
): Promise<Sample> {
  const { categoryIds, params } = search;
  const categoryOk = categoryIds ? sql<boolean>`sample.category_id in (${sql.join(categoryIds)})` : sql<boolean>`true`;
  const conditionOk = params.condition.length
    ? sql<boolean>`sample.condition in (${sql.join(params.condition)})`
    : sql<boolean>`true`;
  const inCategory = categoryIds
    ? sql<boolean>`listings.category_id in (${sql.join(categoryIds)})`
    : sql<boolean>`true`;
  const inCondition = params.condition.length
    ? sql<boolean>`listings.condition in (${sql.join(params.condition)})`
    : sql<boolean>`true`;
  const { keyText, direction, cast } = sortKey(search);
  const matches = applyFilters(db.selectFrom("listings"), search, { except: ["category", "condition"] })
    .where(sql<SqlBool>`(${inCategory} or ${inCondition})`)
    .select(["listings.id", "listings.categoryId", "listings.condition", keyText.as("sortValue")])
    .limit(FACET_EXACT_LIMIT + 1);
  // Newest's key travels as text (exact); it is compared and ordered as what it is.
  const order = sql.raw(`sort_value::${cast} ${direction}, id ${direction}`);
  const cursor = decodeCursor(params.cursor, search.sort);
  const afterCursor = cursor
    ? sql`and (sort_value::${sql.raw(cast)}, id) ${sql.raw(direction === "desc" ? "<" : ">")} (${String(cursor.v)}::${sql.raw(cast)}, ${cursor.id})`
    : sql``;
  // Best match's candidates are the first matches the index yields: without a category or condition
  // filter, those are the sample's first rows.
  const firstCandidates = candidatesInSample(search) ? sql`or n <= ${BEST_MATCH_CANDIDATES}` : sql``;
  // The page's rows come first in the union so that its typed columns type the facet rows' nulls.
  const page = withPage
    ? sql`select 'page' as part, id, sort_value, ordinal, null as category_id, null as condition,
                 null::int as by_condition, null::bigint as category_count, null::bigint as condition_count,
                 null::bigint as sample_rows
          from (select id, sort_value, row_number() over (order by ${order}) as ordinal
                from sample
                where ${categoryOk} and ${conditionOk}
                  and ((select count(*) from sample) <= ${FACET_EXACT_LIMIT} ${firstCandidates})
                  ${afterCursor}
                order by ${order}
                limit ${PAGE_SIZE + 1}) page
          union all`
    : sql``;
  const [{ rows }, tree] = await Promise.all([
    sql<{
      part: "page" | "facet";
      id: string | null;
      sortValue: string | number | null;
      ordinal: string | null;
      categoryId: string | null;
      condition: Condition | null;
      byCondition: number | null;
      categoryCount: string | null;
      conditionCount: string | null;
      sampleRows: string | null;
    }>`with sample as materialized (select matches.*, row_number() over () as n from (${matches}) matches)
       ${page}
       select 'facet' as part, null as id, null as sort_value, null as ordinal, sample.category_id, sample.condition,
              grouping(sample.category_id) as by_condition,
              count(*) filter (where ${conditionOk}) as category_count,
              count(*) filter (where ${categoryOk}) as condition_count,
              count(*) as sample_rows
       from sample
       group by grouping sets ((sample.category_id), (sample.condition))`.execute(db),
    categoryTree(db),
  ]);
  const facetRows = rows.filter((row) => row.part === "facet");
  // Every sampled row is counted once per grouping set: the condition groups alone add up to the sample.
  const sampled = facetRows
    .filter((row) => Number(row.byCondition) === 1)
    .reduce((sum, row) => sum + Number(row.sampleRows), 0);
  const capped = sampled > FACET_EXACT_LIMIT;
  const byCategory = facetRows
    .filter((row) => Number(row.byCondition) === 0)
    .map((row) => ({ id: row.categoryId!, count: Number(row.categoryCount) }));
  const byCondition = facetRows
    .filter((row) => Number(row.byCondition) === 1)
    .map((row) => ({ id: row.condition!, count: Number(row.conditionCount) }));
  const counts = new Map(byCategory.map((row) => [row.id, Number(row.count)]));
  const categories = tree.roots
    .map((root) => {
      const children = root.children
        .map((child) => ({ ...child, count: counts.get(child.id) ?? 0 }))
        .filter((child) => child.count > 0);
      const count = (counts.get(root.id) ?? 0) + children.reduce((sum, child) => sum + child.count, 0);
      return { id: root.id, name: root.name, count, children };
    })
    .filter((category) => category.count > 0);
  const conditionCounts = new Map(byCondition.map((row) => [row.id, Number(row.count)]));
  const pageFromSample = withPage && (!capped || candidatesInSample(search));
  return {
    facets: {
      categories,
      conditions: CONDITIONS.map((id) => ({ id, count: conditionCounts.get(id) ?? 0 })),
      capped,
    },
    pageRows: pageFromSample
      ? rows
          .filter((row) => row.part === "page")
          .sort((a, b) => Number(a.ordinal) - Number(b.ordinal))
          .map((row) => ({ id: row.id!, sortValue: row.sortValue! }))
      : null,
  };
}
