import { sql, type Kysely, type SelectQueryBuilder, type SqlBool, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { WantedAnswerKind, WantedRequestStatus } from "~db/schema-wanted";
import { NotFound } from "~/lib/errors";
import { EARTH_RADIUS_KM, boundingBox, type Point } from "~/lib/geo";
import type { Place } from "~/modules/listings/location.server";
import type { PhotoAudience } from "~/modules/listings/photo-access.server";
import {
  decodeCursor,
  encodeCursor,
  resolvePlaceAndCategory,
  selectCard,
  type ListingCard,
} from "~/modules/listings/search.server";
import { sellerInGoodStanding, type ListingViewer } from "~/modules/listings/visibility.server";
import type { WantedSearchParams, WantedSort } from "./wanted-schemas.server";

type Executor = Kysely<Database> | Transaction<Database>;
type RequestQuery<O> = SelectQueryBuilder<Database, "wantedRequests", O>;

/**
 * The read side of "Wanted" requests: the /wanted search, a request's page with its answers, the
 * solved counts on profiles and shop pages, and nearby open requests for the feed.
 *
 * Listed ("visible") = open, not past expires_at, not removed by a moderator, and posted by a
 * member in good standing (not suspended, not deleted). A solved or closed request keeps its page.
 */

export const WANTED_PAGE_SIZE = 24;
const TS_CONFIG = sql.lit("english");

export const requesterInGoodStanding = sql<SqlBool>`not exists (
  select 1 from users as requester where requester.id = wanted_requests.requester_id
  and (requester.suspended_at is not null or requester.deleted_at is not null))`;

/** The one listing rule: open, unexpired, not removed, requester in good standing. */
export function listedRequests<O>(query: RequestQuery<O>, now: Date): RequestQuery<O> {
  return query
    .where("wantedRequests.status", "=", "open")
    .where("wantedRequests.expiresAt", ">", now)
    .where("wantedRequests.removedAt", "is", null)
    .where(requesterInGoodStanding);
}

export function requestDistance(center: Point) {
  return sql<number>`(2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(
    power(sin(radians(wanted_requests.latitude - ${center.latitude}) / 2), 2)
    + cos(radians(${center.latitude})) * cos(radians(wanted_requests.latitude))
    * power(sin(radians(wanted_requests.longitude - ${center.longitude}) / 2), 2)))))`;
}

export interface WantedCard {
  id: string;
  title: string;
  details: string;
  categoryId: string;
  categoryName: string;
  budgetCents: number | null;
  placeName: string;
  radiusKm: number;
  photoKey: string | null;
  status: WantedRequestStatus;
  createdAt: Date;
  expiresAt: Date;
  requesterName: string;
  answers: number;
  distanceKm: number | null;
}

function selectWantedCard<O>(query: RequestQuery<O>, center: Point | null) {
  return query
    .innerJoin("users as requesterUser", "requesterUser.id", "wantedRequests.requesterId")
    .innerJoin("categories", "categories.id", "wantedRequests.categoryId")
    .select((eb) => [
      "wantedRequests.id",
      "wantedRequests.title",
      "wantedRequests.details",
      "wantedRequests.categoryId",
      "categories.name as categoryName",
      "wantedRequests.budgetCents",
      "wantedRequests.placeName",
      "wantedRequests.radiusKm",
      "wantedRequests.photoStorageKey as photoKey",
      "wantedRequests.status",
      "wantedRequests.createdAt",
      "wantedRequests.expiresAt",
      "requesterUser.displayName as requesterName",
      eb
        .selectFrom("wantedAnswers")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("wantedAnswers.requestId", "=", "wantedRequests.id")
        .where("wantedAnswers.removedAt", "is", null)
        .where(
          sql<SqlBool>`not exists (select 1 from users as author where author.id = wanted_answers.author_id
            and author.suspended_at is not null)`,
        )
        .as("answers"),
      (center ? requestDistance(center) : sql<number | null>`null::float8`).as("distanceKm"),
    ]);
}

function toCard<T extends { answers: string | number | null }>(row: T): Omit<T, "answers"> & { answers: number } {
  return { ...row, answers: Number(row.answers ?? 0) };
}

export interface ResolvedWantedSearch {
  params: WantedSearchParams;
  center: Place | null;
  categoryIds: string[] | null;
  sort: WantedSort;
}

/** Resolves the place and category of a search; unknown ones are field errors the page shows. */
export async function resolveWantedSearch(db: Kysely<Database>, params: WantedSearchParams) {
  const { center, categoryIds } = await resolvePlaceAndCategory(db, params);
  // Best match needs words; otherwise the newest come first.
  const sort: WantedSort = params.q && params.sort !== "newest" ? "best" : "newest";
  return { params, center, categoryIds, sort } satisfies ResolvedWantedSearch;
}

/** One page of listed requests, newest first or best match, with keyset pagination like search. */
export async function searchWanted(
  db: Kysely<Database>,
  search: ResolvedWantedSearch,
  now: Date = new Date(),
): Promise<{ results: WantedCard[]; nextCursor: string | null }> {
  const { params, center, categoryIds, sort } = search;
  // A broken or foreign cursor is a 400 with a message, never a cast error in SQL.
  const cursor = decodeCursor(params.cursor, sort);
  let query = listedRequests(db.selectFrom("wantedRequests"), now);
  const tsQuery = sql`websearch_to_tsquery(${TS_CONFIG}, ${params.q})`;
  if (params.q) query = query.where(sql<SqlBool>`wanted_requests.search_vector @@ ${tsQuery}`);
  if (categoryIds) query = query.where("wantedRequests.categoryId", "in", categoryIds);
  if (params.budget) query = query.where("wantedRequests.budgetCents", "is not", null);
  if (center) {
    const box = boundingBox(center, params.radius);
    query = query
      .where("wantedRequests.latitude", ">=", box.minLatitude)
      .where("wantedRequests.latitude", "<=", box.maxLatitude)
      .where("wantedRequests.longitude", ">=", box.minLongitude)
      .where("wantedRequests.longitude", "<=", box.maxLongitude)
      .where(sql<SqlBool>`${requestDistance(center)} <= ${params.radius}`);
  }
  const key =
    sort === "best"
      ? { expr: sql`ts_rank(wanted_requests.search_vector, ${tsQuery})`, cast: "real" }
      : { expr: sql`wanted_requests.created_at`, cast: "timestamptz" };
  const keyText =
    sort === "best"
      ? sql<string | number>`ts_rank(wanted_requests.search_vector, ${tsQuery})`
      : sql<string | number>`wanted_requests.created_at::text`;
  if (cursor) {
    query = query.where(
      sql<SqlBool>`(${key.expr}, wanted_requests.id) < (${String(cursor.v)}::${sql.raw(key.cast)}, ${cursor.id})`,
    );
  }
  const rows = await selectWantedCard(query, center)
    .select(keyText.as("sortValue"))
    .orderBy(key.expr, "desc")
    .orderBy("wantedRequests.id", "desc")
    .limit(WANTED_PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, WANTED_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    results: page.map(({ sortValue: _sortValue, ...row }) => toCard(row)),
    nextCursor: rows.length > WANTED_PAGE_SIZE && last ? encodeCursor({ v: last.sortValue, id: last.id }) : null,
  };
}

/**
 * Open requests whose area covers `point` (the request's own radius, capped by `maxKm`), newest
 * first: for the lead's /feed ("Wanted near you"). Keyset by (created_at, id) via `before`.
 */
export async function openRequestsNear(
  db: Executor,
  point: Point,
  options: { limit?: number; maxKm?: number; excludeRequesterId?: string; now?: Date; before?: Date } = {},
): Promise<WantedCard[]> {
  const maxKm = options.maxKm ?? 200;
  const box = boundingBox(point, maxKm);
  let query = listedRequests(db.selectFrom("wantedRequests"), options.now ?? new Date())
    .where("wantedRequests.latitude", ">=", box.minLatitude)
    .where("wantedRequests.latitude", "<=", box.maxLatitude)
    .where("wantedRequests.longitude", ">=", box.minLongitude)
    .where("wantedRequests.longitude", "<=", box.maxLongitude)
    .where(sql<SqlBool>`${requestDistance(point)} <= least(wanted_requests.radius_km, ${maxKm})`);
  if (options.excludeRequesterId) query = query.where("wantedRequests.requesterId", "<>", options.excludeRequesterId);
  if (options.before) query = query.where("wantedRequests.createdAt", "<", options.before);
  const rows = await selectWantedCard(query, point)
    .orderBy("wantedRequests.createdAt", "desc")
    .orderBy("wantedRequests.id", "desc")
    .limit(options.limit ?? 10)
    .execute();
  return rows.map(toCard);
}

export type WantedViewer = ListingViewer;

export interface WantedAnswerView {
  id: string;
  kind: WantedAnswerKind;
  body: string;
  createdAt: Date;
  author: { id: string; displayName: string };
  /** The shop the answer was given as (its badge), or null for a member's own answer. */
  shop: { id: string; name: string; slug: string } | null;
  listing: ListingCard | null;
  /** A listing answer whose listing has since sold or gone: a note instead of a card. */
  listingGone: boolean;
  service: { id: string; title: string; priceCents: number } | null;
  quoteCents: number | null;
  recommendedShop: { id: string; name: string; slug: string } | null;
  solved: boolean;
}

/**
 * A request's page: the request and its answers (the solving one first). Removed requests, and
 * those of suspended or deleted members, exist only for their requester and admins.
 */
export async function wantedRequestPage(
  db: Executor,
  requestId: string,
  viewer: WantedViewer | null,
  now: Date = new Date(),
) {
  const request = await db
    .selectFrom("wantedRequests")
    .innerJoin("users as requester", "requester.id", "wantedRequests.requesterId")
    .innerJoin("categories", "categories.id", "wantedRequests.categoryId")
    .select([
      "wantedRequests.id",
      "wantedRequests.requesterId",
      "wantedRequests.title",
      "wantedRequests.details",
      "wantedRequests.categoryId",
      "categories.name as categoryName",
      "wantedRequests.budgetCents",
      "wantedRequests.placeName",
      "wantedRequests.latitude",
      "wantedRequests.longitude",
      "wantedRequests.radiusKm",
      "wantedRequests.photoStorageKey",
      "wantedRequests.photoWidth",
      "wantedRequests.photoHeight",
      "wantedRequests.status",
      "wantedRequests.expiresAt",
      "wantedRequests.solvedAnswerId",
      "wantedRequests.removedAt",
      "wantedRequests.removalReason",
      "wantedRequests.createdAt",
      "requester.displayName as requesterName",
      "requester.suspendedAt as requesterSuspendedAt",
      "requester.deletedAt as requesterDeletedAt",
    ])
    .where("wantedRequests.id", "=", requestId)
    .executeTakeFirst();
  if (!request) throw new NotFound("That request doesn't exist.");
  const isRequester = viewer?.userId === request.requesterId;
  const hidden =
    request.removedAt !== null || request.requesterSuspendedAt !== null || request.requesterDeletedAt !== null;
  if (hidden && !isRequester && viewer?.role !== "admin") throw new NotFound("That request doesn't exist.");
  const answers = await answersOf(db, request.id, request.solvedAnswerId);
  const expired = request.status === "open" && request.expiresAt <= now;
  return {
    request,
    answers,
    isRequester,
    expired,
    /** Answers are taken while the request is listed. */
    acceptsAnswers: request.status === "open" && !expired && !hidden,
  };
}

async function answersOf(db: Executor, requestId: string, solvedAnswerId: string | null): Promise<WantedAnswerView[]> {
  const rows = await db
    .selectFrom("wantedAnswers")
    .innerJoin("users as author", "author.id", "wantedAnswers.authorId")
    .leftJoin("retailers as shop", "shop.id", "wantedAnswers.retailerId")
    .leftJoin("retailers as recommended", "recommended.id", "wantedAnswers.recommendedRetailerId")
    .leftJoin("services", "services.id", "wantedAnswers.serviceId")
    .select([
      "wantedAnswers.id",
      "wantedAnswers.kind",
      "wantedAnswers.body",
      "wantedAnswers.createdAt",
      "wantedAnswers.listingId",
      "wantedAnswers.quoteCents",
      "author.id as authorId",
      "author.displayName as authorName",
      "shop.id as shopId",
      "shop.name as shopName",
      "shop.slug as shopSlug",
      "recommended.id as recommendedId",
      "recommended.name as recommendedName",
      "recommended.slug as recommendedSlug",
      "recommended.status as recommendedStatus",
      "services.id as serviceId",
      "services.title as serviceTitle",
      "services.priceCents as servicePriceCents",
    ])
    .where("wantedAnswers.requestId", "=", requestId)
    .where("wantedAnswers.removedAt", "is", null)
    // Answers by suspended members are hidden with the rest of what they posted.
    .where("author.suspendedAt", "is", null)
    .orderBy("wantedAnswers.createdAt")
    .orderBy("wantedAnswers.id")
    .limit(200)
    .execute();
  const listingIds = [...new Set(rows.map((row) => row.listingId).filter((id): id is string => Boolean(id)))];
  const cards = listingIds.length
    ? await selectCard(
        db
          .selectFrom("listings")
          .where("listings.id", "in", listingIds)
          .where("listings.status", "=", "active")
          .where(sellerInGoodStanding),
        null,
      ).execute()
    : [];
  const cardById = new Map(cards.map((card) => [card.id, card]));
  return rows
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      body: row.body,
      createdAt: row.createdAt,
      author: { id: row.authorId, displayName: row.authorName },
      shop: row.shopId ? { id: row.shopId, name: row.shopName!, slug: row.shopSlug! } : null,
      listing: row.listingId ? (cardById.get(row.listingId) ?? null) : null,
      listingGone: Boolean(row.listingId) && !cardById.has(row.listingId ?? ""),
      service: row.serviceId
        ? { id: row.serviceId, title: row.serviceTitle!, priceCents: row.servicePriceCents! }
        : null,
      quoteCents: row.quoteCents,
      recommendedShop:
        row.recommendedId && row.recommendedStatus === "verified"
          ? { id: row.recommendedId, name: row.recommendedName!, slug: row.recommendedSlug! }
          : null,
      solved: row.id === solvedAnswerId,
    }))
    .sort((a, b) => Number(b.solved) - Number(a.solved));
}

