import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { transaction } from "~db/transaction";
import { getListingPage } from "~/modules/community/listing-page.server";
import { askQuestion } from "~/modules/community/questions.server";
import { ratingSummary, REVIEW_WINDOW_DAYS } from "~/modules/community/reviews.server";
import { servicesForListing, servicesInReach } from "~/modules/retailers/services.server";
import { useTestDatabase } from "../../support/database";
import { createCompletedOrder, createListing, createRetailer, createReview, createUser } from "../../support/factories";

/**
 * The listing page reads its seller's rating, whether there are questions and the shops' add-on
 * candidates as subqueries of its one query; these prove it agrees with the modules' own reads.
 * Everything sits near Tromsø, far from every other test's rows.
 */
const database = useTestDatabase();
const db = () => database.db;
const TROMSO = { latitude: 69.65, longitude: 18.96 };
const THIRTY_KM_NORTH = { latitude: 69.92, longitude: 18.96 };
const DAY_MS = 24 * 60 * 60 * 1000;

describe("the listing page's one query", () => {
  it("offers the add-ons servicesForListing offers: category with its parent, verified, in reach", async () => {
    const near = await createRetailer(db(), {
      ...TROMSO,
      serviceRadiusKm: 10,
      services: [
        { title: "Phone screen swap", priceCents: 6000, categoryIds: ["phones"] },
        { title: "Any electronics check", priceCents: 2500, categoryIds: ["electronics"] },
        { title: "Bike tune-up", priceCents: 3000, categoryIds: ["bikes"] },
        { title: "Paused wipe", priceCents: 1000, categoryIds: ["phones"], active: false },
      ],
    });
    await createRetailer(db(), {
      ...THIRTY_KM_NORTH,
      serviceRadiusKm: 20,
      services: [{ title: "Too far to reach", priceCents: 500, categoryIds: ["phones"] }],
    });
    await createRetailer(db(), {
      ...TROMSO,
      status: "pending",
      services: [{ title: "Unverified shop", priceCents: 500, categoryIds: ["phones"] }],
    });
    const phone = await createListing(db(), { ...TROMSO, categoryId: "phones" });

    const page = await getListingPage(db(), phone.id, null, null);
    const offered = servicesInReach(page.serviceCandidates, page.point);

    expect(offered.map((service) => service.title)).toEqual(["Any electronics check", "Phone screen swap"]);
    expect(offered.every((service) => service.retailerId === near.id)).toBe(true);
    expect(offered).toEqual(await servicesForListing(db(), phone));
  });

  it("has no add-on candidates for a listing that isn't for sale", async () => {
    await createRetailer(db(), {
      ...TROMSO,
      services: [{ title: "Sofa clean", priceCents: 4000, categoryIds: ["furniture"] }],
    });
    const owner = await createUser(db());
    const reserved = await createListing(db(), { ...TROMSO, categoryId: "sofas-chairs", status: "reserved" });
    const active = await createListing(db(), { ...TROMSO, categoryId: "sofas-chairs", sellerId: owner.id });

    expect((await getListingPage(db(), reserved.id, null, null)).serviceCandidates).toEqual([]);
    expect((await getListingPage(db(), active.id, null, null)).serviceCandidates.map((s) => s.title)).toContain(
      "Sofa clean",
    );
  });

  it("shows the seller's revealed rating, the same as ratingSummary", async () => {
    const seller = await createUser(db());
    const longAgo = new Date(Date.now() - (REVIEW_WINDOW_DAYS + 1) * DAY_MS);
    // Revealed: the window has closed. Hidden: the buyer reviewed today and the seller hasn't yet.
    const old = await createCompletedOrder(db(), { sellerId: seller.id, completedAt: longAgo });
    await createReview(db(), {
      orderId: old.order.id,
      subject: "seller",
      reviewerId: old.buyerId,
      revieweeId: seller.id,
      rating: 4,
      body: "Fine",
    });
    const recent = await createCompletedOrder(db(), { sellerId: seller.id });
    await createReview(db(), {
      orderId: recent.order.id,
      subject: "seller",
      reviewerId: recent.buyerId,
      revieweeId: seller.id,
      rating: 1,
      body: "Hidden for now",
    });
    const listing = await createListing(db(), { ...TROMSO, sellerId: seller.id });

    const page = await getListingPage(db(), listing.id, null, null);

    expect(page.sellerRating).toEqual({ average: 4, count: 1 });
    expect(page.sellerRating).toEqual(await ratingSummary(db(), seller.id, "seller"));
    const unrated = await createListing(db(), { ...TROMSO });
    expect((await getListingPage(db(), unrated.id, null, null)).sellerRating).toEqual({ average: null, count: 0 });
  });

  it("knows whether anyone asked a question, so a listing without any reads no Q&A", async () => {
    const listing = await createListing(db(), { ...TROMSO });
    expect((await getListingPage(db(), listing.id, null, null)).hasQuestions).toBe(false);

    const asker = await createUser(db());
    await askQuestion(db(), { listingId: listing.id, askerId: asker.id, body: "Does it still work?" });

    expect((await getListingPage(db(), listing.id, null, null)).hasQuestions).toBe(true);
  });

  // PGlite has no prepared statements to look at; there the page runs as an ordinary query.
  it.runIf(process.env.TEST_DATABASE_URL)(
    "runs as a prepared statement on PostgreSQL, with one plan reused instead of a plan per view",
    async () => {
      const listing = await createListing(db(), { ...TROMSO, title: "Prepared teapot" });
      // One connection for every read (prepared statements belong to a connection).
      await transaction(db(), async (connection) => {
        const first = await getListingPage(connection, listing.id, null, null);
        const near = await getListingPage(connection, listing.id, null, TROMSO);
        expect(near.listing.title).toBe(first.listing.title);
        expect(near.listing.distanceKm).toBe(0);
        // PostgreSQL plans the first five executions one by one, then reuses a generic plan if it
        // is as good (at scale, only when the constants are literals: the next test).
        for (let view = 0; view < 7; view++) await getListingPage(connection, listing.id, null, null);
        const { rows } = await sql<{ name: string; statement: string; genericPlans: string | number }>`
          select name, statement, generic_plans from pg_prepared_statements`.execute(connection);
        const pageStatements = rows.filter((row) => row.statement.includes(`"l"."seller_id"`));
        // One statement per shape: without and with a "distance from" point.
        expect(pageStatements).toHaveLength(2);
        expect(pageStatements.every((row) => row.name.startsWith("stoop_prepared_"))).toBe(true);
        expect(Math.max(...pageStatements.map((row) => Number(row.genericPlans)))).toBeGreaterThan(0);
      });
    },
  );

  it.runIf(process.env.TEST_DATABASE_URL)(
    "keeps its constants in the SQL, so the reused generic plan can use the partial indexes on active listings",
    async () => {
      const seller = await createUser(db());
      const listing = await createListing(db(), { ...TROMSO, sellerId: seller.id, categoryId: "cameras" });
      await createListing(db(), { ...TROMSO, sellerId: seller.id, categoryId: "cameras" });
      await transaction(db(), async (connection) => {
        // The plan PostgreSQL settles on at scale, forced here where the tables are tiny.
        await sql`set local plan_cache_mode = force_generic_plan`.execute(connection);
        await sql`set local enable_seqscan = off`.execute(connection);
        // Index scans counted by this backend (not flushed while the transaction is open), around one
        // view, over every partial index on active listings (the seller's, the category's, the feed's
        // recent-first one: whichever the planner picks, it can only pick one with a literal status).
        const partialIndexScans = async () => {
          const { rows } = await sql<{ scans: string | number; indexes: string | number }>`
            select coalesce(sum(pg_stat_get_xact_numscans(i.indexrelid)), 0) as scans, count(*) as indexes
            from pg_index i
            where i.indrelid = 'listings'::regclass
              and pg_get_expr(i.indpred, i.indrelid) = '(status = ''active''::text)'`.execute(connection);
          expect(Number(rows[0]!.indexes)).toBeGreaterThanOrEqual(2);
          return Number(rows[0]!.scans);
        };
        const before = await partialIndexScans();
        await getListingPage(connection, listing.id, null, null);
        // With `status = $1` a generic plan could use neither partial index.
        expect(await partialIndexScans()).toBeGreaterThan(before);
      });
    },
  );
});
