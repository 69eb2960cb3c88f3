import { sql, type CompiledQuery, type Kysely, type SqlBool } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { prepareOnEachConnection } from "~db/prepared-statements";
import type { Database } from "~db/schema";
import type { Point } from "~/lib/geo";
import { listingPageQuery, toListingPage, type ListingPageRow, type Viewer } from "~/modules/listings/browse.server";
import type { PassportEntryView } from "~/modules/listings/passport";
import { passportEntriesQuery } from "~/modules/listings/passport.server";
import { serviceCandidatesQuery, servicesInReach } from "~/modules/retailers/services.server";
import { startConversation } from "./messages.server";
import { answerQuestion, askQuestion, listQuestions, markHelpful, toggleUpvote } from "./questions.server";
import { ratingQuery, reviewWindowClosedFor, toRatingSummary, withShopRatings } from "./reviews.server";
import { LISTING_COMMUNITY_INTENTS } from "./schemas";
import { type ListingCommunityForm } from "./schemas.server";

/**
 * The listing page's read model and its community actions. The page sits above the modules it
 * shows: the listing (listings/), the seller's rating and the Q&A (community/) and the shops'
 * add-ons (retailers/), so it is composed here, at the top, and listings/ keeps only listing queries
 * (docs/decisions/031).
 */

type Executor = Kysely<Database>;

/**
 * The listing page's one query: the listing's own part (`listingPageQuery`) plus, as correlated
 * subqueries, the seller's revealed rating, whether anyone asked a question and the shops' add-on
 * candidates. `reviewWindowClosed` is the moment before which orders' review windows have closed.
 */
function pageQuery(db: Executor, listingId: string, from: Point | null, reviewWindowClosed: Date) {
  return listingPageQuery(db, listingId, from).select(() => [
    jsonObjectFrom(ratingQuery(db, sql<string>`l.seller_id`, "seller", reviewWindowClosed)).as("sellerRating"),
    // Only whether there are questions: most listings have none, and then Q&A costs no query.
    db
      .selectFrom("questions")
      .select(sql<boolean>`true`.as("any"))
      .where(sql<SqlBool>`questions.listing_id = l.id`)
      .limit(sql.lit(1))
      .as("hasQuestions"),
    // The item's passport (its history on Stoop): usually no passport, and then no rows to read.
    sql<string | null>`l.passport_id`.as("passportId"),
    jsonArrayFrom(passportEntriesQuery(db, sql<string | null>`l.passport_id`)).as("passport"),
    // Shops' add-ons that may reach the item; the exact radius test runs in servicesInReach.
    jsonArrayFrom(
      serviceCandidatesQuery(db, {
        categoryIds: [sql<string>`l.category_id`, sql<string | null>`categories.parent_id`],
        latitude: sql<number>`l.latitude`,
      }).where(sql<SqlBool>`l.status = 'active'`),
    ).as("serviceCandidates"),
  ]);
}

type PageRow = Awaited<ReturnType<ReturnType<typeof pageQuery>["executeTakeFirstOrThrow"]>>;

// Building and compiling that query costs the server about as much CPU as PostgreSQL spends
// running it, so each shape (with or without a point) is compiled once per database handle and
// reused with fresh parameter values put where the placeholders were. PostgreSQL, in turn, plans
// it once per connection (a prepared statement) instead of on every view (docs/decisions/017).
const LISTING_ID = "\u0000listing-id";
const LATITUDE = "\u0000latitude";
const LONGITUDE = "\u0000longitude";
const REVIEW_WINDOW_CLOSED = "\u0000review-window-closed";
const compiledPages = new WeakMap<object, Map<string, CompiledQuery>>();

