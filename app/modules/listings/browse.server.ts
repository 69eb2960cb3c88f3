import { sql, type CompiledQuery, type Kysely, type SelectQueryBuilder, type SqlBool } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { prepareOnEachConnection } from "~db/prepared-statements";
import type { Database } from "~db/schema";
import { NotFound } from "~/lib/errors";
import type { Point } from "~/lib/geo";
import { distanceKm } from "~/lib/geo";
import { ratingQuery, reviewWindowClosedFor, toRatingSummary } from "~/modules/community/reviews.server";
import { serviceCandidatesQuery } from "~/modules/retailers/services.server";
import { selectCard, type ListingCard } from "./search.server";
import { canSeeListing, sellerInGoodStanding } from "./visibility.server";

/** Read-side queries for pages: the listing page, a seller's profile, the home page, "my listings". */

export interface Viewer {
  userId: string;
  role: "member" | "admin";
}

/**
 * The listing page's one query, built for a listing id, an optional "distance from" point and the
 * moment before which orders' review windows have closed (for the seller's rating).
 */
function listingPageQuery(db: Kysely<Database>, listingId: string, from: Point | null, reviewWindowClosed: Date) {
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
      jsonObjectFrom(ratingQuery(db, sql<string>`l.seller_id`, "seller", reviewWindowClosed)).as("sellerRating"),
      // Only whether there are questions: most listings have none, and then Q&A costs no query.
      db
        .selectFrom("questions")
        .select(sql<boolean>`true`.as("any"))
        .where(sql<SqlBool>`questions.listing_id = l.id`)
        .limit(sql.lit(1))
        .as("hasQuestions"),
      // Shops' add-ons that may reach the item; the exact radius test runs in servicesInReach.
      jsonArrayFrom(
        serviceCandidatesQuery(db, {
          categoryIds: [sql<string>`l.category_id`, sql<string | null>`categories.parent_id`],
          latitude: sql<number>`l.latitude`,
        }).where(sql<SqlBool>`l.status = 'active'`),
      ).as("serviceCandidates"),
    ])
    .where("l.id", "=", listingId);
}

type ListingPageRow = Awaited<ReturnType<ReturnType<typeof listingPageQuery>["executeTakeFirstOrThrow"]>>;

// Building and compiling that query costs the server about as much CPU as PostgreSQL spends
// running it, so each shape (with or without a point) is compiled once per database handle and
// reused with fresh parameter values put where the placeholders were. PostgreSQL, in turn, plans
// it once per connection (a prepared statement) instead of on every view.
const LISTING_ID = "\u0000listing-id";
const LATITUDE = "\u0000latitude";
const LONGITUDE = "\u0000longitude";
const REVIEW_WINDOW_CLOSED = "\u0000review-window-closed";
const compiledPages = new WeakMap<object, Map<string, CompiledQuery>>();

function compiledListingPage(db: Kysely<Database>, listingId: string, from: Point | null) {
  const shape = from ? "near" : "anywhere";
  let byShape = compiledPages.get(db);
  if (!byShape) compiledPages.set(db, (byShape = new Map()));
  let compiled = byShape.get(shape);
  if (!compiled) {
    const placeholder = from ? { latitude: LATITUDE, longitude: LONGITUDE } : null;
    compiled = listingPageQuery(
      db,
      LISTING_ID,
      placeholder as unknown as Point | null,
      REVIEW_WINDOW_CLOSED as unknown as Date,
    ).compile();
    prepareOnEachConnection(compiled.sql);
    byShape.set(shape, compiled);
  }
  const values: Record<string, unknown> = {
    [LISTING_ID]: listingId,
    [LATITUDE]: from?.latitude,
    [LONGITUDE]: from?.longitude,
    [REVIEW_WINDOW_CLOSED]: reviewWindowClosedFor(new Date()),
  };
  return {
    ...compiled,
    parameters: compiled.parameters.map((value) =>
      typeof value === "string" && value in values ? values[value] : value,
    ),
  };
}

/**
 * Everything the listing page shows, in one round trip: the listing with its seller and category,
 * the photos, the seller's active-listing count and rating, "more from this seller", similar items,
 * whether anyone asked a question, and the shops' add-ons that may reach the item (correlated
 * subqueries returning JSON). The caller reads the questions only when there are some, and turns
 * the add-on candidates into offers with `servicesInReach`. The listing's state is always read
 * live: nothing here is cached, so a sold or removed listing never shows as available.
 */
export async function getListingPage(
  db: Kysely<Database>,
  listingId: string,
  viewer: Viewer | null,
  from: Point | null,
) {
  const { rows } = await db.executeQuery(compiledListingPage(db, listingId, from));
  const listing = rows[0] as ListingPageRow | undefined;
  const isOwner = viewer?.userId === listing?.sellerId;
  // Drafts, archived and removed listings and a suspended member's are hidden from everyone but
  // their seller and admins: the same rule every action on a listing applies (visibility.server.ts).
  if (!listing || !canSeeListing(listing, viewer)) {
    throw new NotFound("That listing doesn't exist.");
  }
  const {
    latitude,
    longitude,
    photos,
    sellerListingCount,
    moreFromSeller,
    similar,
    sellerRating,
    hasQuestions,
    serviceCandidates,
    sellerName: _sellerName,
    sellerSince: _sellerSince,
    sellerSuspendedAt,
    ...rest
  } = listing;
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
      activeListings: sellerSuspendedAt ? 0 : Number(sellerListingCount ?? 0),
      suspended: sellerSuspendedAt !== null,
    },
    moreFromSeller: moreFromSeller.map(fromJsonCard),
    similar: similar.map(fromJsonCard),
    sellerRating: toRatingSummary(sellerRating ?? { count: 0, average: null }),
    hasQuestions: Boolean(hasQuestions),
    serviceCandidates,
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

/** The seller's own listings in every state but removed ones, for "My listings". */
export async function listMyListings(db: Kysely<Database>, userId: string) {
  return selectCard(db.selectFrom("listings").where("listings.sellerId", "=", userId), null)
    .select(["listings.status", "listings.updatedAt"])
    .orderBy("listings.updatedAt", "desc")
    .execute();
}
