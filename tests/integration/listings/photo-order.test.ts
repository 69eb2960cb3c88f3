import { describe, expect, it } from "vitest";
import { Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { searchListings, resolveSearch } from "~/modules/listings/search.server";
import { getListingForOwner, moveListingPhoto, reorderListingPhotos } from "~/modules/listings/listings.server";
import { searchParamsSchema } from "~/modules/listings/route-schemas.server";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser } from "../../support/factories";

const database = useTestDatabase();

async function listingWithPhotos(status: "active" | "draft" = "active") {
  const seller = await createUser(database.db);
  const listing = await createListing(database.db, {
    sellerId: seller.id,
    status,
    title: `Reorderable lamp ${Math.random().toString(36).slice(2, 8)}`,
    photoKeys: ["a", "b", "c", "d"].map((key) => `order-test/${key}-${Math.random().toString(36).slice(2)}`),
  });
  const { photos } = await getListingForOwner(database.db, listing.id, seller.id);
  return { seller, listing, ids: photos.map((photo) => photo.id) };
}

const order = async (listingId: string, userId: string) =>
  (await getListingForOwner(database.db, listingId, userId)).photos.map((photo) => [photo.id, photo.position]);

describe("reordering a listing's photos", () => {
  it("stores the owner's order as positions 0..n-1, and the first photo becomes the cover in search cards", async () => {
    const { seller, listing, ids } = await listingWithPhotos();
    const wanted = [ids[2]!, ids[0]!, ids[3]!, ids[1]!];
    await reorderListingPhotos(database.db, { listingId: listing.id, userId: seller.id, photoIds: wanted });
    expect(await order(listing.id, seller.id)).toEqual(wanted.map((id, position) => [id, position]));

    const params = searchParamsSchema.parse({ q: listing.title });
    const page = await searchListings(database.db, await resolveSearch(database.db, params));
    const card = page.results.find((result) => result.id === listing.id);
    const photos = (await getListingForOwner(database.db, listing.id, seller.id)).photos;
    expect(card?.coverKey).toBe(photos[0]!.storageKey);
  });

  it("moves one photo earlier, later and to the front, keeping a permutation", async () => {
    const { seller, listing, ids } = await listingWithPhotos("draft");
    const move = (photoId: string, to: "earlier" | "later" | "cover") =>
      moveListingPhoto(database.db, { listingId: listing.id, userId: seller.id, photoId, to });
    await move(ids[1]!, "earlier");
    expect((await order(listing.id, seller.id)).map(([id]) => id)).toEqual([ids[1], ids[0], ids[2], ids[3]]);
    await move(ids[1]!, "later");
    await move(ids[1]!, "later");
    expect((await order(listing.id, seller.id)).map(([id]) => id)).toEqual([ids[0], ids[2], ids[1], ids[3]]);
    await move(ids[3]!, "later"); // already last: stays put
    await move(ids[3]!, "cover");
    expect(await order(listing.id, seller.id)).toEqual(
      [ids[3], ids[0], ids[2], ids[1]].map((id, position) => [id, position]),
    );
  });

  it("refuses anything but a permutation of the listing's photos, changing nothing", async () => {
    const { seller, listing, ids } = await listingWithPhotos();
    const other = await listingWithPhotos();
    const before = await order(listing.id, seller.id);
    const attempts = [
      [ids[0]!, ids[1]!, ids[2]!], // one missing
      [ids[0]!, ids[0]!, ids[1]!, ids[2]!], // a duplicate
      [ids[0]!, ids[1]!, ids[2]!, ids[3]!, other.ids[0]!], // someone else's photo
      [ids[0]!, ids[1]!, ids[2]!, other.ids[0]!], // swapped for someone else's photo
    ];
    for (const photoIds of attempts) {
      await expect(
        reorderListingPhotos(database.db, { listingId: listing.id, userId: seller.id, photoIds }),
      ).rejects.toBeInstanceOf(InvalidInput);
    }
    expect(await order(listing.id, seller.id)).toEqual(before);
    expect(await order(other.listing.id, other.seller.id)).toEqual(other.ids.map((id, position) => [id, position]));
  });

  it("lets only the owner reorder: others get Forbidden (public listing) or NotFound (draft)", async () => {
    const stranger = await createUser(database.db);
    const active = await listingWithPhotos();
    const draft = await listingWithPhotos("draft");
    const reversed = (ids: string[]) => [...ids].reverse();
    await expect(
      reorderListingPhotos(database.db, {
        listingId: active.listing.id,
        userId: stranger.id,
        photoIds: reversed(active.ids),
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      reorderListingPhotos(database.db, {
        listingId: draft.listing.id,
        userId: stranger.id,
        photoIds: reversed(draft.ids),
      }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      moveListingPhoto(database.db, {
        listingId: active.listing.id,
        userId: stranger.id,
        photoId: active.ids[2]!,
        to: "cover",
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await order(active.listing.id, active.seller.id)).toEqual(active.ids.map((id, position) => [id, position]));
    expect(await order(draft.listing.id, draft.seller.id)).toEqual(draft.ids.map((id, position) => [id, position]));
  });
});
