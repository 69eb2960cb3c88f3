import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { canSeeListing, isListingPublic, type ListingViewer } from "./visibility.server";

/**
 * Who may fetch a stored photo, decided by what it belongs to: "public" may be cached by anyone,
 * "private" goes to this viewer only (never cached), "hidden" is answered like a missing file, and
 * null means the key is not a listing photo or shop logo (another module may own it).
 */
export type PhotoAudience = "public" | "private" | "hidden";

export async function listingPhotoAudience(
  db: Kysely<Database>,
  storageKey: string,
  viewer: ListingViewer | null,
): Promise<PhotoAudience | null> {
  const listing = await db
    .selectFrom("listingPhotos")
    .innerJoin("listings", "listings.id", "listingPhotos.listingId")
    .innerJoin("users as seller", "seller.id", "listings.sellerId")
    .select(["listings.status", "listings.sellerId", "seller.suspendedAt as sellerSuspendedAt"])
    .where("listingPhotos.storageKey", "=", storageKey)
    .executeTakeFirst();
  if (listing) {
    if (isListingPublic(listing)) return "public";
    return canSeeListing(listing, viewer) ? "private" : "hidden";
  }
  // A shop's logo follows its page: public once verified, else only for its staff and admins.
  const shop = await db
    .selectFrom("retailers")
    .select(["id", "status"])
    .where("logoKey", "=", storageKey)
    .executeTakeFirst();
  if (!shop) return null;
  if (shop.status === "verified") return "public";
  if (viewer?.role === "admin") return "private";
  if (!viewer) return "hidden";
  const staff = await db
    .selectFrom("retailerStaff")
    .select("userId")
    .where("retailerId", "=", shop.id)
    .where("userId", "=", viewer.userId)
    .executeTakeFirst();
  return staff ? "private" : "hidden";
}
