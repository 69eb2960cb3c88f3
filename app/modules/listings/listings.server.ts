import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ListingStatus } from "~db/schema-listings";
import { transaction } from "~db/transaction";
import { Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { runEffects } from "~/lib/effects.server";
import { checkTransition } from "~/lib/transitions";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { categoryTree } from "./categories.server";
import { resolvePlace } from "./location.server";
import { listingEffects, priceDropEffects } from "./listing-effects.server";
import { announceListingsChanged } from "./search-cache.server";
import { deleteStoredPhotos, storePhotos, type PhotoStorage, type PreparedPhoto } from "./photos.server";
import type { ListingInput } from "./schemas.server";
import { MAX_PHOTOS } from "./schemas";
import { EDITABLE_STATUSES, LISTING_MACHINE, PUBLIC_STATUSES, type ActorKind, type ListingAction } from "./transitions";

type Db = Kysely<Database>;

type Trx = Transaction<Database>;

export interface Actor {
  userId: string;
  role: "member" | "admin";
}

/**
 * Runs `work` in the caller's transaction when given one, otherwise in a new one. Every write of
 * this module goes through here, so the search caches drop their pages once the change commits:
 * the outermost COMMIT, not the end of this function, which may sit inside a caller's transaction.
 */
function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return transaction(db, async (trx) => {
    await announceListingsChanged(trx);
    return work(trx);
  });
}

async function resolveInput(db: Db, input: ListingInput) {
  const fieldErrors: Record<string, string[]> = {};
  const place = resolvePlace(input.location);
  if (!place)
    fieldErrors.location = ["We don't know that place. Try a postal code like 97214 or a town like “Portland, OR”."];
  const tree = await categoryTree(db);
  if (!tree.byId.has(input.categoryId)) fieldErrors.categoryId = ["Choose a category from the list"];
  if (!place || Object.keys(fieldErrors).length > 0)
    throw new InvalidInput("Please fix the marked fields.", fieldErrors);
  return {
    title: input.title,
    description: input.description,
    categoryId: input.categoryId,
    condition: input.condition,
    priceCents: input.priceCents,
    pickup: input.pickup,
    shipping: input.shipping,
    shippingCents: input.shipping ? input.shippingCents : null,
    latitude: place.latitude,
    longitude: place.longitude,
    placeName: place.placeName,
    postalCode: place.postalCode,
  };
}

/**
 * Creates a listing (a draft, or published at once) with its photos. Photo files are written
 * first and the rows in one transaction; if the transaction fails the files are deleted again,
 * so a failed upload leaves neither rows nor files behind.
 */
export async function createListing(
  db: Db,
  options: {
    sellerId: string;
    input: ListingInput;
    photos?: PreparedPhoto[];
    storage?: PhotoStorage;
    publish?: boolean;
  },
): Promise<{ id: string; status: ListingStatus }> {
  const photos = options.photos ?? [];
  if (photos.length > MAX_PHOTOS) {
    throw new InvalidInput("Too many photos", { photos: [`Add at most ${MAX_PHOTOS} photos`] });
  }
  if (options.publish && photos.length === 0) {
    throw new InvalidInput("Add a photo", { photos: ["Add at least one photo to publish the listing"] });
  }
  const values = await resolveInput(db, options.input);
  const id = newId();
  const stored = photos.length ? await storePhotos(requireStorage(options.storage), id, photos) : [];
  try {
    return await inTransaction(db, async (trx) => {
      await trx
        .insertInto("listings")
        .values({ id, sellerId: options.sellerId, ...values })
        .execute();
      if (stored.length) {
        await trx
          .insertInto("listingPhotos")
          .values(stored.map((photo, position) => ({ ...photo, listingId: id, position })))
          .execute();
      }
      await trx
        .insertInto("listingEvents")
        .values({
          id: newId(),
          listingId: id,
          actorId: options.sellerId,
          action: "create",
          fromStatus: null,
          toStatus: "draft",
        })
        .execute();
      if (!options.publish) return { id, status: "draft" as const };
      const status = await transitionListing(trx, {
        listingId: id,
        action: "publish",
        actor: { userId: options.sellerId, role: "member" },
      });
      return { id, status };
    });
  } catch (error) {
    if (stored.length)
      await deleteStoredPhotos(
        requireStorage(options.storage),
        stored.map((photo) => photo.storageKey),
      );
    throw error;
  }
}

function requireStorage(storage: PhotoStorage | undefined): PhotoStorage {
  if (!storage) throw new Error("createListing(): photos need a storage");
  return storage;
}

