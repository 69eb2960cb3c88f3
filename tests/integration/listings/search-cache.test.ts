import { describe, expect, it } from "vitest";
import type { NotifyBus, NotifyHandlers } from "~db/notify-bus";
import { transaction } from "~db/transaction";
import { markListingSold, publishListing, transitionListing } from "~/modules/listings/listings.server";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { followListingChanges, LISTINGS_CHANNEL } from "~/modules/listings/search-cache.server";
import { resolveSearch, searchFacets, searchListings } from "~/modules/listings/search.server";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser } from "../../support/factories";

const database = useTestDatabase();

const resolve = (query: string) =>
  resolveSearch(database.db, searchParamsSchema.parse(rawSearchParams(new URLSearchParams(query))));
const cachedIds = async (query: string) =>
  (await searchListings(database.db, await resolve(query), { cacheSeconds: 60 })).results.map((card) => card.id);
const cachedGoodCount = async (query: string) =>
  (await searchFacets(database.db, await resolve(query), { cacheSeconds: 60 })).conditions.find(
    (condition) => condition.id === "good",
  )?.count;

describe("the search caches", () => {
  it("share a results page between identical searches until a listing changes through the listings module", async () => {
    const word = `cachedword${Date.now().toString(36)}`;
    const seller = await createUser(database.db);
    const first = await createListing(database.db, { sellerId: seller.id, title: `Oak ${word} table` });
    expect(await cachedIds(`q=${word}`)).toEqual([first.id]);

    // Written behind the module's back (a factory insert): the cached page does not know yet.
    const hidden = await createListing(database.db, {
      sellerId: seller.id,
      title: `Pine ${word} table`,
      status: "draft",
    });
    await database.db
      .updateTable("listings")
      .set({ status: "active", publishedAt: new Date() })
      .where("id", "=", hidden.id)
      .execute();
    expect(await cachedIds(`q=${word}`)).toEqual([first.id]);
    // An uncached search sees it: the cache, not the query, hid it.
    expect((await searchListings(database.db, await resolve(`q=${word}`))).results).toHaveLength(2);

    // Any change through the module drops cached pages at once: a sold listing leaves the results.
    await markListingSold(database.db, first.id, { userId: seller.id, role: "member" });
    expect(await cachedIds(`q=${word}`)).toEqual([hidden.id]);

    const draft = await createListing(database.db, {
      sellerId: seller.id,
      title: `Elm ${word} table`,
      status: "draft",
    });
    await publishListing(database.db, draft.id, { userId: seller.id, role: "member" });
    expect((await cachedIds(`q=${word}`)).sort()).toEqual([hidden.id, draft.id].sort());
  });

  // Only PostgreSQL has a second connection that can read while the transaction is open; on PGlite
  // the search waits for the one connection, so it can only ever read committed rows.
  it.runIf(process.env.TEST_DATABASE_URL)(
    "drop a page cached while a caller's transaction changed a listing once that transaction commits",
    async () => {
      const word = `racedword${Date.now().toString(36)}`;
      const seller = await createUser(database.db);
      const listing = await createListing(database.db, { sellerId: seller.id, title: `Teak ${word} chair` });

      let reserved!: () => void;
      const reservedInTransaction = new Promise<void>((resolve) => (reserved = resolve));
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => (commit = resolve));
      // Checkout's shape: the listings module reserves inside the caller's transaction, which
      // commits only after the rest of the caller's work.
      const checkout = transaction(database.db, async (trx) => {
        await transitionListing(trx, { listingId: listing.id, action: "reserve", actor: "system" });
        reserved();
        await committing;
      });
      await reservedInTransaction;
      // Another connection, before COMMIT, still reads the listing as active, and caches that page.
      expect(await cachedIds(`q=${word}`)).toEqual([listing.id]);
      commit();
      await checkout;

      expect(await cachedIds(`q=${word}`)).toEqual([]);
    },
  );

  it("keep their pages when a change through the listings module rolls back", async () => {
    const word = `rolledword${Date.now().toString(36)}`;
    const seller = await createUser(database.db);
    const listing = await createListing(database.db, { sellerId: seller.id, title: `Ash ${word} desk` });
    const page = await searchListings(database.db, await resolve(`q=${word}`), { cacheSeconds: 60 });

    await expect(
      transaction(database.db, async (trx) => {
        await transitionListing(trx, { listingId: listing.id, action: "reserve", actor: "system" });
        throw new Error("payment setup failed");
      }),
    ).rejects.toThrow("payment setup failed");

    // The very same cached object: nothing committed, so nothing was dropped.
    expect(await searchListings(database.db, await resolve(`q=${word}`), { cacheSeconds: 60 })).toBe(page);
  });

  it("answer facet counts from the cache while one refresh runs after a change", async () => {
    const word = `facetword${Date.now().toString(36)}`;
    const seller = await createUser(database.db);
    await createListing(database.db, { sellerId: seller.id, title: `Brass ${word} lamp`, condition: "good" });
    expect(await cachedGoodCount(`q=${word}`)).toBe(1);

    const draft = await createListing(database.db, {
      sellerId: seller.id,
      title: `Steel ${word} lamp`,
      condition: "good",
      status: "draft",
    });
    await publishListing(database.db, draft.id, { userId: seller.id, role: "member" });
    // The outdated count answers at once; the refresh it started brings the new one.
    expect(await cachedGoodCount(`q=${word}`)).toBe(1);
    await expect.poll(() => cachedGoodCount(`q=${word}`)).toBe(2);
  });
});