/** What the answer forms offer this member: their own active listings and the shops they answer for. */
export async function answerChoices(db: Executor, userId: string) {
  const [ownListings, shops] = await Promise.all([
    db
      .selectFrom("listings")
      .select(["id", "title", "priceCents"])
      .where("sellerId", "=", userId)
      .where("status", "=", "active")
      .orderBy("publishedAt", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("retailerStaff")
      .innerJoin("retailers", "retailers.id", "retailerStaff.retailerId")
      .select(["retailers.id", "retailers.name", "retailers.slug"])
      .where("retailerStaff.userId", "=", userId)
      .where("retailers.status", "=", "verified")
      .orderBy("retailers.name")
      .execute(),
  ]);
  const shopIds = shops.map((shop) => shop.id);
  const [ownServices, otherShops] = shopIds.length
    ? await Promise.all([
        db
          .selectFrom("services")
          .select(["id", "retailerId", "title", "priceCents"])
          .where("retailerId", "in", shopIds)
          .where("active", "=", true)
          .orderBy("title")
          .execute(),
        db
          .selectFrom("retailers")
          .select(["id", "name"])
          .where("status", "=", "verified")
          .orderBy("name")
          .limit(200)
          .execute(),
      ])
    : [[], []];
  const otherServices = shopIds.length
    ? await db
        .selectFrom("services")
        .innerJoin("retailers", "retailers.id", "services.retailerId")
        .select(["services.id", "services.title", "retailers.id as retailerId", "retailers.name as retailerName"])
        .where("retailers.status", "=", "verified")
        .where("services.active", "=", true)
        .where("retailers.id", "not in", shopIds)
        .orderBy("retailers.name")
        .orderBy("services.title")
        .limit(300)
        .execute()
    : [];
  return { ownListings, shops, ownServices, otherShops, otherServices };
}

/** Requests a member's answers solved (their own answers, not those given as a shop): on their profile. */
export async function wantedSolvedByMember(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("wantedRequests")
    .innerJoin("wantedAnswers", "wantedAnswers.id", "wantedRequests.solvedAnswerId")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("wantedAnswers.authorId", "=", userId)
    .where("wantedAnswers.retailerId", "is", null)
    .where("wantedAnswers.removedAt", "is", null)
    .where("wantedRequests.removedAt", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A shop's Wanted credit (ADR 037): `solved` = requests an answer given as the shop solved;
 * `helped` = distinct requests the shop either solved or answered by recommending another shop,
 * so one request never counts twice. Removed answers and removed requests don't count.
 */
export async function shopWantedCredit(db: Executor, retailerId: string): Promise<{ solved: number; helped: number }> {
  const row = await db
    .selectFrom("wantedAnswers")
    .innerJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .select([
      sql<string>`count(distinct wanted_answers.request_id) filter (where wanted_requests.solved_answer_id = wanted_answers.id)`.as(
        "solved",
      ),
      sql<string>`count(distinct wanted_answers.request_id) filter (where wanted_requests.solved_answer_id = wanted_answers.id or wanted_answers.kind = 'recommendation')`.as(
        "helped",
      ),
    ])
    .where("wantedAnswers.retailerId", "=", retailerId)
    .where("wantedAnswers.removedAt", "is", null)
    .where("wantedRequests.removedAt", "is", null)
    .executeTakeFirstOrThrow();
  return { solved: Number(row.solved), helped: Number(row.helped) };
}

/** A member's own requests, for their "my requests" list on /wanted. */
export async function requestsOf(db: Executor, userId: string, limit = 20): Promise<WantedCard[]> {
  const rows = await selectWantedCard(
    db.selectFrom("wantedRequests").where("wantedRequests.requesterId", "=", userId),
    null,
  )
    .orderBy("wantedRequests.createdAt", "desc")
    .orderBy("wantedRequests.id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

/**
 * Who may fetch a request's photo: everyone while the request's page is public (not removed, its
 * requester in good standing), else only the requester and admins; null when the key is not one.
 */
export async function wantedPhotoAudience(
  db: Executor,
  storageKey: string,
  viewer: ListingViewer | null,
): Promise<PhotoAudience | null> {
  const row = await db
    .selectFrom("wantedRequests")
    .innerJoin("users as requester", "requester.id", "wantedRequests.requesterId")
    .select(["wantedRequests.requesterId", "wantedRequests.removedAt", "requester.suspendedAt", "requester.deletedAt"])
    .where("wantedRequests.photoStorageKey", "=", storageKey)
    .executeTakeFirst();
  if (!row) return null;
  if (row.removedAt === null && row.suspendedAt === null && row.deletedAt === null) return "public";
  return viewer?.userId === row.requesterId || viewer?.role === "admin" ? "private" : "hidden";
}
