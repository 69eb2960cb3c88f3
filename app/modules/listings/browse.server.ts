import { sql, type Kysely, type SelectQueryBuilder, type SqlBool } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "~db/schema";
import { NotFound } from "~/lib/errors";
import type { Point } from "~/lib/geo";
import { distanceKm } from "~/lib/geo";
import { selectCard, type ListingCard } from "./search.server";
import { canSeeListing, sellerInGoodStanding } from "./visibility.server";

/**
 * Read-side queries for pages: the listing's part of the listing page (its read model is
 * community/listing-page.server.ts), a seller's profile, the home page, "my listings".
 */

export interface Viewer {
  userId: string;
  role: "member" | "admin";
}

/**
 * The listing's own part of the listing page's one query, for a listing id and an optional
 * "distance from" point: the listing with its seller and category, the photos, the seller's
 * active-listing count, "more from this seller" and similar items (correlated subqueries returning
 * JSON). The page's read model (community/listing-page.server.ts) adds what other modules know
 * (the seller's rating, Q&A, shops' add-ons) and compiles it once: the ids and the point may be
 * placeholders.
 */
export function listingPageQuery(db: Kysely<Database>, listingId: string, from: Point | null) {
  // Constants are written into the SQL, not sent as parameters: PostgreSQL runs this as a
  // prepared statement with one generic plan, and only a literal `status = 'active'` lets that
  // plan use the partial indexes on active listings (with parameters it planned every execution).
  const ACTIVE = sql.lit("active" as const);
  const cards = (query: ListingQuery) =>
    jsonArrayFrom(selectCard(query, from).orderBy("listings.publishedAt", "desc").limit(sql.lit(4)));
  return db
    .selectFrom("listings as l")
    .innerJoin("users", "users.id", "l.sellerId")
    .innerJoin("categories", "categories.id", "l.categoryId")
    .leftJoin("categories as parent", "parent.id", "categories.parentId")
    .select([
      "l.id",
      "l.sellerId",
      "l.title",
      "l.description",
      "l.categoryId",
      "l.condition",
      "l.priceCents",
      "l.pickup",
      "l.shipping",
      "l.shippingCents",
      "l.latitude",
      "l.longitude",
      "l.placeName",
      "l.status",
      "l.publishedAt",
      "l.removalReason",
      "users.suspendedAt as sellerSuspendedAt",
      "users.displayName as sellerName",
      "users.createdAt as sellerSince",
      "categories.name as categoryName",
      "parent.id as parentCategoryId",
      "parent.name as parentCategoryName",
    ])
    .select(() => [
      jsonArrayFrom(
        db
          .selectFrom("listingPhotos")
          .select(["listingPhotos.id", "listingPhotos.storageKey", "listingPhotos.width", "listingPhotos.height"])
          .where(sql<SqlBool>`listing_photos.listing_id = l.id`)
          .orderBy("listingPhotos.position"),
      ).as("photos"),
      db
        .selectFrom("listings")
        .select((eb) => eb.fn.countAll<string>().as("count"))
        .where(sql<SqlBool>`listings.seller_id = l.seller_id`)
        .where("listings.status", "=", ACTIVE)
        .as("sellerListingCount"),
      cards(
        db
          .selectFrom("listings")
          .where(sql<SqlBool>`listings.seller_id = l.seller_id`)
          .where("listings.status", "=", ACTIVE)
          .where(sql<SqlBool>`listings.id <> l.id`),
      ).as("moreFromSeller"),
      cards(
        db
          .selectFrom("listings")
          .where(sql<SqlBool>`listings.category_id = l.category_id`)
          .where("listings.status", "=", ACTIVE)
          .where(sql<SqlBool>`listings.seller_id <> l.seller_id`)
          .where(sellerInGoodStanding),
      ).as("similar"),
    ])
    .where("l.id", "=", listingId);
}

export type ListingPageRow = Awaited<ReturnType<ReturnType<typeof listingPageQuery>["executeTakeFirstOrThrow"]>>;

/**
 * A `listingPageQuery` row as the page shows it. Drafts, archived and removed listings and a
 * suspended member's are hidden from everyone but their seller and admins (NotFound): the same
 * rule every action on a listing applies (visibility.server.ts).
 */
export function toListingPage(row: ListingPageRow | undefined, viewer: Viewer | null, from: Point | null) {
  if (!row || !canSeeListing(row, viewer)) {
    throw new NotFound("That listing doesn't exist.");
  }
  const {
    latitude,
    longitude,
    photos,
    sellerListingCount,
    moreFromSeller,
    similar,
    sellerName: _sellerName,
    sellerSince: _sellerSince,
    sellerSuspendedAt,
    ...rest
  } = row;
  return {
    listing: {
      ...rest,
      distanceKm: from ? distanceKm(from, { latitude, longitude }) : null,
    },
    isOwner: viewer?.userId === row.sellerId,
    photos,
    seller: {
      id: row.sellerId,
      displayName: row.sellerName,
      memberSince: row.sellerSince,
      activeListings: sellerSuspendedAt ? 0 : Number(sellerListingCount ?? 0),
      suspended: sellerSuspendedAt !== null,
    },
    moreFromSeller: moreFromSeller.map(fromJsonCard),
    similar: similar.map(fromJsonCard),
    /** The listing's stored (approximate) point, for server-side distances; not for the page. */
    point: { latitude, longitude },
  };
}

type ListingQuery = SelectQueryBuilder<Database, "listings", object>;

/** A card that came back inside JSON: its timestamp is text there. */
function fromJsonCard(card: Omit<ListingCard, "publishedAt"> & { publishedAt: string | Date | null }): ListingCard {
  return { ...card, publishedAt: card.publishedAt === null ? null : new Date(card.publishedAt) };
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

/**
 * The home page's recent listings and which of them the viewer saved (their hearts), in one
 * statement: a signed-in page waits for one round trip here, not two in a row.
 */
export async function recentListingsSavedBy(
  db: Kysely<Database>,
  viewerId: string | null,
  options: { limit?: number; near?: Point | null } = {},
): Promise<{ cards: ListingCard[]; saved: string[] }> {
  if (!viewerId) return { cards: await recentListings(db, options), saved: [] };
  const rows = await selectCard(
    db.selectFrom("listings").where("listings.status", "=", "active").where(sellerInGoodStanding),
    options.near ?? null,
  )
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("favorites")
            .select("favorites.listingId")
            .whereRef("favorites.listingId", "=", "listings.id")
            .where("favorites.userId", "=", viewerId),
        )
        .as("saved"),
    )
    .orderBy("listings.publishedAt", "desc")
    .orderBy("listings.id", "desc")
    .limit(options.limit ?? 12)
    .execute();
  return {
    cards: rows.map(({ saved: _saved, ...card }) => card),
    saved: rows.filter((row) => row.saved).map((row) => row.id),
  };
}

/** The seller's own listings in every state but removed ones, for "My listings". */
export async function listMyListings(db: Kysely<Database>, userId: string) {
  return selectCard(db.selectFrom("listings").where("listings.sellerId", "=", userId), null)
    .select(["listings.status", "listings.updatedAt"])
    .orderBy("listings.updatedAt", "desc")
    .execute();
}
