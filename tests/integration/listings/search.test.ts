import { beforeAll, describe, expect, it } from "vitest";
import { InvalidInput } from "~/lib/errors";
import { addFavorite, favoritedAmong, listFavorites, removeFavorite } from "~/modules/listings/favorites.server";
import {
  deleteSavedSearch,
  findSavedSearchesMatching,
  listSavedSearches,
  saveSearch,
} from "~/modules/listings/saved-searches.server";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { PAGE_SIZE, resolveSearch, searchFacets, searchListings } from "~/modules/listings/search.server";
import { publishListing } from "~/modules/listings/listings.server";
import { NotFound } from "~/lib/errors";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser } from "../../support/factories";

const database = useTestDatabase();

const params = (query: string) => searchParamsSchema.parse(rawSearchParams(new URLSearchParams(query)));
const search = async (query: string) => searchListings(database.db, await resolveSearch(database.db, params(query)));
const titles = async (query: string) => (await search(query)).results.map((card) => card.title);

// Each describe block uses its own made-up words, so blocks don't see each other's listings.
const PORTLAND = { latitude: 45.52, longitude: -122.68, placeName: "Portland, OR" };
const SEATTLE = { latitude: 47.61, longitude: -122.33, placeName: "Seattle, WA" };

describe("keyword search", () => {
  beforeAll(async () => {
    await createListing(database.db, { title: "Zorbly blue bike", description: "A kids bike", priceCents: 5000 });
    await createListing(database.db, {
      title: "Zorbly blue bike for adults",
      description: "Road bike",
      priceCents: 9000,
    });
    await createListing(database.db, {
      title: "Red lamp",
      description: "Goes well with a zorbly blue sofa",
      priceCents: 1000,
    });
    await createListing(database.db, { title: "Zorbly draft bike", status: "draft" });
    await createListing(database.db, { title: "Zorbly sold bike", status: "sold" });
  });

  it("ranks a title match above a description match", async () => {
    expect(await titles("q=zorbly+blue")).toEqual([
      expect.stringMatching(/^Zorbly blue bike/),
      expect.stringMatching(/^Zorbly blue bike/),
      "Red lamp",
    ]);
  });

  it("understands web search syntax: a minus excludes a word", async () => {
    expect(await titles("q=zorbly+bike+-kids")).toEqual(["Zorbly blue bike for adults"]);
  });

  it("stems English words: 'bikes' finds 'bike'", async () => {
    expect((await titles("q=zorbly+bikes")).length).toBe(2);
  });

  it("shows only active listings", async () => {
    expect(await titles("q=zorbly+draft")).toEqual([]);
    expect(await titles("q=zorbly+sold")).toEqual([]);
  });

  it("sorts by price both ways", async () => {
    expect(await titles("q=zorbly&sort=price_asc")).toEqual([
      "Red lamp",
      "Zorbly blue bike",
      "Zorbly blue bike for adults",
    ]);
    expect((await titles("q=zorbly&sort=price_desc"))[0]).toBe("Zorbly blue bike for adults");
  });
});

