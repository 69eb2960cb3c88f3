import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import {
  archiveListing,
  createListing,
  getListingForOwner,
  markListingSold,
  publishListing,
  removeListing,
  transitionListing,
  updateListing,
} from "~/modules/listings/listings.server";
import { preparePhoto } from "~/modules/listings/photos.server";
import type { ListingInput } from "~/modules/listings/schemas.server";
import { getListingPage } from "~/modules/community/listing-page.server";
import { useTestDatabase } from "../../support/database";
import { createListing as createListingRow, createUser } from "../../support/factories";
import { makeJpeg, temporaryStorage } from "../../support/photos";

const database = useTestDatabase();
let disk: Awaited<ReturnType<typeof temporaryStorage>>;
beforeAll(async () => {
  disk = await temporaryStorage();
});
afterAll(() => disk.cleanup());

const input = (overrides: Partial<ListingInput> = {}): ListingInput => ({
  title: "Oak bookshelf",
  description: "Five shelves, solid oak.",
  categoryId: "storage",
  condition: "good",
  priceCents: 4500,
  pickup: true,
  shipping: false,
  shippingCents: null,
  location: "97214",
  ...overrides,
});

const member = async () => {
  const user = await createUser(database.db);
  return { user, actor: { userId: user.id, role: "member" as const } };
};