describe("the search caches across processes", () => {
  it("serve nothing cached while the listening connection is down, and count every page stale once it is back", async () => {
    let handlers!: NotifyHandlers;
    const bus: NotifyBus = {
      subscribe: async (_channel, given) => {
        handlers = given;
        return () => {};
      },
      close: async () => {},
    };
    const stop = await followListingChanges(bus);
    const word = `lostword${Date.now().toString(36)}`;
    const seller = await createUser(database.db);
    const first = await createListing(database.db, { sellerId: seller.id, title: `Ash ${word} stool` });
    expect(await cachedIds(`q=${word}`)).toEqual([first.id]);
    const later = await createListing(database.db, { sellerId: seller.id, title: `Yew ${word} stool` });
    // A factory insert: no announcement, so the cached page still stands.
    expect(await cachedIds(`q=${word}`)).toEqual([first.id]);

    handlers.lost!();
    expect((await cachedIds(`q=${word}`)).sort()).toEqual([first.id, later.id].sort());
    handlers.reset!();
    const third = await createListing(database.db, { sellerId: seller.id, title: `Fir ${word} stool` });
    // Back to caching: the page computed now is kept, even though a third listing came after.
    expect((await cachedIds(`q=${word}`)).sort()).toEqual([first.id, later.id, third.id].sort());
    handlers.message("");
    await createListing(database.db, { sellerId: seller.id, title: `Box ${word} stool` });
    expect(await cachedIds(`q=${word}`)).toHaveLength(4);
    stop();
  });

  it("announce a change made through the listings module on the listings channel, at its commit", async () => {
    const bus = database.handle.openNotifyBus();
    const payloads: string[] = [];
    let arrived!: () => void;
    const announced = new Promise<void>((resolve) => (arrived = resolve));
    await bus.subscribe(LISTINGS_CHANNEL, {
      message: (payload) => {
        payloads.push(payload);
        arrived();
      },
    });
    const seller = await createUser(database.db);
    const listing = await createListing(database.db, { sellerId: seller.id, title: "Walnut desk" });
    await markListingSold(database.db, listing.id, { userId: seller.id, role: "member" });
    await announced;
    expect(payloads).toEqual([""]);
    await bus.close();
  });
});
