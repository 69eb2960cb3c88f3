import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoListings } from "~db/seed-listings";
import { variantKey } from "~/modules/listings/photos.server";
import { useTestDatabase } from "../../support/database";
import { temporaryStorage } from "../../support/photos";

const database = useTestDatabase();
let disk: Awaited<ReturnType<typeof temporaryStorage>>;
beforeAll(async () => {
  disk = await temporaryStorage();
});
afterAll(() => disk.cleanup());

describe("the demo community", () => {
  it("creates neighbours and listings with real photo files once, and nothing on a second run", async () => {
    // One picture per category: each is drawn and rendered (~0.3 s on a loaded machine).
    const options = { password: "demo-password-123", listings: 40, pictures: 1 };
    expect(await seedDemoListings(database.db, disk.storage, options)).toEqual({ created: 40 });
    const photos = await database.db.selectFrom("listingPhotos").select("storageKey").execute();
    expect(photos.length).toBeGreaterThanOrEqual(40);
    expect(await disk.storage.get(variantKey(photos[0]!.storageKey, 320))).not.toBeNull();
    const filesAfterFirstRun = (await disk.files()).length;
    expect(filesAfterFirstRun).toBe(photos.length * 3);

    expect(await seedDemoListings(database.db, disk.storage, options)).toEqual({ created: 0 });
    const listings = await database.db.selectFrom("listings").select("id").execute();
    expect(listings).toHaveLength(40);
    expect((await disk.files()).length).toBe(filesAfterFirstRun);
  });
});
