import { sql, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ListingStatus } from "~db/schema-listings";
import { NotFound } from "~/lib/errors";
import { PUBLIC_STATUSES } from "./transitions";

/**
 * Listings of a suspended member are hidden (search, home page, profiles, listing pages, checkout)
 * without changing their status, so reinstating the member brings them back exactly as they were.
 * Use on any query that has `listings` in its FROM.
 */
export const sellerInGoodStanding = sql<SqlBool>`not exists (
  select 1 from users as seller where seller.id = listings.seller_id and seller.suspended_at is not null)`;

export interface ListingViewer {
  userId: string;
  /** "admin" only for an admin signed in with two-factor (accounts/admin-powers.ts). */
  role: "member" | "admin";
}

/** Seen by everyone: on sale, reserved or sold, by a member in good standing. */
export function isListingPublic(listing: { status: ListingStatus; sellerSuspendedAt: Date | null }): boolean {
  return PUBLIC_STATUSES.includes(listing.status) && listing.sellerSuspendedAt === null;
}

/**
 * The listing page's rule, and so every action's: a public listing is seen by everyone; a draft,
 * archived, removed or hidden (suspended seller) one only by its seller and admins.
 */
export function canSeeListing(
  listing: { status: ListingStatus; sellerId: string; sellerSuspendedAt: Date | null },
  viewer: ListingViewer | null,
): boolean {
  return isListingPublic(listing) || viewer?.userId === listing.sellerId || viewer?.role === "admin";
}

/**
 * For actions on someone's listing (offers, favorites, questions, messages, checkout, reports):
 * a listing its page would answer 404 for does not exist for them either.
 */
export async function assertListingVisible(
  db: Kysely<Database> | Transaction<Database>,
  listingId: string,
  viewer: ListingViewer | null,
): Promise<{ id: string; sellerId: string; status: ListingStatus }> {
  const listing = await db
    .selectFrom("listings")
    .innerJoin("users as seller", "seller.id", "listings.sellerId")
    .select(["listings.id", "listings.sellerId", "listings.status", "seller.suspendedAt as sellerSuspendedAt"])
    .where("listings.id", "=", listingId)
    .executeTakeFirst();
  if (!listing || !canSeeListing(listing, viewer)) throw new NotFound("That listing doesn't exist.");
  return { id: listing.id, sellerId: listing.sellerId, status: listing.status };
}