function compiledListingPage(db: Executor, listingId: string, from: Point | null) {
  const shape = from ? "near" : "anywhere";
  let byShape = compiledPages.get(db);
  if (!byShape) compiledPages.set(db, (byShape = new Map()));
  let compiled = byShape.get(shape);
  if (!compiled) {
    const placeholder = from ? { latitude: LATITUDE, longitude: LONGITUDE } : null;
    compiled = pageQuery(
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
 * subqueries returning JSON), and the item passport's entries. `listingCommunity` reads the questions only when there are some, and
 * turns the add-on candidates into offers. The listing's state is always read live: nothing here
 * is cached, so a sold or removed listing never shows as available.
 */
export async function getListingPage(db: Executor, listingId: string, viewer: Viewer | null, from: Point | null) {
  const { rows } = await db.executeQuery(compiledListingPage(db, listingId, from));
  const row = rows[0] as PageRow | undefined;
  const { sellerRating, hasQuestions, serviceCandidates, passport, passportId, ...listing } =
    row ?? ({} as Partial<PageRow>);
  // NotFound for a listing the viewer may not see.
  const page = toListingPage(row ? (listing as ListingPageRow) : undefined, viewer, from);
  return {
    ...page,
    sellerRating: toRatingSummary(sellerRating ?? { count: 0, average: null }),
    hasQuestions: Boolean(hasQuestions),
    serviceCandidates: serviceCandidates ?? [],
    passport: (passport ?? []) as PassportEntryView[],
    passportId: passportId ?? null,
  };
}

type ListingPage = Awaited<ReturnType<typeof getListingPage>>;

type Questions = Awaited<ReturnType<typeof listQuestions>>;

/**
 * The reads the page query could not answer, in parallel: the Q&A (only when there are questions)
 * and the add-ons in a shop's reach with each shop's rating (never for the listing's own seller).
 * A view of a listing without questions or nearby shops makes neither.
 */
export async function listingCommunity(
  db: Executor,
  page: Pick<ListingPage, "listing" | "isOwner" | "hasQuestions" | "serviceCandidates" | "point">,
  viewerId: string | null,
) {
  const { listing } = page;
  const visible = ["active", "reserved", "sold"].includes(listing.status);
  const [questions, services] = await Promise.all([
    visible && page.hasQuestions ? listQuestions(db, listing.id, viewerId) : ([] as Questions),
    withShopRatings(db, page.isOwner ? [] : servicesInReach(page.serviceCandidates, page.point)),
  ]);
  return { questions, questionsOpen: ["active", "reserved"].includes(listing.status), services };
}

export function isCommunityIntent(intent: unknown): intent is (typeof LISTING_COMMUNITY_INTENTS)[number] {
  return typeof intent === "string" && (LISTING_COMMUNITY_INTENTS as readonly string[]).includes(intent);
}

/** What a community action on the listing page did, for the route to decide where to go next. */
export type ListingCommunityOutcome =
  | { intent: "ask"; questionId: string }
  | { intent: "answer"; answerId: string }
  | { intent: "upvote" | "helpful"; answerId: string }
  | { intent: "message"; conversationId: string };

/**
 * A member acts in the listing page's community part, with the form the route parsed
 * (`listingCommunityFormSchema`): asks, answers, upvotes or marks an answer helpful, or messages the
 * seller. Domain errors are thrown as they are (the route shows them next to that form).
 */
export async function actOnListingCommunity(
  db: Executor,
  userId: string,
  listingId: string,
  form: ListingCommunityForm,
): Promise<ListingCommunityOutcome> {
  switch (form.intent) {
    case "ask":
      return { intent: "ask", questionId: await askQuestion(db, { listingId, askerId: userId, body: form.question }) };
    case "answer": {
      const answerId = await answerQuestion(db, {
        questionId: form.questionId,
        authorId: userId,
        body: form.answer,
        recommendation: form.recommendation || null,
      });
      return { intent: "answer", answerId };
    }
    case "upvote":
      await toggleUpvote(db, { answerId: form.answerId, userId });
      return { intent: "upvote", answerId: form.answerId };
    case "helpful":
      await markHelpful(db, { answerId: form.answerId, userId });
      return { intent: "helpful", answerId: form.answerId };
    case "message":
      return { intent: "message", conversationId: await startConversation(db, { listingId, buyerId: userId }) };
  }
}