describe("creating a listing", () => {
  it("publishes with photos, storing an approximate point and a place name from the postal code", async () => {
    const { user } = await member();
    const photo = await preparePhoto(await makeJpeg());
    const created = await createListing(database.db, {
      sellerId: user.id,
      input: input(),
      photos: [photo, photo],
      storage: disk.storage,
      publish: true,
    });
    expect(created.status).toBe("active");
    const listing = await getListingForOwner(database.db, created.id, user.id);
    expect(listing).toMatchObject({ placeName: "Portland, OR", postalCode: "97214", priceCents: 4500 });
    expect(listing.publishedAt).toBeInstanceOf(Date);
    expect(listing.photos.map((p) => p.position)).toEqual([0, 1]);
    const events = await database.db
      .selectFrom("listingEvents")
      .select(["action", "fromStatus", "toStatus"])
      .where("listingId", "=", created.id)
      .orderBy("createdAt")
      .execute();
    expect(events).toEqual([
      { action: "create", fromStatus: null, toStatus: "draft" },
      { action: "publish", fromStatus: "draft", toStatus: "active" },
    ]);
  });

  it("refuses an unknown place and category next to their fields and writes nothing", async () => {
    const { user } = await member();
    const error = await createListing(database.db, {
      sellerId: user.id,
      input: input({ location: "Atlantis", categoryId: "spaceships" }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect(Object.keys((error as InvalidInput).fieldErrors).sort()).toEqual(["categoryId", "location"]);
    const rows = await database.db.selectFrom("listings").select("id").where("sellerId", "=", user.id).execute();
    expect(rows).toEqual([]);
  });

  it("refuses to publish without a photo", async () => {
    const { user } = await member();
    await expect(createListing(database.db, { sellerId: user.id, input: input(), publish: true })).rejects.toThrow(
      InvalidInput,
    );
    const draft = await createListing(database.db, { sellerId: user.id, input: input() });
    expect(draft.status).toBe("draft");
    await expect(publishListing(database.db, draft.id, { userId: user.id, role: "member" })).rejects.toThrow(
      "Add at least one photo before publishing.",
    );
  });

  it("leaves no files behind when the rows can't be written", async () => {
    const before = (await disk.files()).length;
    const photo = await preparePhoto(await makeJpeg());
    // A seller that doesn't exist breaks the foreign key inside the transaction, after the files were written.
    await expect(
      createListing(database.db, {
        sellerId: "no-such-member",
        input: input(),
        photos: [photo],
        storage: disk.storage,
        publish: true,
      }),
    ).rejects.toMatchObject({ code: "23503" });
    expect((await disk.files()).length).toBe(before);
    const orphans = await database.db
      .selectFrom("listingPhotos")
      .select("id")
      .where("storageKey", "like", "%no-such%")
      .execute();
    expect(orphans).toEqual([]);
  });
});

describe("who may change a listing", () => {
  it("lets the owner edit, and refuses everyone else: 403 on a public listing, 404 on a draft", async () => {
    const { user: owner } = await member();
    const { user: other } = await member();
    const active = await createListingRow(database.db, { sellerId: owner.id, status: "active" });
    const draft = await createListingRow(database.db, { sellerId: owner.id, status: "draft" });

    await updateListing(database.db, {
      listingId: active.id,
      userId: owner.id,
      input: input({ title: "Renamed shelf" }),
    });
    expect((await getListingForOwner(database.db, active.id, owner.id)).title).toBe("Renamed shelf");

    await expect(
      updateListing(database.db, { listingId: active.id, userId: other.id, input: input({ title: "Hijacked" }) }),
    ).rejects.toThrow(Forbidden);
    await expect(
      updateListing(database.db, { listingId: draft.id, userId: other.id, input: input({ title: "Hijacked" }) }),
    ).rejects.toThrow(NotFound);
    await expect(getListingForOwner(database.db, draft.id, other.id)).rejects.toThrow(NotFound);
    await expect(archiveListing(database.db, active.id, { userId: other.id, role: "member" })).rejects.toThrow(
      Forbidden,
    );
    await expect(markListingSold(database.db, draft.id, { userId: other.id, role: "member" })).rejects.toThrow(
      NotFound,
    );
    expect((await getListingForOwner(database.db, active.id, owner.id)).title).toBe("Renamed shelf");
  });

  it("hides a draft's page from everyone but its owner", async () => {
    const { user: owner } = await member();
    const { user: other } = await member();
    const draft = await createListingRow(database.db, { sellerId: owner.id, status: "draft" });
    await expect(getListingPage(database.db, draft.id, { userId: other.id, role: "member" }, null)).rejects.toThrow(
      NotFound,
    );
    await expect(getListingPage(database.db, draft.id, null, null)).rejects.toThrow(NotFound);
    const page = await getListingPage(database.db, draft.id, { userId: owner.id, role: "member" }, null);
    expect(page.isOwner).toBe(true);
  });

  it("lets only an admin remove a listing, from any state but removed", async () => {
    const { user: owner, actor } = await member();
    const admin = await createUser(database.db, { role: "admin" });
    const listing = await createListingRow(database.db, { sellerId: owner.id, status: "sold" });
    await expect(removeListing(database.db, listing.id, actor)).rejects.toThrow(Forbidden);
    await expect(removeListing(database.db, listing.id, { userId: admin.id, role: "admin" })).resolves.toBe("removed");
    await expect(removeListing(database.db, listing.id, { userId: admin.id, role: "admin" })).rejects.toThrow(
      InvalidTransition,
    );
    await expect(getListingPage(database.db, listing.id, null, null)).rejects.toThrow(NotFound);
  });

  it("walks the owner's path: publish, archive, relist, sell; and a sold listing can't be edited or archived", async () => {
    const { user, actor } = await member();
    const listing = await createListingRow(database.db, { sellerId: user.id, status: "draft" });
    await expect(publishListing(database.db, listing.id, actor)).resolves.toBe("active");
    await expect(archiveListing(database.db, listing.id, actor)).resolves.toBe("archived");
    await expect(markListingSold(database.db, listing.id, actor)).rejects.toThrow(
      "A listing that is archived can't be marked as sold.",
    );
    await expect(publishListing(database.db, listing.id, actor)).resolves.toBe("active");
    await expect(markListingSold(database.db, listing.id, actor)).resolves.toBe("sold");
    await expect(archiveListing(database.db, listing.id, actor)).rejects.toThrow(InvalidTransition);
    await expect(
      updateListing(database.db, { listingId: listing.id, userId: user.id, input: input() }),
    ).rejects.toThrow(InvalidTransition);
  });

  it("reserves and releases only for the system (checkout), never for a member", async () => {
    const { user, actor } = await member();
    const listing = await createListingRow(database.db, { sellerId: user.id });
    await expect(transitionListing(database.db, { listingId: listing.id, action: "reserve", actor })).rejects.toThrow(
      Forbidden,
    );
    await expect(
      transitionListing(database.db, { listingId: listing.id, action: "reserve", actor: "system" }),
    ).resolves.toBe("reserved");
    await expect(
      transitionListing(database.db, { listingId: listing.id, action: "reserve", actor: "system" }),
    ).rejects.toThrow(InvalidTransition);
    await expect(
      transitionListing(database.db, { listingId: listing.id, action: "release", actor: "system" }),
    ).resolves.toBe("active");
  });
});