/** Loads a listing for its owner to change; others get NotFound (private states) or Forbidden. */
async function ownedListing(db: Db, listingId: string, userId: string, { lock = false } = {}) {
  let query = db.selectFrom("listings").selectAll().where("id", "=", listingId);
  if (lock) query = query.forUpdate();
  const listing = await query.executeTakeFirst();
  if (!listing) throw new NotFound("That listing doesn't exist.");
  if (listing.sellerId !== userId) {
    if (PUBLIC_STATUSES.includes(listing.status)) throw new Forbidden("Only the seller can change this listing.");
    throw new NotFound("That listing doesn't exist.");
  }
  return listing;
}

/**
 * Who may change this listing, checked before a request's photos are read or decoded: a stranger's
 * upload costs a query, not seconds of image decoding.
 */
export async function assertListingOwner(db: Db, listingId: string, userId: string): Promise<void> {
  await ownedListing(db, listingId, userId);
}

export async function getListingForOwner(db: Db, listingId: string, userId: string) {
  const listing = await ownedListing(db, listingId, userId);
  const photos = await db
    .selectFrom("listingPhotos")
    .select(["id", "storageKey", "width", "height", "position"])
    .where("listingId", "=", listingId)
    .orderBy("position")
    .execute();
  return { ...listing, photos };
}

export async function updateListing(db: Db, options: { listingId: string; userId: string; input: ListingInput }) {
  const values = await resolveInput(db, options.input);
  return inTransaction(db, async (trx) => {
    const listing = await ownedListing(trx, options.listingId, options.userId, { lock: true });
    if (!EDITABLE_STATUSES.includes(listing.status)) {
      throw new InvalidTransition(`A listing that is ${listing.status} can't be edited.`);
    }
    await trx
      .updateTable("listings")
      .set({ ...values, updatedAt: sql<Date>`now()` })
      .where("id", "=", listing.id)
      .where("sellerId", "=", options.userId)
      .execute();
    if (values.priceCents !== listing.priceCents) {
      // Every change is recorded; the feed shows the drops, and savers hear of a drop on a listing on sale.
      await trx
        .insertInto("listingPriceChanges")
        .values({
          id: newId(),
          listingId: listing.id,
          sellerId: listing.sellerId,
          fromCents: listing.priceCents,
          toCents: values.priceCents,
        })
        .execute();
      if (values.priceCents < listing.priceCents && listing.status === "active")
        await runEffects(trx, priceDropEffects(listing.id));
    }
  });
}

/**
 * The one function that changes a listing's status: checks the transition table for who may do
 * what from which state, updates conditionally and writes an event row, all in one transaction.
 */
export async function transitionListing(
  db: Db,
  options: { listingId: string; action: ListingAction; actor: Actor | "system" },
): Promise<ListingStatus> {
  return inTransaction(db, async (trx) => {
    const listing = await trx
      .selectFrom("listings")
      .select(["id", "sellerId", "status"])
      .where("id", "=", options.listingId)
      .forUpdate()
      .executeTakeFirst();
    if (!listing) throw new NotFound("That listing doesn't exist.");
    const { actor } = options;
    const kinds: ActorKind[] =
      actor === "system"
        ? ["system"]
        : [
            ...(actor.userId === listing.sellerId ? (["owner"] as const) : []),
            ...(actor.role === "admin" ? (["admin"] as const) : []),
          ];
    if (kinds.length === 0) {
      if (PUBLIC_STATUSES.includes(listing.status)) throw new Forbidden("Only the seller can change this listing.");
      throw new NotFound("That listing doesn't exist.");
    }
    const to = checkTransition(LISTING_MACHINE, options.action, listing, kinds);
    if (options.action === "publish") {
      // Unverified members may browse and save, not publish (accounts issue: email verification).
      if (actor !== "system") await assertEmailVerified(trx, actor.userId);
      const { count } = await trx
        .selectFrom("listingPhotos")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("listingId", "=", listing.id)
        .executeTakeFirstOrThrow();
      if (Number(count) === 0) throw new InvalidTransition("Add at least one photo before publishing.");
    }
    const updated = await trx
      .updateTable("listings")
      .set({
        status: to,
        updatedAt: sql<Date>`now()`,
        ...(options.action === "publish" ? { publishedAt: sql<Date>`now()` } : {}),
      })
      .where("id", "=", listing.id)
      .where("status", "=", listing.status)
      .returning("status")
      .executeTakeFirst();
    if (!updated) throw new InvalidTransition("The listing changed in the meantime; reload and try again.");
    await runEffects(trx, listingEffects(listing.id, options.action));
    await trx
      .insertInto("listingEvents")
      .values({
        id: newId(),
        listingId: listing.id,
        actorId: actor === "system" ? null : actor.userId,
        action: options.action,
        fromStatus: listing.status,
        toStatus: to,
      })
      .execute();
    return to;
  });
}

export const publishListing = (db: Db, listingId: string, actor: Actor) =>
  transitionListing(db, { listingId, action: "publish", actor });
export const archiveListing = (db: Db, listingId: string, actor: Actor) =>
  transitionListing(db, { listingId, action: "archive", actor });
