import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { afterCommit, transaction } from "~db/transaction";
import { NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { PHOTO_WIDTHS } from "./photo-urls";
import { deleteStoredPhotos, variantKey } from "./photos.server";
import { ensurePassport } from "./passport.server";
import { listingsChanged } from "./search-cache.server";
import type { PhotoStorage } from "./storage.server";

type Db = Kysely<Database>;

/**
 * "Sell this again": a draft listing for the new owner, pre-filled from the listing they bought
 * (title, category, condition, description, delivery, area, the photos) and carrying the item's
 * passport. The photos are copied through the storage interface (the old listing keeps its own
 * files); the new owner keeps, removes or adds photos on the edit page. Once per order
 * (`listings.relisted_from_order_id` is unique): a second call returns the same draft. Who may
 * relist (the buyer of a completed order) is the orders module's rule (orders/sell-again.server.ts).
 */
export async function relistItem(
  db: Db,
  storage: PhotoStorage,
  options: { sourceListingId: string; sellerId: string; orderId: string; priceCents: number },
): Promise<{ id: string; created: boolean }> {
  const existing = await relistingOf(db, options.orderId);
  if (existing) return { id: existing, created: false };
  const source = await db
    .selectFrom("listings")
    .selectAll()
    .where("id", "=", options.sourceListingId)
    .executeTakeFirst();
  if (!source) throw new NotFound("That listing doesn't exist.");
  const photos = await db
    .selectFrom("listingPhotos")
    .select(["storageKey", "width", "height"])
    .where("listingId", "=", source.id)
    .orderBy("position")
    .execute();

  const id = newId();
  const copied: { id: string; storageKey: string; width: number; height: number }[] = [];
  try {
    for (const photo of photos) {
      const variants = await Promise.all(
        PHOTO_WIDTHS.map(async (width) => ({ width, data: await storage.get(variantKey(photo.storageKey, width)) })),
      );
      // A photo whose files are gone (deleted by hand) is left out rather than copied half.
      if (variants.some((variant) => !variant.data)) continue;
      const photoId = newId();
      const storageKey = `${id}/${photoId}`;
      copied.push({ id: photoId, storageKey, width: photo.width, height: photo.height });
      for (const variant of variants)
        await storage.put(variantKey(storageKey, variant.width), variant.data!, "image/webp");
    }
    const created = await transaction(db, async (trx) => {
      afterCommit(trx, listingsChanged);
      const passportId = await ensurePassport(trx, source.id);
      const inserted = await trx
        .insertInto("listings")
        .values({
          id,
          sellerId: options.sellerId,
          title: source.title,
          description: source.description,
          categoryId: source.categoryId,
          condition: source.condition,
          priceCents: options.priceCents,
          pickup: source.pickup,
          shipping: source.shipping,
          shippingCents: source.shippingCents,
          latitude: source.latitude,
          longitude: source.longitude,
          placeName: source.placeName,
          postalCode: source.postalCode,
          passportId,
          relistedFromOrderId: options.orderId,
        })
        // Two clicks at once: the second finds the first's draft below.
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) return false;
      if (copied.length)
        await trx
          .insertInto("listingPhotos")
          .values(copied.map((photo, position) => ({ ...photo, listingId: id, position })))
          .execute();
      await trx
        .insertInto("listingEvents")
        .values({
          id: newId(),
          listingId: id,
          actorId: options.sellerId,
          action: "relist",
          fromStatus: null,
          toStatus: "draft",
        })
        .execute();
      return true;
    });
    if (created) return { id, created: true };
  } catch (error) {
    await deleteStoredPhotos(
      storage,
      copied.map((photo) => photo.storageKey),
    );
    throw error;
  }
  await deleteStoredPhotos(
    storage,
    copied.map((photo) => photo.storageKey),
  );
  const winner = await relistingOf(db, options.orderId);
  if (!winner) throw new NotFound("That listing doesn't exist.");
  return { id: winner, created: false };
}

/** The draft (or listing) "Sell this again" made from an order, if any. */
export async function relistingOf(db: Db, orderId: string): Promise<string | null> {
  const row = await db
    .selectFrom("listings")
    .select("id")
    .where("relistedFromOrderId", "=", orderId)
    .executeTakeFirst();
  return row?.id ?? null;
}
