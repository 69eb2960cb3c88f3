import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { NotifyBus, NotifyHandlers } from "~db/notify-bus";
import { FEED_CHANNEL, followFeedChanges } from "~/modules/community/feed-cache.server";
import { readMemberFeed, setFeedLocation } from "~/modules/community/feed.server";
import { follow, unfollow } from "~/modules/community/follows.server";
import { answerQuestion, askQuestion } from "~/modules/community/questions.server";
import { publishListing, updateListing } from "~/modules/listings/listings.server";
import { createService as addService, setServiceActive } from "~/modules/retailers/services.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
// Far from Portland (the factories' default place), so these listings are never "nearby".
const FAR = { latitude: 40.71, longitude: -74.0, placeName: "New York, NY" };

const keys = async (userId: string, pageSize = 5) =>
  (await readMemberFeed(database.db, userId, { pageSize })).items.map((item) => item.key);

/** A member following one seller who has one listing: the cached first page to start from. */
async function followerWithCachedPage() {
  const db = database.db;
  const me = await createUser(db);
  const seller = await createUser(db);
  await follow(db, me.id, { kind: "member", id: seller.id });
  const listing = await createListing(db, { sellerId: seller.id, publishedAt: minutesAgo(30), ...FAR });
  const first = await readMemberFeed(db, me.id, { pageSize: 5 });
  expect(first.items.map((item) => item.key)).toEqual([`listing:${listing.id}`]);
  return { me, seller, listing, first };
}

describe("the feed's cached first page", () => {
  it("is served from the cache until something it shows changes (a write behind the modules' back stays unseen)", async () => {
    const { me, seller, first } = await followerWithCachedPage();
    // A factory insert announces nothing: the cached page, not the query, hides it.
    await createListing(database.db, { sellerId: seller.id, publishedAt: minutesAgo(1), ...FAR });
    expect(await readMemberFeed(database.db, me.id, { pageSize: 5 })).toBe(first);
    // A later page is never cached; the same member's /feed page (20 items) is its own entry.
    expect((await readMemberFeed(database.db, me.id)).items).toHaveLength(2);
  });

  it("shows a followed member's new listing and price drop on the next read", async () => {
    const db = database.db;
    const { me, seller, listing } = await followerWithCachedPage();
    const draft = await createListing(db, { sellerId: seller.id, status: "draft", ...FAR });
    await publishListing(db, draft.id, { userId: seller.id, role: "member" });
    expect(await keys(me.id)).toEqual([`listing:${draft.id}`, `listing:${listing.id}`]);

    await updateListing(db, {
      listingId: listing.id,
      userId: seller.id,
      input: {
        title: listing.title,
        description: listing.description,
        categoryId: listing.categoryId,
        condition: listing.condition,
        priceCents: listing.priceCents - 500,
        pickup: true,
        shipping: false,
        shippingCents: null,
        location: "10001",
      },
    });
    const page = await readMemberFeed(db, me.id, { pageSize: 5 });
    expect(page.items[0]).toMatchObject({ kind: "drop", toCents: listing.priceCents - 500 });
  });

  it("shows a followed shop's new service, a paused one's leaving, and its staff's answer on the next read", async () => {
    const db = database.db;
    const { me } = await followerWithCachedPage();
    const shop = await createRetailer(db, { name: "Cached Fix-It" });
    await follow(db, me.id, { kind: "retailer", id: shop.id });
    const category = await db.selectFrom("categories").select("id").limit(1).executeTakeFirstOrThrow();
    expect((await keys(me.id)).filter((key) => key.startsWith("service:"))).toEqual([]);

    const service = await addService(
      db,
      shop.id,
      shop.ownerId,
      {
        title: "Lamp rewiring",
        description: "We rewire old lamps safely.",
        price: 2500,
        performedAt: "shop",
        leadDays: 2,
        kind: "standard",
        active: true,
      },
      [category.id],
    );
    expect((await keys(me.id))[0]).toBe(`service:${service.id}`);
    await setServiceActive(db, shop.id, service.id, shop.ownerId, false);
    expect(await keys(me.id)).not.toContain(`service:${service.id}`);

    const asker = await createUser(db);
    const other = await createListing(db, { ...FAR });
    const questionId = await askQuestion(db, { listingId: other.id, askerId: asker.id, body: "Can it be fixed?" });
    const answerId = await answerQuestion(db, { questionId, authorId: shop.ownerId, body: "Yes, we fix those." });
    expect((await keys(me.id))[0]).toBe(`answer:${answerId}`);
  });

  it("follows the member's own follow, unfollow and feed place at once", async () => {
    const db = database.db;
    const { me, listing } = await followerWithCachedPage();
    const another = await createUser(db);
    const theirs = await createListing(db, { sellerId: another.id, publishedAt: minutesAgo(5), ...FAR });
    expect(await keys(me.id)).toEqual([`listing:${listing.id}`]);
    await follow(db, me.id, { kind: "member", id: another.id });
    expect(await keys(me.id)).toEqual([`listing:${theirs.id}`, `listing:${listing.id}`]);
    await unfollow(db, me.id, { kind: "member", id: another.id });
    expect(await keys(me.id)).toEqual([`listing:${listing.id}`]);

    // A listing near Portland (the factories' default place) joins once the feed has a place there.
    const near = await createListing(db, { publishedAt: minutesAgo(2) });
    expect(await keys(me.id)).toEqual([`listing:${listing.id}`]);
    await setFeedLocation(db, me.id, { place: "97214", radiusKm: 10 });
    const page = await readMemberFeed(db, me.id, { pageSize: 5 });
    expect(page.items.map((item) => item.key)).toContain(`nearby:${near.id}`);
    expect(page.settings).toEqual({ feedPlaceName: expect.any(String), feedRadiusKm: 10 });
  });

  it("serves nothing cached while the listening connection is down, and counts every page stale once it is back", async () => {
    let handlers!: NotifyHandlers;
    const bus: NotifyBus = {
      subscribe: async (_channel, given) => {
        handlers = given;
        return () => {};
      },
      close: async () => {},
    };
    const stop = await followFeedChanges(bus);
    const { me, seller, first } = await followerWithCachedPage();
    handlers.lost!();
    expect(await readMemberFeed(database.db, me.id, { pageSize: 5 })).not.toBe(first);
    await createListing(database.db, { sellerId: seller.id, publishedAt: minutesAgo(1), ...FAR });
    expect(await keys(me.id)).toHaveLength(2);
    handlers.reset!();
    const again = await readMemberFeed(database.db, me.id, { pageSize: 5 });
    expect(await readMemberFeed(database.db, me.id, { pageSize: 5 })).toBe(again);
    stop();
  });
});

