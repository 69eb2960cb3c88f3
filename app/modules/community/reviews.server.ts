import { sql, type ExpressionBuilder, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ReviewSubject } from "~db/schema-community";
import { transaction } from "~db/transaction";
import { Conflict, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { enforceRateLimit } from "~/modules/accounts/rate-limit.server";
import { notify } from "~/modules/notifications/notify.server";
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
 * SQL: is this review (aliased `reviews`, joined to its `orders`) visible to everyone now? Service
 * reviews (retailers branch) are only revealed by the window until that branch decides otherwise.
 */
function revealed(eb: ExpressionBuilder<Database, "reviews" | "orders">, now: Date) {
  const windowStartedBefore = new Date(now.getTime() - REVIEW_WINDOW_DAYS * DAY_MS);
  return eb.or([
    eb("orders.completedAt", "<=", windowStartedBefore),
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
    .innerJoin("users", "users.id", role === "buyer" ? "orders.sellerId" : "orders.buyerId")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .select(["users.displayName", "listings.title"])
    .where("orders.id", "=", order.id)
    .executeTakeFirstOrThrow();
  return {
    otherName: names.displayName,
    listingTitle: names.title,
    role,
    subject,
    windowOpen: open,
    windowEndsAt: order.completedAt ? windowEnd(order.completedAt) : null,
    due: open && !mine,
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
  const row = await db
    .selectFrom("reviews")
    .innerJoin("orders", "orders.id", "reviews.orderId")
    .select((eb) => [eb.fn.countAll<string>().as("count"), sql<string | null>`avg(reviews.rating)`.as("average")])
    .where("reviews.revieweeId", "=", userId)
    .where("reviews.subject", "=", subject)
    .where((eb) => revealed(eb, now))
    .executeTakeFirstOrThrow();
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
    ])
    .where("reviews.revieweeId", "=", userId)
    .where("reviews.subject", "in", ["seller", "buyer"])
    .where((eb) => revealed(eb, now))
    .orderBy("reviews.createdAt", "desc")
    .orderBy("reviews.id", "desc")
    .limit(limit)
    .execute();
}
