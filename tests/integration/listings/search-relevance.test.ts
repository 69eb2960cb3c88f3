import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import {
  BEST_MATCH_CANDIDATES,
  FACET_EXACT_LIMIT,
  PAGE_SIZE,
  resolveSearch,
  searchFacets,
  searchListings,
} from "~/modules/listings/search.server";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser } from "../../support/factories";

const database = useTestDatabase();

const params = (query: string) => searchParamsSchema.parse(rawSearchParams(new URLSearchParams(query)));
const resolved = (query: string) => resolveSearch(database.db, params(query));

// A small marketplace in which every query's words also appear elsewhere: in other titles (oak
// bookshelf, pine coffee table) and in descriptions that mention the item ("goes with an oak
// dining table"), so best match has to rank the listing that *is* the thing above the ones that
// talk about it.
const ITEMS: [title: string, categoryId: string, mentions: string][] = [
  ["Oak dining table", "furniture", "mechanical keyboard"],
  ["Oak bookshelf", "furniture", "dining table"],
  ["Pine coffee table", "furniture", "oak dining chairs"],
  ["Folding side table", "furniture", "standing desk"],
  ["Standing desk", "furniture", "desk lamp"],
  ["Desk lamp with dimmer", "decor", "standing desk frame"],
  ["Blue road bike", "bikes", "bike trailer"],
  ["Kids bike, 16 inch", "bikes", "road bike helmet"],
  ["Bike trailer", "bikes", "mountain bike"],
  ["Mountain bike", "bikes", "road tyres"],
  ["Mechanical keyboard", "computers", "keyboard tray"],
  ["Keyboard tray for a desk", "furniture", "mechanical pencil"],
  ["35 mm film camera", "cameras", "camera bag"],
  ["Camera bag", "cameras", "film camera strap"],
  ["Rowing machine", "fitness", "espresso machine"],
  ["Espresso machine", "kitchen", "rowing club"],
  ["Sleeping bag", "camping", "leather bag"],
  ["Leather backpack", "bags", "sleeping bag"],
  ["Wool winter coat", "clothing", "winter boots"],
  ["Winter boots, size 9", "shoes", "wool coat"],
  ["Hiking boots, size 9", "shoes", "hiking poles"],
  ["Hiking poles", "camping", "boots"],
  ["Cast iron skillet", "kitchen", "iron"],
  ["Steam iron", "appliances", "cast iron pan"],
];

// Each query and the title that must be among its first three results.
const EXPECTED: [query: string, title: string][] = [
  ["oak dining table", "Oak dining table"],
  ["standing desk", "Standing desk"],
  ["road bike", "Blue road bike"],
  ["mechanical keyboard", "Mechanical keyboard"],
  ["film camera", "35 mm film camera"],
  ["rowing machine", "Rowing machine"],
  ["sleeping bag", "Sleeping bag"],
  ["winter coat", "Wool winter coat"],
  ["hiking boots", "Hiking boots, size 9"],
  ["cast iron skillet", "Cast iron skillet"],
];

describe("best match relevance on a seeded set", () => {
  beforeAll(async () => {
    const seller = await createUser(database.db);
    const categories = new Set(
      (await database.db.selectFrom("categories").select("id").execute()).map((row) => row.id),
    );
    for (const [title, categoryId, mentions] of ITEMS) {
      await createListing(database.db, {
        sellerId: seller.id,
        title,
        categoryId: categories.has(categoryId) ? categoryId : "furniture",
        description: `Moving out, so it has to go. Goes well with a ${mentions}. Pickup any evening.`,
      });
    }
  });

  it.each(EXPECTED)("puts the listing that is “%s” among the first three", async (query, title) => {
    const page = await searchListings(database.db, await resolved(`q=${encodeURIComponent(query)}`));
    expect(page.results.slice(0, 3).map((card) => card.title)).toContain(title);
  });

  it("ranks best match in a category near a place the same way (the words checked on the category's rows)", async () => {
    const page = await searchListings(
      database.db,
      await resolved("q=road+bike&category=bikes-sports&near=97214&radius=50"),
    );
    expect(page.results[0]?.title).toBe("Blue road bike");
    expect(page.results.map((card) => card.title)).not.toContain("Bike trailer"); // no "road"
  });
});

/** `count` active listings whose title contains `word`, in furniture, alternating good and fair. */
async function insertMany(word: string, count: number) {
  const seller = await createUser(database.db);
  await sql`
    insert into listings (id, seller_id, title, description, category_id, condition, price_cents, pickup,
                          shipping, latitude, longitude, place_name, status, published_at)
    select ${word} || lpad(g::text, 8, '0'), ${seller.id}, ${word} || ' chair number ' || g, 'A chair.',
           'furniture', case when g % 2 = 0 then 'good' else 'fair' end, 1000, true, false,
           45.52, -122.68, 'Portland, OR', 'active', now() - g * interval '1 minute'
    from generate_series(1, ${count}::int) g`.execute(database.db);
}

describe("broad searches", () => {
  beforeAll(async () => {
    await insertMany("zanzibarish", FACET_EXACT_LIMIT);
    await insertMany("quokkaful", Math.max(FACET_EXACT_LIMIT, BEST_MATCH_CANDIDATES) + 1);
  });

  it("counts facets exactly up to the limit", async () => {
    const facets = await searchFacets(database.db, await resolved("q=zanzibarish&condition=good"));
    expect(facets.capped).toBe(false);
    expect(facets.categories.map((category) => [category.id, category.count])).toEqual([
      ["furniture", FACET_EXACT_LIMIT / 2],
    ]);
    expect(Object.fromEntries(facets.conditions.map((c) => [c.id, c.count]))).toMatchObject({
      good: FACET_EXACT_LIMIT / 2,
      fair: FACET_EXACT_LIMIT / 2,
    });
  });

  it("stops counting above the limit and says so", async () => {
    const facets = await searchFacets(database.db, await resolved("q=quokkaful"));
    expect(facets.capped).toBe(true);
    expect(facets.categories.map((category) => category.id)).toEqual(["furniture"]);
  });

  it("pages through a word with more matches than best match ranks, each listing once", async () => {
    const seen = new Set<string>();
    let cursor = "";
    let pages = 0;
    do {
      const page = await searchListings(database.db, await resolved(`q=quokkaful${cursor ? `&cursor=${cursor}` : ""}`));
      for (const card of page.results) {
        expect(seen.has(card.id)).toBe(false);
        seen.add(card.id);
      }
      cursor = page.nextCursor ?? "";
      pages++;
    } while (cursor && pages < 100);
    // Best match ranks a bounded candidate set: all of it, once; "newest" still reaches every match.
    expect(seen.size).toBe(BEST_MATCH_CANDIDATES);
    expect(pages).toBe(Math.ceil(BEST_MATCH_CANDIDATES / PAGE_SIZE));
  });
});
