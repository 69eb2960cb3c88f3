import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ListingSnapshot } from "~db/schema-disputes";

/**
 * Keeps the listing as the buyer saw it when they bought it: admins deciding a dispute compare the
 * item with this, not with the listing as the seller may have edited it since.
 */
export async function snapshotListing(trx: Transaction<Database>, orderId: string, listingId: string): Promise<void> {
  const listing = await trx
    .selectFrom("listings")
    .leftJoin("categories", "categories.id", "listings.categoryId")
    .select([
      "listings.title",
      "listings.description",
      "listings.condition",
      "listings.priceCents",
      "listings.categoryId",
      "categories.name as categoryName",
    ])
    .where("listings.id", "=", listingId)
    .executeTakeFirstOrThrow();
  const photos = await trx
    .selectFrom("listingPhotos")
    .select("storageKey")
    .where("listingId", "=", listingId)
    .orderBy("position")
    .execute();
  const snapshot: ListingSnapshot = { ...listing, photoKeys: photos.map((photo) => photo.storageKey) };
  await trx
    .insertInto("orderListingSnapshots")
    .values({ orderId, snapshot: JSON.stringify(snapshot) })
    .execute();
}

export async function listingSnapshotFor(db: Kysely<Database>, orderId: string): Promise<ListingSnapshot | null> {
  const row = await db
    .selectFrom("orderListingSnapshots")
    .select("snapshot")
    .where("orderId", "=", orderId)
    .executeTakeFirst();
  return row?.snapshot ?? null;
}
