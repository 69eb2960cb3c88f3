import { describe, expect, it } from "vitest";
import { InvalidInput } from "~/lib/errors";
import { memberFeed, setFeedLocation } from "~/modules/community/feed.server";
import { follow } from "~/modules/community/follows.server";
import { NEARBY_FALLBACK_BELOW } from "~/modules/community/feed-cursor.server";
import { updateListing } from "~/modules/listings/listings.server";
import {
  createListing,
  createQuestionWithAnswer,
  createRetailer,
  createService,
  createUser,
} from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { createWantedRequest } from "../../support/wanted-factories";

const database = useTestDatabase();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

// Far from Portland (the factories' default place), so these listings are never "nearby".
const FAR = { latitude: 40.71, longitude: -74.0, placeName: "New York, NY" };

describe("the feed", () => {
  it("mixes new listings, price drops, services and shop answers from follows, newest first", async () => {
    const db = database.db;
    const me = await createUser(db);
    const seller = await createUser(db, { displayName: "Followed Seller" });
    const shop = await createRetailer(db, { name: "Fix-It Shop" });
    await follow(db, me.id, { kind: "member", id: seller.id });
    await follow(db, me.id, { kind: "retailer", id: shop.id });

    const older = await createListing(db, {
      sellerId: seller.id,
      title: "Old lamp",
      publishedAt: minutesAgo(60),
      ...FAR,
    });
    const service = await createService(db, shop.id, { title: "Lamp rewiring" });
    const other = await createListing(db, { title: "Someone's chair", ...FAR });
    const { answerId } = await createQuestionWithAnswer(db, {
      listingId: other.id,
      askerId: me.id,
      question: "Can it be fixed?",
      answererId: shop.ownerId,
      answer: "Yes, we fix those.",
    });
    await updateListing(db, {
      listingId: older.id,
      userId: seller.id,
      input: {
        title: older.title,
        description: older.description,
        categoryId: older.categoryId,
        condition: older.condition,
        priceCents: 1500,
        pickup: true,
        shipping: false,
        shippingCents: null,
        location: "10001",
      },
    });
    // Not followed: never in the feed.
    await createListing(db, { title: "Stranger's thing", ...FAR });

    const page = await memberFeed(db, me.id);
    const kinds = page.items.map((item) => item.kind);
    expect(kinds.sort()).toEqual(["answer", "drop", "listing", "service"]);
    const times = page.items.map((item) => item.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.items.find((item) => item.kind === "listing")).toMatchObject({ listing: { id: older.id } });
    expect(page.items.find((item) => item.kind === "drop")).toMatchObject({ fromCents: 2500, toCents: 1500 });
    expect(page.items.find((item) => item.kind === "service")).toMatchObject({ service: { id: service.id } });
    expect(page.items.find((item) => item.kind === "answer")).toMatchObject({
      answer: { id: answerId, retailerName: "Fix-It Shop" },
    });
    expect(page.nextCursor).toBeNull();
    expect(await memberFeed(db, me.id, { plan: "recent" })).toEqual(page);
  });

  it("pages through everything once, with no duplicates or gaps, ties included", async () => {
    const db = database.db;
    const me = await createUser(db);
    const seller = await createUser(db);
    await follow(db, me.id, { kind: "member", id: seller.id });
    const sameMoment = minutesAgo(5);
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      const at = i < 4 ? sameMoment : minutesAgo(10 + i);
      ids.push((await createListing(db, { sellerId: seller.id, publishedAt: at, ...FAR })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await memberFeed(db, me.id, { cursor, pageSize: 3 });
      seen.push(...page.items.map((item) => (item.kind === "listing" ? item.listing.id : "?")));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(11);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("adds nearby listings only while follows give fewer than the threshold, and not the member's own", async () => {
    const db = database.db;
    const me = await createUser(db);
    await setFeedLocation(db, me.id, { place: "97214", radiusKm: 10 });
    const nearby = await createListing(db, { title: "Nearby bike" });
    await createListing(db, { sellerId: me.id, title: "My own bike" });
    await createListing(db, { title: "Far bike", ...FAR });

    const few = await memberFeed(db, me.id);
    expect(few.items.map((item) => item.kind === "nearby" && item.listing.id)).toEqual([nearby.id]);
    expect(few.nearby).toMatchObject({ radiusKm: 10 });

    const seller = await createUser(db);
    await follow(db, me.id, { kind: "member", id: seller.id });
    for (let i = 0; i < NEARBY_FALLBACK_BELOW; i++)
      await createListing(db, { sellerId: seller.id, publishedAt: minutesAgo(30 + i), ...FAR });
    const many = await memberFeed(db, me.id);
    expect(many.items.some((item) => item.kind === "nearby")).toBe(false);
    expect(many.nearby).toBeNull();
  });

  it("leaves out sold, hidden and suspended sellers' listings, unverified shops and removed answers", async () => {
    const db = database.db;
    const me = await createUser(db);
    const seller = await createUser(db);
    const suspended = await createUser(db);
    const pendingShop = await createRetailer(db, { status: "pending" });
    const shop = await createRetailer(db);
    for (const id of [seller.id, suspended.id]) await follow(db, me.id, { kind: "member", id });
    await follow(db, me.id, { kind: "retailer", id: shop.id });
    await db
      .insertInto("follows")
      .values({ id: "pending-follow", followerId: me.id, followedRetailerId: pendingShop.id })
      .execute();

    await createListing(db, { sellerId: seller.id, status: "sold", ...FAR });
    await createListing(db, { sellerId: seller.id, status: "archived", ...FAR });
    await createListing(db, { sellerId: suspended.id, ...FAR });
    await db.updateTable("users").set({ suspendedAt: new Date() }).where("id", "=", suspended.id).execute();
    await createService(db, pendingShop.id);
    await createService(db, shop.id, { active: false });
    const listing = await createListing(db, FAR);
    const { answerId } = await createQuestionWithAnswer(db, {
      listingId: listing.id,
      askerId: me.id,
      question: "Any scratches?",
      answererId: shop.ownerId,
      answer: "removed later",
    });
    await db.updateTable("answers").set({ removedAt: new Date() }).where("id", "=", answerId).execute();

    expect((await memberFeed(db, me.id)).items).toEqual([]);
    expect((await memberFeed(db, me.id, { plan: "recent" })).items).toEqual([]);
  });

  it("shows open Wanted requests near the member's feed place, not expired, removed, far, closed or own ones", async () => {
    const db = database.db;
    const me = await createUser(db);
    await setFeedLocation(db, me.id, { place: "97214", radiusKm: 10 });
    const near = await createWantedRequest(db, { title: "A cast-iron pan", budgetCents: 2000 });
    const noBudget = await createWantedRequest(db, {
      title: "Any bike pump",
      budgetCents: null,
      createdAt: minutesAgo(5),
    });
    await createWantedRequest(db, { title: "Expired", createdAt: minutesAgo(60), expiresAt: minutesAgo(1) });
    await createWantedRequest(db, { title: "Removed", removedAt: new Date() });
    await createWantedRequest(db, { title: "Closed", status: "closed" });
    await createWantedRequest(db, { title: "Far", latitude: FAR.latitude, longitude: FAR.longitude });
    await createWantedRequest(db, { title: "Mine", requesterId: me.id });
    const suspended = await createUser(db);
    await createWantedRequest(db, { title: "Suspended's", requesterId: suspended.id });
    await db.updateTable("users").set({ suspendedAt: new Date() }).where("id", "=", suspended.id).execute();

    // Earlier tests' nearby listings share the database: look at the Wanted items only.
    const page = await memberFeed(db, me.id);
    expect(page.items.filter((item) => item.kind === "wanted")).toMatchObject([
      { kind: "wanted", wanted: { id: near.id, title: "A cast-iron pan", budgetCents: 2000 } },
      { kind: "wanted", wanted: { id: noBudget.id, budgetCents: null } },
    ]);
  });

  it("leaves Wanted requests out for a member with no feed place", async () => {
    const db = database.db;
    const me = await createUser(db);
    await createWantedRequest(db);
    expect((await memberFeed(db, me.id)).items).toEqual([]);
  });

  it("pages Wanted requests with follow items exactly, ties on time broken by key", async () => {
    const db = database.db;
    const me = await createUser(db);
    await setFeedLocation(db, me.id, { place: "97214", radiusKm: 10 });
    const seller = await createUser(db);
    await follow(db, me.id, { kind: "member", id: seller.id });
    const same = minutesAgo(10);
    const keys: string[] = [];
    for (let i = 0; i < 4; i++) {
      const listing = await createListing(db, { sellerId: seller.id, publishedAt: same, ...FAR });
      const request = await createWantedRequest(db, { createdAt: same });
      keys.push(`listing:${listing.id}`, `wanted:${request.id}`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof memberFeed>> = await memberFeed(db, me.id, { cursor, pageSize: 3 });
      seen.push(...page.items.map((item) => item.key));
      cursor = page.nextCursor;
    } while (cursor);
    // Earlier tests' items near Portland share the database: each item once, all of these among them.
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen).toEqual(expect.arrayContaining(keys));
  });

  it("gives the same pages with the recent-first plan as with the per-follow plan, whether its walk fills a page or not", async () => {
    const db = database.db;
    const me = await createUser(db);
    const busy = await createUser(db);
    const quiet = await createUser(db);
    for (const id of [busy.id, quiet.id]) await follow(db, me.id, { kind: "member", id });
    // The quiet seller's items are older than everything else, so a short walk misses them.
    const old = await createListing(db, { sellerId: quiet.id, publishedAt: minutesAgo(600), ...FAR });
    const same = minutesAgo(20);
    for (let i = 0; i < 6; i++)
      await createListing(db, { sellerId: busy.id, publishedAt: i < 3 ? same : minutesAgo(i), ...FAR });
    for (let i = 0; i < 4; i++) await createListing(db, { publishedAt: minutesAgo(i), ...FAR }); // not followed
    await updateListing(db, {
      listingId: old.id,
      userId: quiet.id,
      input: {
        title: old.title,
        description: old.description,
        categoryId: old.categoryId,
        condition: old.condition,
        priceCents: 900,
        pickup: true,
        shipping: false,
        shippingCents: null,
        location: "10001",
      },
    });
    const allPages = async (options: Parameters<typeof memberFeed>[2]) => {
      const keys: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof memberFeed>> = await memberFeed(db, me.id, { ...options, cursor });
        keys.push(...page.items.map((item) => item.key));
        cursor = page.nextCursor;
      } while (cursor);
      return keys;
    };
    const expected = await allPages({ plan: "lateral", pageSize: 2 });
    expect(expected).toHaveLength(8);
    expect(expected).toContain(`listing:${old.id}`);
    for (const recentScanRows of [1, 3, 1000])
      for (const pageSize of [2, 3, 20])
        expect(await allPages({ plan: "recent", pageSize, recentScanRows })).toEqual(expected);
  });

  it("refuses a broken or forged cursor as invalid input", async () => {
    const me = await createUser(database.db);
    const forged = Buffer.from(JSON.stringify(["not a time", "listing:x", 0])).toString("base64url");
    for (const cursor of ["%%%", "bm90IGpzb24", forged, "a".repeat(500)])
      await expect(memberFeed(database.db, me.id, { cursor })).rejects.toBeInstanceOf(InvalidInput);
  });
});