describe("filters and facets", () => {
  beforeAll(async () => {
    await createListing(database.db, {
      title: "Quibble phone",
      categoryId: "phones",
      condition: "like_new",
      priceCents: 20000,
      shipping: true,
      ...PORTLAND,
    });
    await createListing(database.db, {
      title: "Quibble laptop",
      categoryId: "computers",
      condition: "good",
      priceCents: 45000,
      ...PORTLAND,
    });
    await createListing(database.db, {
      title: "Quibble speaker",
      categoryId: "audio",
      condition: "fair",
      priceCents: 0,
      ...SEATTLE,
    });
    await createListing(database.db, {
      title: "Quibble chair",
      categoryId: "sofas-chairs",
      condition: "good",
      priceCents: 3000,
      ...SEATTLE,
    });
  });

  it("includes a category's children", async () => {
    expect(await titles("q=quibble&category=electronics&sort=price_asc")).toEqual([
      "Quibble speaker",
      "Quibble phone",
      "Quibble laptop",
    ]);
    expect(await titles("q=quibble&category=phones")).toEqual(["Quibble phone"]);
  });

  it("filters by price range, free only, condition and shipping", async () => {
    expect(await titles("q=quibble&minPrice=25&maxPrice=300&sort=price_asc")).toEqual([
      "Quibble chair",
      "Quibble phone",
    ]);
    expect(await titles("q=quibble&free=1")).toEqual(["Quibble speaker"]);
    expect(await titles("q=quibble&condition=good&condition=fair&sort=price_asc")).toEqual([
      "Quibble speaker",
      "Quibble chair",
      "Quibble laptop",
    ]);
    expect(await titles("q=quibble&shipping=1")).toEqual(["Quibble phone"]);
  });

  it("finds what is within N km of a postal code, nearest first, with distances", async () => {
    // 97214 is in Portland; Seattle is ~230 km north.
    const near = await search("q=quibble&near=97214&radius=25&sort=nearest");
    expect(near.results.map((card) => card.title).sort()).toEqual(["Quibble laptop", "Quibble phone"]);
    expect(near.results[0]!.distanceKm).toBeLessThan(10);
    const wide = await titles("q=quibble&near=97214&radius=500&sort=nearest");
    expect(wide.slice(2).sort()).toEqual(["Quibble chair", "Quibble speaker"]);
    expect(await titles("q=quibble&near=Seattle%2C+WA&radius=10&sort=price_asc")).toEqual([
      "Quibble speaker",
      "Quibble chair",
    ]);
  });

  it("counts facets per category (children rolled up) and per condition, each ignoring its own filter", async () => {
    const resolved = await resolveSearch(database.db, params("q=quibble&category=electronics&condition=good"));
    const facets = await searchFacets(database.db, resolved);
    // Categories: counted with the condition filter (good) but not the category filter.
    expect(facets.categories.map((c) => [c.id, c.count])).toEqual([
      ["furniture", 1],
      ["electronics", 1],
    ]);
    expect(facets.categories[1]!.children).toEqual([{ id: "computers", name: "Computers", count: 1 }]);
    // Conditions: counted within electronics but regardless of the chosen condition.
    expect(Object.fromEntries(facets.conditions.map((c) => [c.id, c.count]))).toEqual({
      new_with_tags: 0,
      like_new: 1,
      good: 1,
      fair: 1,
      for_parts: 0,
    });
  });

  it("reports an unknown place or category as a field error", async () => {
    const error = await resolveSearch(database.db, params("near=Atlantis&category=spaceships")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInput);
    expect(Object.keys((error as InvalidInput).fieldErrors).sort()).toEqual(["category", "near"]);
  });
});

describe("keyset pagination", () => {
  it("returns every listing exactly once across pages, in every sort, even while new listings arrive", async () => {
    const seller = await createUser(database.db);
    const base = Date.now() - 1_000_000;
    const originals = [];
    for (let i = 0; i < PAGE_SIZE * 2 + 5; i++) {
      originals.push(
        await createListing(database.db, {
          sellerId: seller.id,
          title: `Wobbleton item ${i}`,
          description: i % 3 === 0 ? "wobbleton wobbleton" : "plain",
          // Ties on purpose: equal prices and equal publication times must still page cleanly.
          priceCents: (i % 4) * 100,
          publishedAt: new Date(base + (i % 5) * 1000),
          ...(i % 2 ? PORTLAND : SEATTLE),
        }),
      );
    }
    const expected = originals.map((listing) => listing.id).sort();
    for (const sort of ["best", "newest", "price_asc", "price_desc", "nearest"]) {
      const seen: string[] = [];
      let cursor = "";
      let pages = 0;
      do {
        const page = await search(`q=wobbleton&near=97214&radius=500&sort=${sort}&cursor=${cursor}`);
        seen.push(...page.results.map((card) => card.id));
        cursor = page.nextCursor ?? "";
        pages++;
        // New listings arrive between page loads, at every sort position.
        await createListing(database.db, {
          sellerId: seller.id,
          title: `Wobbleton newcomer ${sort} ${pages}`,
          priceCents: pages * 100 - 100,
          ...PORTLAND,
        });
      } while (cursor);
      const originalsSeen = seen.filter((id) => expected.includes(id));
      expect(new Set(seen).size, `${sort}: no duplicates`).toBe(seen.length);
      expect(originalsSeen.sort(), `${sort}: no gaps`).toEqual(expected);
      expect(pages).toBeGreaterThanOrEqual(3);
    }
  });

  it("refuses a tampered page link with a message", async () => {
    await expect(search("cursor=bm90LWEtY3Vyc29y")).rejects.toThrow(InvalidInput);
  });
});

