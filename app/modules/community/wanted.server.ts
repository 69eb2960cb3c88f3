import { sql, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { WantedAnswerKind } from "~db/schema-wanted";
import { transaction } from "~db/transaction";
import { Conflict, Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { EARTH_RADIUS_KM, type Point } from "~/lib/geo";
import { newId } from "~/lib/ids.server";
import { formatMoney } from "~/lib/money";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { enforceRateLimit } from "~/modules/accounts/rate-limit.server";
import { categoryTree } from "~/modules/listings/categories.server";
import { resolvePlace } from "~/modules/listings/location.server";
import {
  deleteStoredPhotos,
  storePhotos,
  type PhotoStorage,
  type PreparedPhoto,
} from "~/modules/listings/photos.server";
import { sellerInGoodStanding } from "~/modules/listings/visibility.server";
import { notify } from "~/modules/notifications/notify.server";
import { COMMUNITY_RATE_LIMITS } from "./rate-limits.server";
import { listingIdFromReference } from "./schemas";
import {
  WANTED_EXPIRY_NOTICE_DAYS,
  WANTED_LIFETIME_DAYS,
  type WantedAnswerInput,
  type WantedInput,
} from "./wanted-schemas.server";

type Executor = Kysely<Database> | Transaction<Database>;

const DAY_MS = 24 * 60 * 60 * 1000;

export function expiryFrom(now: Date): Date {
  return new Date(now.getTime() + WANTED_LIFETIME_DAYS * DAY_MS);
}

/**
 * Posts a request (verified email, rate limited). The place is resolved like a listing's (an
 * approximate point, never an address). The photo's files are written first and deleted again if
 * the row can't be written, like a listing's.
 */
export async function postWantedRequest(
  db: Kysely<Database>,
  options: {
    requesterId: string;
    input: WantedInput;
    photo?: PreparedPhoto | null;
    storage?: PhotoStorage;
    now?: Date;
  },
): Promise<string> {
  const { input } = options;
  await assertEmailVerified(db, options.requesterId);
  const fieldErrors: Record<string, string[]> = {};
  const place = resolvePlace(input.location);
  if (!place)
    fieldErrors.location = ["We don't know that place. Try a postal code like 97214 or a town like “Portland, OR”."];
  const tree = await categoryTree(db);
  if (!tree.byId.has(input.categoryId)) fieldErrors.categoryId = ["Choose a category from the list"];
  if (!place || Object.keys(fieldErrors).length) throw new InvalidInput("Please fix the marked fields.", fieldErrors);
  await enforceRateLimit(db, `community:wanted:${options.requesterId}`, COMMUNITY_RATE_LIMITS.wantedRequestsPerUser);
  const id = newId();
  const now = options.now ?? new Date();
  const [stored] =
    options.photo && options.storage ? await storePhotos(options.storage, id, [options.photo]) : [undefined];
  const node = tree.byId.get(input.categoryId)!;
  const family = [...tree.withDescendants(input.categoryId), ...(node.parentId ? [node.parentId] : [])];
  try {
    await transaction(db, async (trx) => {
      await trx
        .insertInto("wantedRequests")
        .values({
          id,
          requesterId: options.requesterId,
          title: input.title,
          details: input.details,
          categoryId: input.categoryId,
          budgetCents: input.budget,
          placeName: place.placeName,
          postalCode: place.postalCode,
          latitude: place.latitude,
          longitude: place.longitude,
          radiusKm: input.radiusKm,
          photoStorageKey: stored?.storageKey ?? null,
          photoWidth: stored?.width ?? null,
          photoHeight: stored?.height ?? null,
          expiresAt: expiryFrom(now),
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await tellShopsNearby(trx, {
        id,
        requesterId: options.requesterId,
        title: input.title,
        point: place,
        categoryIds: family,
      });
    });
  } catch (error) {
    if (stored && options.storage) await deleteStoredPhotos(options.storage, [stored.storageKey]);
    throw error;
  }
  return id;
}

/** How many shops hear of one new request at most (the nearest first). */
const NEARBY_SHOPS_TOLD = 20;

/**
 * "Wanted near you" for shop staff: the verified shops whose service area covers the request and
 * that offer an active service in its category (or its parent or subcategories).
 */
async function tellShopsNearby(
  trx: Transaction<Database>,
  request: { id: string; requesterId: string; title: string; point: Point; categoryIds: string[] },
): Promise<void> {
  const distance = sql<number>`(2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(
    power(sin(radians(retailers.latitude - ${request.point.latitude}) / 2), 2)
    + cos(radians(${request.point.latitude})) * cos(radians(retailers.latitude))
    * power(sin(radians(retailers.longitude - ${request.point.longitude}) / 2), 2)))))`;
  const shops = await trx
    .selectFrom("retailers")
    .select(["retailers.id", "retailers.name"])
    .where("retailers.status", "=", "verified")
    .where(sql<SqlBool>`${distance} <= retailers.service_radius_km`)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("services")
          .innerJoin("serviceCategories", "serviceCategories.serviceId", "services.id")
          .select("services.id")
          .whereRef("services.retailerId", "=", "retailers.id")
          .where("services.active", "=", true)
          .where("serviceCategories.categoryId", "in", request.categoryIds),
      ),
    )
    .orderBy(distance)
    .limit(NEARBY_SHOPS_TOLD)
    .execute();
  if (!shops.length) return;
  const staff = await trx
    .selectFrom("retailerStaff")
    .select(["retailerId", "userId"])
    .where(
      "retailerId",
      "in",
      shops.map((shop) => shop.id),
    )
    .where("userId", "<>", request.requesterId)
    .execute();
  const told = new Set<string>();
  for (const member of staff) {
    if (told.has(member.userId)) continue;
    told.add(member.userId);
    const shop = shops.find((candidate) => candidate.id === member.retailerId)!;
    await notify(
      trx,
      member.userId,
      "wanted_nearby",
      {
        title: `Wanted near ${shop.name}: ${request.title}`,
        body: "A neighbour in your service area is looking for something your shop may help with.",
        url: `/wanted/${request.id}`,
      },
      { dedupeKey: `wanted-nearby:${request.id}:${member.userId}` },
    );
  }
}

async function ownRequest(trx: Executor, requestId: string, userId: string) {
  const request = await trx
    .selectFrom("wantedRequests")
    .select(["id", "requesterId", "status", "removedAt", "expiresAt", "title"])
    .where("id", "=", requestId)
    .forUpdate()
    .executeTakeFirst();
  if (!request || (request.removedAt && request.requesterId !== userId))
    throw new NotFound("That request doesn't exist.");
  if (request.requesterId !== userId) throw new Forbidden("Only the member who posted the request can do that.");
  if (request.removedAt) throw new Forbidden("A moderator removed this request.");
  return request;
}

/** The requester keeps an open request listed for another 30 days from now (also after it expired). */
export async function renewWantedRequest(
  db: Kysely<Database>,
  input: { requestId: string; userId: string; now?: Date },
): Promise<Date> {
  return transaction(db, async (trx) => {
    const request = await ownRequest(trx, input.requestId, input.userId);
    if (request.status !== "open") throw new Conflict("Only an open request can be renewed.");
    const now = input.now ?? new Date();
    const expiresAt = expiryFrom(now);
    await trx.updateTable("wantedRequests").set({ expiresAt, updatedAt: now }).where("id", "=", request.id).execute();
    return expiresAt;
  });
}

/** The requester closes a request without marking a solution. */
export async function closeWantedRequest(db: Kysely<Database>, input: { requestId: string; userId: string }) {
  await transaction(db, async (trx) => {
    const request = await ownRequest(trx, input.requestId, input.userId);
    if (request.status !== "open") throw new Conflict("This request is closed already.");
    await trx
      .updateTable("wantedRequests")
      .set({ status: "closed", updatedAt: sql<Date>`now()` })
      .where("id", "=", request.id)
      .execute();
  });
}

const fieldError = (field: string, message: string) => new InvalidInput(message, { [field]: [message] });

/** The request an answer goes to: listed right now (open, unexpired, not removed, requester in good standing). */
async function answerableRequest(trx: Executor, requestId: string, now: Date) {
  const request = await trx
    .selectFrom("wantedRequests")
    .innerJoin("users as requester", "requester.id", "wantedRequests.requesterId")
    .select([
      "wantedRequests.id",
      "wantedRequests.requesterId",
      "wantedRequests.title",
      "wantedRequests.status",
      "wantedRequests.expiresAt",
      "wantedRequests.removedAt",
      "requester.suspendedAt",
      "requester.deletedAt",
    ])
    .where("wantedRequests.id", "=", requestId)
    .executeTakeFirst();
  if (!request || request.removedAt || request.suspendedAt || request.deletedAt)
    throw new NotFound("That request doesn't exist.");
  if (request.status !== "open" || request.expiresAt <= now)
    throw new Forbidden("This request is no longer taking answers.");
  return request;
}

/** A listing answer names an active listing of a member in good standing: the answerer's or anyone's. */
async function activeListing(trx: Executor, input: WantedAnswerInput): Promise<string> {
  const reference = input.ownListingId ?? (input.listing ? listingIdFromReference(input.listing) : null);
  if (!reference) {
    throw fieldError(
      "listing",
      input.listing
        ? "Paste a Stoop listing link (…/listings/…) or a listing id."
        : "Pick one of your listings or paste a listing link.",
    );
  }
  const listing = await trx
    .selectFrom("listings")
    .select(["id", "status"])
    .where("id", "=", reference)
    .where(sellerInGoodStanding)
    .executeTakeFirst();
  if (!listing) throw fieldError("listing", "We couldn't find that listing.");
  if (listing.status !== "active")
    throw fieldError("listing", "That listing isn't for sale right now; choose an active one.");
  return listing.id;
}

/**
 * Answers a request. A member answers as themselves with text or a listing; a staff member of a
 * verified shop may answer as the shop (its badge) with text, a listing, a quote for one of the
 * shop's own active services, or a recommendation of another verified shop (optionally one of its
 * active services). The requester is notified.
 */
export async function answerWantedRequest(
  db: Kysely<Database>,
  options: { requestId: string; authorId: string; input: WantedAnswerInput; now?: Date },
): Promise<string> {
  const { input, authorId } = options;
  await enforceRateLimit(db, `community:wanted-answer:${authorId}`, COMMUNITY_RATE_LIMITS.wantedAnswersPerUser);
  return transaction(db, async (trx) => {
    const request = await answerableRequest(trx, options.requestId, options.now ?? new Date());
    if (request.requesterId === authorId) throw new Forbidden("You can't answer your own request.");
    let retailerId: string | null = null;
    if (input.as !== "member") {
      const shop = await trx
        .selectFrom("retailerStaff")
        .innerJoin("retailers", "retailers.id", "retailerStaff.retailerId")
        .select(["retailers.id", "retailers.status"])
        .where("retailerStaff.retailerId", "=", input.as)
        .where("retailerStaff.userId", "=", authorId)
        .executeTakeFirst();
      if (!shop) throw fieldError("as", "You can only answer as a shop you work for.");
      if (shop.status !== "verified") throw fieldError("as", "Only verified shops answer as shops.");
      retailerId = shop.id;
    }
    const kind: WantedAnswerKind = input.kind;
    if ((kind === "quote" || kind === "recommendation") && !retailerId) {
      throw fieldError("as", "Only a shop can offer a quote or recommend a shop; answer as your shop.");
    }
    const row = {
      id: newId(),
      requestId: request.id,
      authorId,
      retailerId,
      kind,
      body: input.body,
      listingId: null as string | null,
      serviceId: null as string | null,
      recommendedRetailerId: null as string | null,
      quoteCents: null as number | null,
    };
    if (kind === "text") {
      if (input.body.length < 2) throw fieldError("body", "Write your answer (at least 2 characters).");
    } else if (kind === "listing") {
      row.listingId = await activeListing(trx, input);
    } else if (kind === "quote") {
      const service = input.serviceId
        ? await trx
            .selectFrom("services")
            .select(["id", "retailerId", "active"])
            .where("id", "=", input.serviceId)
            .executeTakeFirst()
        : undefined;
      if (!service || service.retailerId !== retailerId)
        throw fieldError("serviceId", "Choose one of your shop's services.");
      if (!service.active) throw fieldError("serviceId", "That service is paused; choose an active one.");
      if (input.price === null) throw fieldError("price", "Enter the price for this request, like 35.");
      row.serviceId = service.id;
      row.quoteCents = input.price;
    } else {
      if (!input.recommendedRetailerId) throw fieldError("recommendedRetailerId", "Choose the shop you recommend.");
      if (input.recommendedRetailerId === retailerId)
        throw fieldError("recommendedRetailerId", "Recommend another shop than your own.");
      const other = await trx
        .selectFrom("retailers")
        .select(["id", "status"])
        .where("id", "=", input.recommendedRetailerId)
        .executeTakeFirst();
      if (!other || other.status !== "verified") throw fieldError("recommendedRetailerId", "Choose a verified shop.");
      row.recommendedRetailerId = other.id;
      if (input.serviceId) {
        const service = await trx
          .selectFrom("services")
          .select(["id", "retailerId", "active"])
          .where("id", "=", input.serviceId)
          .executeTakeFirst();
        if (!service || service.retailerId !== other.id || !service.active)
          throw fieldError("serviceId", "Choose an active service of the shop you recommend, or none.");
        row.serviceId = service.id;
      }
    }
    await trx.insertInto("wantedAnswers").values(row).execute();
    const what =
      kind === "quote" && row.quoteCents !== null
        ? `A quote: ${formatMoney(row.quoteCents)}. `
        : kind === "recommendation"
          ? "A shop recommendation. "
          : kind === "listing"
            ? "A listing for you. "
            : "";
    await notify(
      trx,
      request.requesterId,
      "wanted_answer",
      {
        title: `New answer on your request “${request.title}”`,
        body: `${what}${input.body}`.slice(0, 200),
        url: `/wanted/${request.id}#answer-${row.id}`,
      },
      { dedupeKey: `wanted-answer:${row.id}` },
    );
    return row.id;
  });
}

/**
 * The requester marks the answer that solved the request: it closes as solved and the answerer
 * (the member, or every staff member of the shop it was given as) is notified once.
 */
export async function markWantedSolved(
  db: Kysely<Database>,
  input: { requestId: string; answerId: string; userId: string },
): Promise<void> {
  await transaction(db, async (trx) => {
    const request = await ownRequest(trx, input.requestId, input.userId);
    if (request.status !== "open") throw new Conflict("This request is closed already.");
    const answer = await trx
      .selectFrom("wantedAnswers")
      .innerJoin("users as author", "author.id", "wantedAnswers.authorId")
      .select(["wantedAnswers.id", "wantedAnswers.authorId", "wantedAnswers.retailerId"])
      .where("wantedAnswers.id", "=", input.answerId)
      .where("wantedAnswers.requestId", "=", request.id)
      .where("wantedAnswers.removedAt", "is", null)
      .where("author.suspendedAt", "is", null)
      .executeTakeFirst();
    if (!answer) throw new NotFound("That answer isn't on this request.");
    await trx
      .updateTable("wantedRequests")
      .set({ status: "solved", solvedAnswerId: answer.id, solvedAt: sql<Date>`now()`, updatedAt: sql<Date>`now()` })
      .where("id", "=", request.id)
      .where("status", "=", "open")
      .execute();
    const recipients = answer.retailerId
      ? (
          await trx.selectFrom("retailerStaff").select("userId").where("retailerId", "=", answer.retailerId).execute()
        ).map((row) => row.userId)
      : [answer.authorId];
    for (const userId of recipients) {
      await notify(
        trx,
        userId,
        "wanted_solved",
        {
          title: "Your answer solved a Wanted request",
          body: `The member who asked for “${request.title}” marked ${answer.retailerId ? "your shop's" : "your"} answer as the one that solved it.`,
          url: `/wanted/${request.id}#answer-${answer.id}`,
        },
        { dedupeKey: `wanted-solved:${request.id}:${userId}` },
      );
    }
  });
}

/**
 * The expiry sweep (a cron job): tells each requester once, a few days before their open request
 * stops listing (or at once if the sweep first sees it within a day after). Idempotent: the notice
 * is keyed by the request and its expiry, so a rerun sends nothing twice, and a renewal (a new
 * expiry) earns a new notice next time.
 */
export async function sendWantedExpiryNotices(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const due = await db
    .selectFrom("wantedRequests")
    .innerJoin("users as requester", "requester.id", "wantedRequests.requesterId")
    .select(["wantedRequests.id", "wantedRequests.requesterId", "wantedRequests.title", "wantedRequests.expiresAt"])
    .where("wantedRequests.status", "=", "open")
    .where("wantedRequests.removedAt", "is", null)
    .where("requester.deletedAt", "is", null)
    .where("wantedRequests.expiresAt", "<=", new Date(now.getTime() + WANTED_EXPIRY_NOTICE_DAYS * DAY_MS))
    .where("wantedRequests.expiresAt", ">", new Date(now.getTime() - DAY_MS))
    .orderBy("wantedRequests.expiresAt")
    .limit(500)
    .execute();
  let sent = 0;
  for (const request of due) {
    const result = await transaction(db, (trx) =>
      notify(
        trx,
        request.requesterId,
        "wanted_expiring",
        {
          title:
            request.expiresAt <= now
              ? `Your request “${request.title}” has expired`
              : `Your request “${request.title}” expires soon`,
          body: "Renew it to keep it listed for another 30 days, or close it if you found what you needed.",
          url: `/wanted/${request.id}`,
        },
        { dedupeKey: `wanted-expiring:${request.id}:${request.expiresAt.toISOString()}` },
      ),
    );
    if (!result.duplicate) sent += 1;
  }
  return sent;
}
