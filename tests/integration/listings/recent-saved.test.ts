import { describe, expect, it } from "vitest";
import { recentListings, recentListingsSavedBy } from "~/modules/listings/browse.server";
import { addFavorite } from "~/modules/listings/favorites.server";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("the home page's recent listings with the viewer's hearts", () => {
  it("marks exactly the recent listings the viewer saved, and the cards are the plain recent ones", async () => {
    const db = database.db;
    const viewer = await createUser(db);
    const someoneElse = await createUser(db);
    const saved = await createListing(db, { publishedAt: minutesAgo(1) });
    const savedBySomeoneElse = await createListing(db, { publishedAt: minutesAgo(2) });
    await createListing(db, { publishedAt: minutesAgo(3) });
    await addFavorite(db, viewer.id, saved.id);
    await addFavorite(db, someoneElse.id, savedBySomeoneElse.id);

    const page = await recentListingsSavedBy(db, viewer.id, { limit: 3 });
    expect(page.saved).toEqual([saved.id]);
    expect(page.cards).toEqual(await recentListings(db, { limit: 3 }));
    expect(page.cards[0]).not.toHaveProperty("saved");
  });

  it("has no hearts for a visitor who is not signed in", async () => {
    await createListing(database.db);
    const page = await recentListingsSavedBy(database.db, null, { limit: 5 });
    expect(page.saved).toEqual([]);
    expect(page.cards.length).toBeGreaterThan(0);
  });
});
