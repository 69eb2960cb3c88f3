import { sql, type Expression, type ExpressionBuilder, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ReviewSubject } from "~db/schema-community";
import { transaction } from "~db/transaction";
import { Conflict, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { enforceRateLimit } from "~/modules/accounts/rate-limit.server";
import { notify } from "~/modules/notifications/notify.server";
import { staffRole } from "~/modules/retailers/retailers.server";
import { COMMUNITY_RATE_LIMITS } from "./rate-limits.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Reviews after a completed order (docs/decisions/012-community.md). Both sides review within
 * REVIEW_WINDOW_DAYS of completion; one review per party per order (a unique index). No
 * retaliation: a review is revealed by a read-time rule, never by a stored flag, as soon as the
 * other side has reviewed too or the window has ended. Nothing has to run on time for that.
 */
export const REVIEW_WINDOW_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

const windowEnd = (completedAt: Date) => new Date(completedAt.getTime() + REVIEW_WINDOW_DAYS * DAY_MS);

/** What each side of an order reviews: the buyer reviews the seller and the seller the buyer. */
const SUBJECT_BY_ROLE = { buyer: "seller", seller: "buyer" } as const;

/**
 * SQL: is this review (aliased `reviews`, joined to its `orders`) visible to everyone now? A
 * service review is revealed at once: the shop never reviews the buyer back, so there is no
 * retaliation to prevent (docs/decisions/012-community.md, "Service reviews").
 */
function revealed(eb: ExpressionBuilder<Database, "reviews" | "orders">, now: Date) {
  return revealedAsOf(eb, reviewWindowClosedFor(now));
}

/** Orders completed at or before this moment have had their review window close by `now`. */
export function reviewWindowClosedFor(now: Date): Date {
  return new Date(now.getTime() - REVIEW_WINDOW_DAYS * DAY_MS);
}

/** `revealed`, given the moment the window closed instead of now (a compiled query can reuse it). */
function revealedAsOf(eb: ExpressionBuilder<Database, "reviews" | "orders">, windowClosedFor: Date) {
  return eb.or([
    eb("reviews.subject", "=", "service"),
    eb("orders.completedAt", "<=", windowClosedFor),
    eb.and([
      eb("reviews.subject", "in", ["seller", "buyer"]),
      eb.exists(
        eb
          .selectFrom("reviews as other")
          .select("other.id")
          .whereRef("other.orderId", "=", "reviews.orderId")
          .where("other.subject", "in", ["seller", "buyer"])
          .whereRef("other.subject", "!=", "reviews.subject"),
      ),
    ]),
  ]);
}

async function orderForParty(db: Executor, orderId: string, userId: string, lock = false) {
  let query = db
    .selectFrom("orders")
    .select(["id", "buyerId", "sellerId", "status", "completedAt", "listingId"])
    .where("id", "=", orderId)
    .where((eb) => eb.or([eb("buyerId", "=", userId), eb("sellerId", "=", userId)]));
  if (lock) query = query.forUpdate();
  const order = await query.executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  const role = order.buyerId === userId ? ("buyer" as const) : ("seller" as const);
  return { order, role, subject: SUBJECT_BY_ROLE[role] };
}

function windowOpen(order: { status: string; completedAt: Date | null }, now: Date): boolean {
  return order.status === "completed" && order.completedAt !== null && now < windowEnd(order.completedAt);
}

export interface ReviewView {
  id: string;
  subject: ReviewSubject;
  rating: number;
  body: string;
  createdAt: Date;
  reviewerId: string;
  reviewerName: string;
}

/** What the order page needs: whether a review is due, mine, and theirs once it is revealed. */
export async function reviewStateFor(db: Executor, orderId: string, userId: string, now: Date = new Date()) {
  const { order, role, subject } = await orderForParty(db, orderId, userId);
  const rows = await db
    .selectFrom("reviews")
    .innerJoin("orders", "orders.id", "reviews.orderId")
    .innerJoin("users", "users.id", "reviews.reviewerId")
    .select((eb) => [
      "reviews.id",
      "reviews.subject",
      "reviews.rating",
      "reviews.body",
      "reviews.createdAt",
      "reviews.reviewerId",
      "users.displayName as reviewerName",
      revealed(eb, now).as("revealed"),
    ])
    .where("reviews.orderId", "=", orderId)
    .where("reviews.subject", "in", ["seller", "buyer"])
    .execute();
  const mine = rows.find((row) => row.reviewerId === userId) ?? null;
  const theirs = rows.find((row) => row.reviewerId !== userId) ?? null;
  const open = windowOpen(order, now);
  const names = await db
    .selectFrom("orders")
    // A service-only order (a bought quote) has no seller and no listing: only its service is reviewed.
    .leftJoin("users", "users.id", role === "buyer" ? "orders.sellerId" : "orders.buyerId")
    .leftJoin("listings", "listings.id", "orders.listingId")
    .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
    .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .select([
      sql<string>`coalesce(users.display_name, '')`.as("displayName"),
      sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("title"),
    ])
    .where("orders.id", "=", order.id)
    .executeTakeFirstOrThrow();
  const services = role === "buyer" ? await serviceReviewLines(db, order.id, open) : [];
  return {
    services,
    otherName: names.displayName,
    listingTitle: names.title,
    role,
    subject,
    windowOpen: open,
    windowEndsAt: order.completedAt ? windowEnd(order.completedAt) : null,
    // A service-only order (a bought quote) has no seller: only its service line is reviewed.
    due: open && !mine && order.sellerId !== null,
    mine: mine ? strip(mine) : null,
    theirs: theirs && theirs.revealed ? strip(theirs) : null,
    /** The other side has reviewed, but it stays hidden until I have too (or the window ends). */
    theirsHidden: Boolean(theirs && !theirs.revealed),
  };
}

function strip(row: ReviewView & { revealed: unknown }): ReviewView {
  const { revealed: _revealed, ...review } = row;
  return review;
}

export async function submitReview(
  db: Kysely<Database>,
  input: { orderId: string; reviewerId: string; rating: number; body: string },
  now: Date = new Date(),
): Promise<string> {
  await enforceRateLimit(db, `community:review:${input.reviewerId}`, COMMUNITY_RATE_LIMITS.reviewsPerUser);
  return transaction(db, async (trx) => {
    const { order, role, subject } = await orderForParty(trx, input.orderId, input.reviewerId, true);
    if (order.status !== "completed" || !order.completedAt) {
      throw new Conflict("You can review once the order is complete.");
    }
    if (!windowOpen(order, now)) {
      throw new Conflict(`Reviews close ${REVIEW_WINDOW_DAYS} days after the order completes.`);
    }
    const revieweeId = role === "buyer" ? order.sellerId : order.buyerId;
    if (!revieweeId) throw new Conflict("This order has no seller to review; review the shop's service instead.");
    const id = newId();
    const inserted = await trx
      .insertInto("reviews")
      .values({
        id,
        orderId: order.id,
        subject,
        reviewerId: input.reviewerId,
        revieweeId,
        rating: input.rating,
        body: input.body,
      })
      .onConflict((conflict) =>
        conflict.columns(["orderId", "subject"]).where("subject", "in", ["seller", "buyer"]).doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new Conflict("You already reviewed this order.");
    const reviewer = await trx
      .selectFrom("users")
      .select("displayName")
      .where("id", "=", input.reviewerId)
      .executeTakeFirstOrThrow();
    await notify(
      trx,
      revieweeId,
      "review_received",
      {
        title: `${reviewer.displayName} reviewed you`,
        body: "You'll see the review once you've left yours, or when the review window closes.",
        url: `/orders/${order.id}`,
      },
      { dedupeKey: `review:${id}` },
    );
    return id;
  });
}

export interface RatingSummary {
  average: number | null;
  count: number;
}

/** Average and count of a member's revealed reviews as a seller or as a buyer. */
export async function ratingSummary(
  db: Executor,
  userId: string,
  subject: "seller" | "buyer",
  now: Date = new Date(),
): Promise<RatingSummary> {
  return toRatingSummary(await ratingQuery(db, userId, subject, reviewWindowClosedFor(now)).executeTakeFirstOrThrow());
}

/**
 * A member's revealed rating as a one-row query (count, average). The member may be an SQL
 * expression, so the listing page can read its seller's rating as a subquery of its one query.
 */
export function ratingQuery(
  db: Executor,
  revieweeId: string | Expression<string>,
  subject: "seller" | "buyer",
  windowClosedFor: Date,
) {
  return db
    .selectFrom("reviews")
    .innerJoin("orders", "orders.id", "reviews.orderId")
    .select((eb) => [
      eb.fn.countAll<string | number>().as("count"),
      sql<string | number | null>`avg(reviews.rating)`.as("average"),
    ])
    .where("reviews.revieweeId", "=", revieweeId)
    .where("reviews.subject", "=", subject)
    .where((eb) => revealedAsOf(eb, windowClosedFor));
}

/** A `ratingQuery` row (from the driver, or from JSON) as a summary: average to one decimal. */
export function toRatingSummary(row: { count: string | number; average: string | number | null }): RatingSummary {
  const count = Number(row.count);
  return { count, average: count ? Math.round(Number(row.average) * 10) / 10 : null };
}

/** A member's revealed reviews, newest first, for their profile. */
export async function reviewsAbout(db: Executor, userId: string, now: Date = new Date(), limit = 20) {
  return db
    .selectFrom("reviews")
    .innerJoin("orders", "orders.id", "reviews.orderId")
    .innerJoin("users", "users.id", "reviews.reviewerId")
    .select([
      "reviews.id",
      "reviews.subject",
      "reviews.rating",
      "reviews.body",
      "reviews.createdAt",
      "reviews.reviewerId",
      "users.displayName as reviewerName",
      "reviews.replyBody",
      "reviews.repliedAt",
    ])
    .where("reviews.revieweeId", "=", userId)
    .where("reviews.subject", "in", ["seller", "buyer"])
    .where((eb) => revealed(eb, now))
    .orderBy("reviews.createdAt", "desc")
    .orderBy("reviews.id", "desc")
    .limit(limit)
    .execute();
}

// ---- Service reviews: the buyer reviews each retailer service line that was done, once per line,
// within the same window. Revealed at once (see `revealed`); rated per retailer.

/** The order's done service lines with the buyer's review of each (if any) and whether one is due. */
async function serviceReviewLines(db: Executor, orderId: string, windowIsOpen: boolean) {
  const lines = await db
    .selectFrom("orderServices")
    .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
    .leftJoin("reviews", (join) =>
      join.onRef("reviews.orderServiceId", "=", "orderServices.id").on("reviews.subject", "=", "service"),
    )
    .select([
      "orderServices.id",
      "orderServices.title",
      "retailers.name as retailerName",
      "retailers.slug as retailerSlug",
      "reviews.id as reviewId",
      "reviews.rating",
      "reviews.body",
    ])
    .where("orderServices.orderId", "=", orderId)
    .where("orderServices.status", "=", "done")
    .orderBy("orderServices.createdAt")
    .orderBy("orderServices.id")
    .execute();
  return lines.map((line) => ({
    lineId: line.id,
    title: line.title,
    retailerName: line.retailerName,
    retailerSlug: line.retailerSlug,
    due: windowIsOpen && !line.reviewId,
    mine: line.reviewId && line.rating !== null && line.body !== null ? { rating: line.rating, body: line.body } : null,
  }));
}

/** One service line to review, for the buyer only (the review page's loader). */
export async function serviceReviewFor(
  db: Executor,
  orderId: string,
  lineId: string,
  userId: string,
  now: Date = new Date(),
) {
  const { order, role } = await orderForParty(db, orderId, userId);
  if (role !== "buyer") throw new NotFound("That service doesn't exist.");
  const line = (await serviceReviewLines(db, order.id, windowOpen(order, now))).find((row) => row.lineId === lineId);
  if (!line) throw new NotFound("That service doesn't exist.");
  return { ...line, windowEndsAt: order.completedAt ? windowEnd(order.completedAt) : null };
}

export async function submitServiceReview(
  db: Kysely<Database>,
  input: { orderId: string; orderServiceId: string; reviewerId: string; rating: number; body: string },
  now: Date = new Date(),
): Promise<string> {
  await enforceRateLimit(db, `community:review:${input.reviewerId}`, COMMUNITY_RATE_LIMITS.reviewsPerUser);
  return transaction(db, async (trx) => {
    const { order, role } = await orderForParty(trx, input.orderId, input.reviewerId, true);
    if (role !== "buyer") throw new NotFound("That service doesn't exist.");
    const line = await trx
      .selectFrom("orderServices")
      .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
      .select([
        "orderServices.id",
        "orderServices.title",
        "orderServices.status",
        "orderServices.retailerId",
        "retailers.ownerId",
      ])
      .where("orderServices.id", "=", input.orderServiceId)
      .where("orderServices.orderId", "=", order.id)
      .executeTakeFirst();
    if (!line) throw new NotFound("That service doesn't exist.");
    if (order.status !== "completed" || !order.completedAt) {
      throw new Conflict("You can review once the order is complete.");
    }
    if (line.status !== "done") throw new Conflict("You can only review a service the shop has done.");
    if (!windowOpen(order, now)) {
      throw new Conflict(`Reviews close ${REVIEW_WINDOW_DAYS} days after the order completes.`);
    }
    const id = newId();
    const inserted = await trx
      .insertInto("reviews")
      .values({
        id,
        orderId: order.id,
        subject: "service",
        reviewerId: input.reviewerId,
        revieweeId: line.ownerId,
        orderServiceId: line.id,
        retailerId: line.retailerId,
        rating: input.rating,
        body: input.body,
      })
      .onConflict((conflict) => conflict.column("orderServiceId").where("subject", "=", "service").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new Conflict("You already reviewed this service.");
    const reviewer = await trx
      .selectFrom("users")
      .select("displayName")
      .where("id", "=", input.reviewerId)
      .executeTakeFirstOrThrow();
    const staff = await trx
      .selectFrom("retailerStaff")
      .innerJoin("retailers", "retailers.id", "retailerStaff.retailerId")
      .select(["retailerStaff.userId", "retailers.slug"])
      .where("retailerStaff.retailerId", "=", line.retailerId)
      .execute();
    for (const member of staff) {
      await notify(
        trx,
        member.userId,
        "review_received",
        {
          title: `${reviewer.displayName} reviewed your ${line.title}`,
          body: `${input.rating} out of 5 stars.`,
          url: `/retailers/${member.slug}`,
        },
        { dedupeKey: `review:${id}:${member.userId}` },
      );
    }
    return id;
  });
}

/** Average and count of revealed service reviews per retailer, for every id given (one query). */
export async function retailerRatings(
  db: Executor,
  retailerIds: string[],
  now: Date = new Date(),
): Promise<Map<string, RatingSummary>> {
  const ids = [...new Set(retailerIds)];
  const result = new Map<string, RatingSummary>(ids.map((id) => [id, { average: null, count: 0 }]));
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom("reviews")
    .innerJoin("orders", "orders.id", "reviews.orderId")
    .select((eb) => [
      "reviews.retailerId",
      eb.fn.countAll<string>().as("count"),
      sql<string | null>`avg(reviews.rating)`.as("average"),
    ])
    .where("reviews.subject", "=", "service")
    .where("reviews.retailerId", "in", ids)
    .where((eb) => revealed(eb, now))
    .groupBy("reviews.retailerId")
    .execute();
  for (const row of rows) {
    if (row.retailerId) result.set(row.retailerId, toRatingSummary(row));
  }
  return result;
}

/**
 * Services (a listing's add-ons) with their shop's rating next to each, for the pages that offer
 * them: the catalogue (`retailers/services.server.ts`) knows nothing of reviews. No services, no query.
 */
export async function withShopRatings<T extends { retailerId: string }>(
  db: Executor,
  services: T[],
  now: Date = new Date(),
): Promise<(T & { rating: RatingSummary })[]> {
  if (services.length === 0) return [];
  const ratings = await retailerRatings(
    db,
    services.map((service) => service.retailerId),
    now,
  );
  return services.map((service) => ({
    ...service,
    rating: ratings.get(service.retailerId) ?? { average: null, count: 0 },
  }));
}

/** A retailer's revealed service reviews, newest first, for its public page. */
export async function reviewsOfRetailer(db: Executor, retailerId: string, now: Date = new Date(), limit = 20) {
  return db
    .selectFrom("reviews")
    .innerJoin("orders", "orders.id", "reviews.orderId")
    .innerJoin("users", "users.id", "reviews.reviewerId")
    .innerJoin("orderServices", "orderServices.id", "reviews.orderServiceId")
    .select([
      "reviews.id",
      "reviews.rating",
      "reviews.body",
      "reviews.createdAt",
      "users.displayName as reviewerName",
      "orderServices.title as serviceTitle",
      "reviews.replyBody",
      "reviews.repliedAt",
    ])
    .where("reviews.subject", "=", "service")
    .where("reviews.retailerId", "=", retailerId)
    .where((eb) => revealed(eb, now))
    .orderBy("reviews.createdAt", "desc")
    .orderBy("reviews.id", "desc")
    .limit(limit)
    .execute();
}

/**
 * A review with what its reply page needs, for the one who may reply to it: the member it is about,
 * or a staff member of the shop it is about. Anyone else, and reviews not revealed yet (not public),
 * get NotFound.
 */
export async function reviewToAnswer(db: Executor, reviewId: string, userId: string, now: Date = new Date()) {
  const review = await db
    .selectFrom("reviews")
    .innerJoin("orders", "orders.id", "reviews.orderId")
    .innerJoin("users", "users.id", "reviews.reviewerId")
    .innerJoin("users as reviewee", "reviewee.id", "reviews.revieweeId")
    .leftJoin("retailers", "retailers.id", "reviews.retailerId")
    .select([
      "reviewee.displayName as revieweeName",
      "reviews.id",
      "reviews.subject",
      "reviews.rating",
      "reviews.body",
      "reviews.createdAt",
      "reviews.reviewerId",
      "reviews.revieweeId",
      "reviews.retailerId",
      "reviews.replyBody",
      "users.displayName as reviewerName",
      "retailers.name as retailerName",
      "retailers.slug as retailerSlug",
    ])
    .where("reviews.id", "=", reviewId)
    .where((eb) => revealed(eb, now))
    .executeTakeFirst();
  if (!review) throw new NotFound("That review doesn't exist.");
  const mayReply = review.retailerId
    ? (await staffRole(db, review.retailerId, userId)) !== null
    : review.revieweeId === userId;
  if (!mayReply) throw new NotFound("That review doesn't exist.");
  return {
    ...review,
    /** Where the review is shown: the shop's page or the member's profile. */
    shownAt: review.retailerSlug
      ? `/retailers/${review.retailerSlug}#review-${review.id}`
      : `/members/${review.revieweeId}#review-${review.id}`,
  };
}

/**
 * The reviewed side's one public reply. Written with a conditional update, so it happens once;
 * the reviewer is told.
 */
export async function replyToReview(
  db: Kysely<Database>,
  userId: string,
  input: { reviewId: string; reply: string },
  now: Date = new Date(),
): Promise<{ shownAt: string }> {
  return transaction(db, async (trx) => {
    const review = await reviewToAnswer(trx, input.reviewId, userId, now);
    const written = await trx
      .updateTable("reviews")
      .set({ replyBody: input.reply, replyAuthorId: userId, repliedAt: now })
      .where("id", "=", review.id)
      .where("replyBody", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!written) throw new Conflict("This review already has a reply.");
    const from = review.retailerName ?? review.revieweeName;
    await notify(
      trx,
      review.reviewerId,
      "review_received",
      {
        title: `${from} replied to your review`,
        body: input.reply.length > 200 ? `${input.reply.slice(0, 200)}…` : input.reply,
        url: review.shownAt,
      },
      { dedupeKey: `review:${review.id}:reply` },
    );
    return { shownAt: review.shownAt };
  });
}