describe("favorites", () => {
  it("saves and unsaves a listing idempotently, and refuses a draft", async () => {
    const member = await createUser(database.db);
    const listing = await createListing(database.db, { title: "Favorite lamp" });
    const draft = await createListing(database.db, { status: "draft" });
    await addFavorite(database.db, member.id, listing.id);
    await addFavorite(database.db, member.id, listing.id);
    expect((await listFavorites(database.db, member.id)).map((card) => card.title)).toEqual(["Favorite lamp"]);
    expect(await favoritedAmong(database.db, member.id, [listing.id, draft.id])).toEqual(new Set([listing.id]));
    await expect(addFavorite(database.db, member.id, draft.id)).rejects.toThrow(NotFound);
    await removeFavorite(database.db, member.id, listing.id);
    expect(await listFavorites(database.db, member.id)).toEqual([]);
  });
});

describe("saved searches", () => {
  it("match a newly published listing for other members only, honouring every filter", async () => {
    const seller = await createUser(database.db);
    const watcher = await createUser(database.db);
    const pickyWatcher = await createUser(database.db);
    const farWatcher = await createUser(database.db);
    const matching = await saveSearch(database.db, watcher.id, params("q=flumph+guitar&category=musical-instruments"));
    await saveSearch(database.db, pickyWatcher.id, params("q=flumph+guitar&maxPrice=10"));
    await saveSearch(database.db, farWatcher.id, params("q=flumph&near=10001&radius=50"));
    const own = await saveSearch(database.db, seller.id, params("q=flumph"));

    const listing = await createListing(database.db, {
      sellerId: seller.id,
      title: "Flumph acoustic guitar",
      categoryId: "guitars",
      priceCents: 12000,
      status: "draft",
      ...PORTLAND,
    });
    expect(await findSavedSearchesMatching(database.db, listing.id)).toEqual([]);
    await publishListing(database.db, listing.id, { userId: seller.id, role: "member" });
    expect(await findSavedSearchesMatching(database.db, listing.id)).toEqual([
      { savedSearchId: matching.id, userId: watcher.id },
    ]);
    expect(own.id).toBeTruthy();
  });

  it("are listed and deleted only by their owner", async () => {
    const owner = await createUser(database.db);
    const other = await createUser(database.db);
    const saved = await saveSearch(database.db, owner.id, params("q=teapot&free=1"));
    const [row] = await listSavedSearches(database.db, owner.id);
    expect(row).toMatchObject({ id: saved.id, name: "“teapot” free", search: "q=teapot&free=1" });
    await expect(deleteSavedSearch(database.db, other.id, saved.id)).rejects.toThrow(NotFound);
    await deleteSavedSearch(database.db, owner.id, saved.id);
    expect(await listSavedSearches(database.db, owner.id)).toEqual([]);
  });

  it("refuse an empty search", async () => {
    const owner = await createUser(database.db);
    await expect(saveSearch(database.db, owner.id, params("sort=newest"))).rejects.toThrow(InvalidInput);
  });
});

describe("cached facet counts", () => {
  it("are shared for a while by identical searches, whatever their page or sort, and kept apart otherwise", async () => {
    await createListing(database.db, { title: "Glimmerwick vase", condition: "good" });
    const resolved = async (query: string) => resolveSearch(database.db, params(query));
    const first = await searchFacets(database.db, await resolved("q=glimmerwick"), { cacheSeconds: 30 });
    await createListing(database.db, { title: "Glimmerwick bowl", condition: "fair" });
    const cached = await searchFacets(database.db, await resolved("q=glimmerwick&sort=newest"), { cacheSeconds: 30 });
    expect(cached).toEqual(first);
    const fresh = await searchFacets(database.db, await resolved("q=glimmerwick"));
    expect(fresh.conditions.find((c) => c.id === "fair")?.count).toBe(1);
    const other = await searchFacets(database.db, await resolved("q=glimmerwick&free=1"), { cacheSeconds: 30 });
    expect(other.categories).toEqual([]);
  });
});
