import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { NotFound } from "~/lib/errors";
import type { Point } from "~/lib/geo";
import { distanceKm } from "~/lib/geo";
import { selectCard } from "./search.server";
import { PUBLIC_STATUSES } from "./transitions";
import { sellerInGoodStanding } from "./visibility.server";

/** Read-side queries for pages: the listing page, a seller's profile, the home page, "my listings". */

export interface Viewer {
  userId: string;
  role: "member" | "admin";
}

export async function getListingPage(
  db: Kysely<Database>,
  listingId: string,
  viewer: Viewer | null,
  from: Point | null,
) {
  const listing = await db
    .selectFrom("listings")
    .innerJoin("users", "users.id", "listings.sellerId")
    .innerJoin("categories", "categories.id", "listings.categoryId")
    .leftJoin("categories as parent", "parent.id", "categories.parentId")
    .select([
      "listings.id",
      "listings.sellerId",
      "listings.title",
      "listings.description",
      "listings.categoryId",
      "listings.condition",
      "listings.priceCents",
      "listings.pickup",
      "listings.shipping",
      "listings.shippingCents",
      "listings.latitude",
      "listings.longitude",
      "listings.placeName",
      "listings.status",
      "listings.publishedAt",
      "listings.removalReason",
      "users.suspendedAt as sellerSuspendedAt",
      "users.displayName as sellerName",
      "users.createdAt as sellerSince",
      "categories.name as categoryName",
      "parent.id as parentCategoryId",
      "parent.name as parentCategoryName",
    ])
    .where("listings.id", "=", listingId)
    .executeTakeFirst();
  const isOwner = viewer?.userId === listing?.sellerId;
  const hidden = listing && (!PUBLIC_STATUSES.includes(listing.status) || listing.sellerSuspendedAt !== null);
  if (!listing || (hidden && !isOwner && viewer?.role !== "admin")) {
    throw new NotFound("That listing doesn't exist.");
  }
  const [photos, sellerListingCount, moreFromSeller, similar] = await Promise.all([
    db
      .selectFrom("listingPhotos")
      .select(["id", "storageKey", "width", "height"])
      .where("listingId", "=", listing.id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("listings")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("sellerId", "=", listing.sellerId)
      .where("status", "=", "active")
      .executeTakeFirstOrThrow(),
    selectCard(
      db
        .selectFrom("listings")
        .where("listings.sellerId", "=", listing.sellerId)
        .where("listings.status", "=", "active")
        .where("listings.id", "!=", listing.id),
      from,
    )
      .orderBy("listings.publishedAt", "desc")
      .limit(4)
      .execute(),
    selectCard(
      db
        .selectFrom("listings")
        .where("listings.categoryId", "=", listing.categoryId)
        .where("listings.status", "=", "active")
        .where("listings.sellerId", "!=", listing.sellerId)
        .where(sellerInGoodStanding),
      from,
    )
      .orderBy("listings.publishedAt", "desc")
      .limit(4)
      .execute(),
  ]);
  const { latitude, longitude, sellerSuspendedAt, ...rest } = listing;
  return {
    listing: {
      ...rest,
      distanceKm: from ? distanceKm(from, { latitude, longitude }) : null,
    },
    isOwner,
    photos,
    seller: {
      id: listing.sellerId,
      displayName: listing.sellerName,
      memberSince: listing.sellerSince,
      activeListings: sellerSuspendedAt ? 0 : Number(sellerListingCount.count),
      suspended: sellerSuspendedAt !== null,
    },
    moreFromSeller,
    similar,
  };
}

export async function getSellerProfile(db: Kysely<Database>, sellerId: string) {
  const seller = await db
    .selectFrom("users")
    .select(["id", "displayName", "createdAt"])
    .where("id", "=", sellerId)
    .executeTakeFirst();
  if (!seller) throw new NotFound("That member doesn't exist.");
  const listings = await selectCard(
    db
      .selectFrom("listings")
      .where("listings.sellerId", "=", sellerId)
      .where("listings.status", "=", "active")
      .where(sellerInGoodStanding),
    null,
  )
    .orderBy("listings.publishedAt", "desc")
    .limit(100)
    .execute();
  return { seller, listings };
}

export async function recentListings(db: Kysely<Database>, options: { limit?: number; near?: Point | null } = {}) {
  return selectCard(
    db.selectFrom("listings").where("listings.status", "=", "active").where(sellerInGoodStanding),
    options.near ?? null,
  )
    .orderBy("listings.publishedAt", "desc")
    .orderBy("listings.id", "desc")
    .limit(options.limit ?? 12)
    .execute();
}

/** The seller's own listings in every state but removed ones, for "My listings". */
export async function listMyListings(db: Kysely<Database>, userId: string) {
  return selectCard(db.selectFrom("listings").where("listings.sellerId", "=", userId), null)
    .select(["listings.status", "listings.updatedAt"])
    .orderBy("listings.updatedAt", "desc")
    .execute();
}