export const markListingSold = (db: Db, listingId: string, actor: Actor) =>
  transitionListing(db, { listingId, action: "markSold", actor });
export const removeListing = (db: Db, listingId: string, admin: Actor) =>
  transitionListing(db, { listingId, action: "remove", actor: admin });

/** Adds photos to an owner's listing (up to ten in all); files first, rows in one transaction. */
export async function addListingPhotos(
  db: Db,
  storage: PhotoStorage,
  options: { listingId: string; userId: string; photos: PreparedPhoto[] },
) {
  const listing = await ownedListing(db, options.listingId, options.userId);
  if (!EDITABLE_STATUSES.includes(listing.status)) {
    throw new InvalidTransition(`A listing that is ${listing.status} can't be edited.`);
  }
  const stored = await storePhotos(storage, listing.id, options.photos);
  try {
    await inTransaction(db, async (trx) => {
      const existing = await trx
        .selectFrom("listingPhotos")
        .select(["position"])
        .where("listingId", "=", listing.id)
        .orderBy("position", "desc")
        .forUpdate()
        .execute();
      if (existing.length + stored.length > MAX_PHOTOS) {
        throw new InvalidInput("Too many photos", {
          photos: [`A listing has at most ${MAX_PHOTOS} photos; this one already has ${existing.length}.`],
        });
      }
      const start = (existing[0]?.position ?? -1) + 1;
      await trx
        .insertInto("listingPhotos")
        .values(stored.map((photo, index) => ({ ...photo, listingId: listing.id, position: start + index })))
        .execute();
    });
  } catch (error) {
    await deleteStoredPhotos(
      storage,
      stored.map((photo) => photo.storageKey),
    );
    throw error;
  }
}

/** Removes one photo; an active listing keeps at least one. Files go after the row is gone. */
export async function removeListingPhoto(
  db: Db,
  storage: PhotoStorage,
  options: { listingId: string; userId: string; photoId: string },
) {
  const storageKey = await inTransaction(db, async (trx) => {
    const listing = await ownedListing(trx, options.listingId, options.userId, { lock: true });
    const photos = await trx
      .selectFrom("listingPhotos")
      .select(["id", "storageKey"])
      .where("listingId", "=", listing.id)
      .execute();
    const photo = photos.find((candidate) => candidate.id === options.photoId);
    if (!photo) throw new NotFound("That photo doesn't exist.");
    if (photos.length === 1 && listing.status !== "draft") {
      throw new InvalidInput("Keep one photo", { photos: ["A published listing keeps at least one photo."] });
    }
    await trx.deleteFrom("listingPhotos").where("id", "=", photo.id).execute();
    return photo.storageKey;
  });
  await deleteStoredPhotos(storage, [storageKey]);
}

/**
 * Puts the owner's photos in the given order (the first is the cover). `photoIds` must name every
 * photo of the listing exactly once, so positions stay 0..n-1 with no gaps or duplicates.
 */
export async function reorderListingPhotos(
  db: Db,
  options: { listingId: string; userId: string; photoIds: string[] },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const listing = await ownedListing(trx, options.listingId, options.userId, { lock: true });
    const photos = await trx
      .selectFrom("listingPhotos")
      .select(["id", "position"])
      .where("listingId", "=", listing.id)
      .orderBy("position")
      .execute();
    const known = new Set(photos.map((photo) => photo.id));
    const wanted = new Set(options.photoIds);
    if (
      wanted.size !== options.photoIds.length ||
      wanted.size !== known.size ||
      options.photoIds.some((id) => !known.has(id))
    ) {
      throw new InvalidInput("The photos changed", {
        photos: ["The photos changed in the meantime; reload the page and try again."],
      });
    }
    for (const [position, id] of options.photoIds.entries()) {
      if (photos[position]?.id === id && photos[position]?.position === position) continue;
      await trx.updateTable("listingPhotos").set({ position }).where("id", "=", id).execute();
    }
  });
}

/** Moves one photo a place earlier or later, or to the front (it becomes the cover). */
export async function moveListingPhoto(
  db: Db,
  options: { listingId: string; userId: string; photoId: string; to: "earlier" | "later" | "cover" },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const listing = await ownedListing(trx, options.listingId, options.userId, { lock: true });
    const ids = (
      await trx
        .selectFrom("listingPhotos")
        .select(["id"])
        .where("listingId", "=", listing.id)
        .orderBy("position")
        .execute()
    ).map((photo) => photo.id);
    const from = ids.indexOf(options.photoId);
    if (from < 0) throw new NotFound("That photo doesn't exist.");
    const to =
      options.to === "cover" ? 0 : Math.max(0, Math.min(ids.length - 1, from + (options.to === "earlier" ? -1 : 1)));
    ids.splice(from, 1);
    ids.splice(to, 0, options.photoId);
    await reorderListingPhotos(trx, { listingId: listing.id, userId: options.userId, photoIds: ids });
  });
}
