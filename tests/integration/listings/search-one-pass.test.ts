import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import {
  FACET_EXACT_LIMIT,
  resolveSearch,
  searchFacets,
  searchListings,
  searchWithFacets,
  type SearchPage,
} from "~/modules/listings/search.server";
import { useTestDatabase } from "../../support/database";
import { createUser } from "../../support/factories";

// The search page takes its results and facet counts from one pass over the matches where it can
// (searchWithFacets, ADR 050). Whatever the filters and sort, that must give exactly what the
// results query and the facet query give on their own, on every page.

const database = useTestDatabase();

const resolved = (query: string) =>
  resolveSearch(database.db, searchParamsSchema.parse(rawSearchParams(new URLSearchParams(query))));

const CATEGORIES = ["sofas-chairs", "tables-desks", "bikes", "camping", "decor"];
const CONDITIONS = ["new_with_tags", "like_new", "good", "fair", "for_parts"];

/** `count` active listings with `word` in the title, spread over categories, conditions, prices and places. */
async function insertVaried(word: string, count: number) {
  const seller = await createUser(database.db);
  await sql`
    insert into listings (id, seller_id, title, description, category_id, condition, price_cents, pickup,
                          shipping, shipping_cents, latitude, longitude, place_name, status, published_at)
    select ${word} || lpad(g::text, 6, '0'), ${seller.id},
           ${word} || case when g % 3 = 0 then ' ' || ${word} || ' lamp' else ' item ' || g end,
           case when g % 4 = 0 then 'Mentions ' || ${word} || ' twice: ' || ${word} else 'Plain.' end,
           (${sql.val(CATEGORIES)}::text[])[1 + g % 5], (${sql.val(CONDITIONS)}::text[])[1 + (g / 5) % 5],
           100 * (g % 37), true, g % 2 = 0, case when g % 2 = 0 then 700 end,
           45.52 + (g % 9) * 0.1, -122.68 + (g % 7) * 0.15, 'Portland, OR', 'active',
           now() - (g % 13) * interval '1 hour'
    from generate_series(1, ${count}::int) g`.execute(database.db);
  await sql`
    insert into listing_photos (id, listing_id, position, storage_key, width, height)
    select 'p' || l.id, l.id, 0, l.id || '/cover.webp', 800, 600
    from listings l where l.id like ${word} || '%' and right(l.id, 1) in ('0', '4', '7')`.execute(database.db);
}

/** Every page of a search, following the cursors, as the one-pass path and the two queries give it. */
async function walk(query: string, read: (query: string) => Promise<SearchPage>) {
  const pages: SearchPage[] = [];
  let cursor = "";
  do {
    const page = await read(`${query}${cursor ? `&cursor=${cursor}` : ""}`);
    pages.push(page);
    cursor = page.nextCursor ?? "";
  } while (cursor && pages.length < 60);
  return pages;
}

const QUERIES = [
  "q=glarpish",
  "q=glarpish&sort=newest",
  "q=glarpish&sort=price_asc",
  "q=glarpish&sort=price_desc",
  "q=glarpish&category=furniture",
  "q=glarpish&condition=good&condition=fair",
  "q=glarpish&category=bikes-sports&condition=like_new&sort=newest",
  "q=glarpish&near=97214&radius=25&sort=nearest",
  "q=glarpish&category=bikes-sports&near=97214&radius=50",
  "q=glarpish&minPrice=10&maxPrice=20&shipping=1",
  "q=glarpish+lamp",
  "q=nosuchwordanywhere",
  // More matches than the facets count: capped, so the page comes from the results query again,
  // except for best match without a category or condition.
  "q=plimsolly",
  "q=plimsolly&sort=newest",
  "q=plimsolly&category=furniture",
  "q=plimsolly&condition=good&sort=price_asc",
];

describe("one pass for results and facets", () => {
  beforeAll(async () => {
    await insertVaried("glarpish", 180);
    await insertVaried("plimsolly", FACET_EXACT_LIMIT + 60);
  });

  it.each(QUERIES)("gives what the two queries give, on every page: %s", async (query) => {
    const onePass = await walk(query, async (q) => (await searchWithFacets(database.db, await resolved(q))).page);
    const separate = await walk(query, async (q) => searchListings(database.db, await resolved(q)));
    expect(onePass).toEqual(separate);
    const { facets } = await searchWithFacets(database.db, await resolved(query));
    expect(facets).toEqual(await searchFacets(database.db, await resolved(query)));
  });

  it("shows every match once, paging through a capped best match", async () => {
    const pages = await walk("q=plimsolly", async (q) => (await searchWithFacets(database.db, await resolved(q))).page);
    const ids = pages.flatMap((page) => page.results.map((card) => card.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(FACET_EXACT_LIMIT - 1);
  });

  it("says a broad search is capped and counts a narrow one exactly", async () => {
    expect((await searchWithFacets(database.db, await resolved("q=plimsolly"))).facets.capped).toBe(true);
    const narrow = await searchWithFacets(database.db, await resolved("q=glarpish&category=furniture"));
    expect(narrow.facets.capped).toBe(false);
    const furniture = narrow.facets.categories.find((category) => category.id === "furniture");
    // 180 listings, two of every five in furniture (sofas-chairs and tables-desks).
    expect(furniture?.count).toBe(72);
    expect(narrow.facets.conditions.reduce((sum, c) => sum + c.count, 0)).toBe(72);
  });

  it("uses and fills the caches the two queries use", async () => {
    const query = "q=glarpish&sort=price_desc&condition=fair";
    const first = await searchWithFacets(database.db, await resolved(query), {
      resultsCacheSeconds: 60,
      facetCacheSeconds: 60,
    });
    expect(await searchListings(database.db, await resolved(query), { cacheSeconds: 60 })).toBe(first.page);
    expect(await searchFacets(database.db, await resolved(query), { cacheSeconds: 60 })).toBe(first.facets);
  });
});