describe("the feed's cached first page across processes", () => {
  it("drops a member's page when another process announces their change on the feed channel", async () => {
    // This process's subscription, as app/server/start.ts opens it.
    const bus = database.handle.openNotifyBus();
    await followFeedChanges(bus);
    const { me, seller, first } = await followerWithCachedPage();
    const later = await createListing(database.db, { sellerId: seller.id, publishedAt: minutesAgo(1), ...FAR });
    expect(await readMemberFeed(database.db, me.id, { pageSize: 5 })).toBe(first);
    // Another process's follow commits: only its NOTIFY reaches this one (nothing ran here).
    await sql`select pg_notify(${FEED_CHANNEL}, ${me.id})`.execute(database.db);
    await expect.poll(() => keys(me.id)).toEqual([`listing:${later.id}`, first.items[0]!.key]);
    await bus.close();
  });

  it("announces a follow on the feed channel with the follower's id, at its commit", async () => {
    const bus = database.handle.openNotifyBus();
    const payloads: string[] = [];
    let arrived!: () => void;
    const announced = new Promise<void>((resolve) => (arrived = resolve));
    await bus.subscribe(FEED_CHANNEL, {
      message: (payload) => {
        payloads.push(payload);
        arrived();
      },
    });
    const me = await createUser(database.db);
    const seller = await createUser(database.db);
    await follow(database.db, me.id, { kind: "member", id: seller.id });
    await announced;
    expect(payloads).toEqual([me.id]);
    await bus.close();
  });
});
