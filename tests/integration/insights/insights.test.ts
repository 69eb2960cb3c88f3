import { describe, expect, it } from "vitest";
import { newId } from "~/lib/ids.server";
import { recordAddOns } from "~/modules/insights/addon-events.server";
import { eraseInsightsData, INSIGHTS_EXPORT_SECTIONS, setSearchesCounted } from "~/modules/insights/member-data.server";
import { transaction } from "~db/transaction";
import { rollUpInsights } from "~/modules/insights/rollup.server";
import { SECTIONS } from "~/modules/insights/rules";
import { recordSearch } from "~/modules/insights/search-events.server";
import { shopInsights } from "~/modules/insights/shop-insights.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

// Each test gets its own town, far from the others, so its shop sees only its own data.
let town = 0;
function nextTown() {
  town += 1;
  return { latitude: 30 + town * 2, longitude: -100 + town * 2 };
}
/** The rollup folds events older than its lag: run it "a minute later". */
const later = () => new Date(Date.now() + 60_000);

async function shopAt(point: { latitude: number; longitude: number }) {
  return createRetailer(db(), {
    ...point,
    serviceRadiusKm: 25,
    services: [{ title: "Tune-up", categoryIds: ["bikes"] }],
  });
}

async function members(count: number) {
  const users = [];
  for (let index = 0; index < count; index += 1) users.push(await createUser(db()));
  return users;
}

async function search(memberId: string, term: string, point: { latitude: number; longitude: number }) {
  await recordSearch(db(), { term, categoryId: "bikes", point, resultCount: 0, memberId, visitor: null });
}

async function figuresOf(retailerId: string, section: (typeof SECTIONS)[keyof typeof SECTIONS]) {
  return (await shopInsights(db(), retailerId, 30))[section];
}

describe("shop insights", () => {
  it("shows a search term only once 5 distinct members used it, and a category under 5 as fewer than 5", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const searchers = await members(5);
    // The first member searches three times: still one member.
    for (const member of searchers.slice(0, 4)) await search(member.id, "Tandem  Bike", here);
    await search(searchers[0]!.id, "tandem bike", here);
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.demandTerm)).toEqual([]);
    expect(await figuresOf(shop.id, SECTIONS.demandCategory)).toEqual([
      { key: "bikes", label: "Bikes", figures: null },
    ]);

    await search(searchers[4]!.id, "tandem bike", here);
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.demandTerm)).toEqual([
      { key: "tandem bike", label: "tandem bike", figures: { members: 5, searches: 6 } },
    ]);
    expect((await figuresOf(shop.id, SECTIONS.demandCategory))[0]!.figures).toEqual({ members: 5, searches: 6 });
  });

  it("counts only searches inside the shop's radius and never stores the exact place", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const far = { latitude: here.latitude + 1, longitude: here.longitude };
    for (const member of await members(5)) await search(member.id, "unicycle", far);
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.demandTerm)).toEqual([]);
    const stored = await db()
      .selectFrom("searchEvents")
      .select(["cellLat", "cellLon"])
      .where("term", "=", "unicycle")
      .execute();
    expect(new Set(stored.map((row) => `${row.cellLat},${row.cellLon}`)).size).toBe(1);
    expect(stored[0]!.cellLat).not.toBe(far.latitude);
  });

  it("counts anonymous visitors by their day key and members who opted out not at all", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const [optedOut] = await members(1);
    await setSearchesCounted(db(), optedOut!.id, false);
    await search(optedOut!.id, "cargo bike", here);
    expect(await db().selectFrom("searchEvents").select("id").where("memberId", "=", optedOut!.id).execute()).toEqual(
      [],
    );
    for (let visitor = 0; visitor < 4; visitor += 1)
      await recordSearch(db(), {
        term: "cargo bike",
        categoryId: "bikes",
        point: here,
        resultCount: 2,
        memberId: null,
        visitor: { ip: `203.0.113.${visitor}`, userAgent: "Firefox" },
      });
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.demandTerm)).toEqual([]);
    const [fifth] = await members(1);
    await search(fifth!.id, "cargo bike", here);
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect((await figuresOf(shop.id, SECTIONS.demandTerm))[0]?.figures).toEqual({ members: 5, searches: 5 });
  });

  it("removes a member's searches from the counts when they opt out", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const searchers = await members(5);
    for (const member of searchers) await search(member.id, "recumbent", here);
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect((await figuresOf(shop.id, SECTIONS.demandTerm))[0]?.figures).toEqual({ members: 5, searches: 5 });

    await setSearchesCounted(db(), searchers[2]!.id, false);
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.demandTerm)).toEqual([]);
    expect(await INSIGHTS_EXPORT_SECTIONS.searchesCounted(db(), searchers[2]!.id)).toEqual([]);
    expect(await INSIGHTS_EXPORT_SECTIONS.searchesCounted(db(), searchers[1]!.id)).toHaveLength(1);
  });

  it("is idempotent: a second run folds nothing again and leaves the same figures", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    for (const member of await members(6)) await search(member.id, "fixie", here);
    const now = later();
    await rollUpInsights(db(), { now, retailerIds: [shop.id] });
    const snapshot = async () => ({
      days: await db()
        .selectFrom("searchRollupDays")
        .select(["counterKey", "searches"])
        .where("term", "=", "fixie")
        .orderBy("counterKey")
        .execute(),
      figures: await shopInsights(db(), shop.id, 30),
    });
    const first = await snapshot();
    const second = await rollUpInsights(db(), { now, retailerIds: [shop.id] });
    expect(second.searchEventsFolded).toBe(0);
    expect(await snapshot()).toEqual(first);
    expect(first.figures[SECTIONS.demandTerm][0]?.figures).toEqual({ members: 6, searches: 6 });
  });

  it("shows what sells only for categories with 5 sellers, and sold figures only with 5 buyers", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const sellers = await members(5);
    for (const [index, seller] of sellers.slice(0, 4).entries())
      await createListing(db(), {
        sellerId: seller.id,
        categoryId: "bikes",
        priceCents: 10_000 + index * 1000,
        ...here,
      });
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.sells)).toEqual([{ key: "bikes", label: "Bikes", figures: null }]);

    const sold = await createListing(db(), {
      sellerId: sellers[4]!.id,
      categoryId: "bikes",
      priceCents: 20_000,
      status: "sold",
      ...here,
    });
    const buyer = await createUser(db());
    await db()
      .insertInto("orders")
      .values({
        id: newId(),
        listingId: sold.id,
        buyerId: buyer.id,
        sellerId: sold.sellerId,
        delivery: "pickup",
        itemCents: 18_000,
        shippingCents: 0,
        totalCents: 18_000,
        platformFeeCents: 100,
        status: "completed",
        paidAt: new Date(),
        completedAt: new Date(),
      })
      .execute();
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect((await figuresOf(shop.id, SECTIONS.sells))[0]!.figures).toEqual({
      published: 5,
      medianAskingCents: 12_000,
      // One buyer and one seller: the sale's figures stay hidden.
      sold: null,
      medianSoldCents: null,
      medianDaysToSell: null,
    });
  });

  it("shows question words used by 5 askers and links unanswered questions", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const listing = await createListing(db(), { categoryId: "bikes", ...here });
    const askers = await members(5);
    const ask = (askerId: string, body: string) =>
      db().insertInto("questions").values({ id: newId(), listingId: listing.id, askerId, body }).execute();
    for (const asker of askers.slice(0, 4)) await ask(asker.id, "Are the brakes adjusted? What about the brakes pads?");
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect((await figuresOf(shop.id, SECTIONS.questionWord)).map((line) => line.label)).toEqual([]);
    expect(await figuresOf(shop.id, SECTIONS.unanswered)).toHaveLength(4);

    await ask(askers[4]!.id, "Brakes squeak?");
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.questionWord)).toEqual([
      { key: "brakes", label: "brakes", figures: { members: 5 } },
    ]);
    expect((await figuresOf(shop.id, SECTIONS.unanswered))[0]!.figures).toMatchObject({ listingId: listing.id });
  });

  it("counts open Wanted requests by 5 requesters and add-ons shown to 5 members", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const people = await members(5);
    const listing = await createListing(db(), { categoryId: "bikes", ...here });
    const want = (requesterId: string) =>
      db()
        .insertInto("wantedRequests")
        .values({
          id: newId(),
          requesterId,
          title: "Child seat",
          categoryId: "bikes",
          placeName: "Somewhere",
          ...here,
          expiresAt: new Date(Date.now() + 86_400_000),
        })
        .execute();
    const show = (memberId: string) =>
      recordAddOns(db(), {
        kind: "shown",
        serviceIds: [shop.services[0]!.id],
        listingId: listing.id,
        memberId,
        visitor: null,
      });
    for (const person of people.slice(0, 4)) {
      await want(person.id);
      await show(person.id);
    }
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await figuresOf(shop.id, SECTIONS.wanted)).toEqual([{ key: "bikes", label: "Bikes", figures: null }]);
    expect((await figuresOf(shop.id, SECTIONS.funnel))[0]!.figures).toEqual({
      shown: null,
      ticked: null,
      bought: null,
      declined: null,
      conversion: null,
    });

    await want(people[4]!.id);
    await show(people[4]!.id);
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect((await figuresOf(shop.id, SECTIONS.wanted))[0]!.figures).toEqual({ members: 5, requests: 5 });
    expect((await figuresOf(shop.id, SECTIONS.funnel))[0]!.figures).toMatchObject({ shown: 5, ticked: null });
    // Fewer than 5 other shops nearby: no comparison.
    expect((await figuresOf(shop.id, SECTIONS.funnelPeers)).every((line) => line.figures === null)).toBe(true);
  });

  it("erases a member's searches and add-on events with their account data", async () => {
    const here = nextTown();
    const shop = await shopAt(here);
    const listing = await createListing(db(), { categoryId: "bikes", ...here });
    const [member] = await members(1);
    await search(member!.id, "tricycle", here);
    await recordAddOns(db(), {
      kind: "ticked",
      serviceIds: [shop.services[0]!.id],
      listingId: listing.id,
      memberId: member!.id,
      visitor: null,
    });
    await rollUpInsights(db(), { now: later(), retailerIds: [shop.id] });
    expect(await INSIGHTS_EXPORT_SECTIONS.searchesCountedPerDay(db(), member!.id)).toHaveLength(1);
    expect(await INSIGHTS_EXPORT_SECTIONS.addOnsSeenAndTicked(db(), member!.id)).toHaveLength(1);
    await transaction(db(), (trx) => eraseInsightsData(trx, member!.id));
    for (const section of ["searchesCounted", "searchesCountedPerDay", "addOnsSeenAndTicked"] as const)
      expect(await INSIGHTS_EXPORT_SECTIONS[section](db(), member!.id)).toEqual([]);
    expect(
      await db().selectFrom("addonRollupDays").select("events").where("counterKey", "=", member!.id).execute(),
    ).toEqual([]);
  });

  describe("incremental figures", () => {
    const stateOf = async (retailerId: string) => ({
      state: await db()
        .selectFrom("shopInsightState")
        .select(["computedAt", "changeMark"])
        .where("retailerId", "=", retailerId)
        .executeTakeFirst(),
      rows: await db()
        .selectFrom("shopInsights")
        .select(["windowDays", "section", "rowKey", "figures", "computedAt"])
        .where("retailerId", "=", retailerId)
        .orderBy(["windowDays", "section", "rowKey"])
        .execute(),
    });

    async function soldNear(point: { latitude: number; longitude: number }) {
      const [seller, buyer] = await members(2);
      const listing = await createListing(db(), {
        sellerId: seller!.id,
        categoryId: "bikes",
        status: "sold",
        ...point,
      });
      await db()
        .insertInto("orders")
        .values({
          id: newId(),
          listingId: listing.id,
          buyerId: buyer!.id,
          sellerId: seller!.id,
          delivery: "pickup",
          itemCents: 5_000,
          shippingCents: 0,
          totalCents: 5_000,
          platformFeeCents: 100,
          status: "completed",
          paidAt: new Date(),
          completedAt: new Date(),
        })
        .execute();
    }

    it("leaves every shop's figures and computed_at alone in a run with nothing new", async () => {
      const here = nextTown();
      const shop = await shopAt(here);
      for (const member of await members(5)) await search(member.id, "gravel", here);
      await createListing(db(), { categoryId: "bikes", ...here });
      const now = later();
      const first = await rollUpInsights(db(), { now, retailerIds: [shop.id] });
      expect(first.shops).toBe(1);
      const before = await stateOf(shop.id);
      expect(before.rows.length).toBeGreaterThan(0);
      expect(before.state?.computedAt).toEqual(now);

      const second = await rollUpInsights(db(), { now: new Date(now.getTime() + 1000), retailerIds: [shop.id] });
      expect(second).toEqual({ searchEventsFolded: 0, addOnEventsFolded: 0, shops: 0 });
      expect(await stateOf(shop.id)).toEqual(before);
    });

    it("recomputes a shop near a newly sold listing and not a far-away one", async () => {
      const nearA = nextTown();
      const nearB = nextTown();
      const [a, b] = [await shopAt(nearA), await shopAt(nearB)];
      await createListing(db(), { categoryId: "bikes", ...nearB });
      const now = later();
      await rollUpInsights(db(), { now, retailerIds: [a.id, b.id] });
      const bBefore = await stateOf(b.id);
      expect(bBefore.rows.length).toBeGreaterThan(0);
      expect(await figuresOf(a.id, SECTIONS.sells)).toEqual([]);

      await soldNear({ latitude: nearA.latitude + 0.05, longitude: nearA.longitude });
      const next = new Date(now.getTime() + 1000);
      const outcome = await rollUpInsights(db(), { now: next, retailerIds: [a.id, b.id] });
      expect(outcome.shops).toBe(1);
      expect((await stateOf(a.id)).state?.computedAt).toEqual(next);
      expect(await figuresOf(a.id, SECTIONS.sells)).toEqual([{ key: "bikes", label: "Bikes", figures: null }]);
      expect(await stateOf(b.id)).toEqual(bBefore);
    });

    it("recomputes a shop when a peer within 50 km has new add-on events, and not a shop farther away", async () => {
      const here = nextTown();
      const peerPoint = { latitude: here.latitude + 0.3, longitude: here.longitude };
      const [shop, peer, far] = [await shopAt(here), await shopAt(peerPoint), await shopAt(nextTown())];
      const listing = await createListing(db(), { categoryId: "bikes", ...peerPoint });
      const now = later();
      await rollUpInsights(db(), { now, retailerIds: [shop.id, peer.id, far.id] });
      const [shopBefore, farBefore] = [await stateOf(shop.id), await stateOf(far.id)];

      const [member] = await members(1);
      await recordAddOns(db(), {
        kind: "shown",
        serviceIds: [peer.services[0]!.id],
        listingId: listing.id,
        memberId: member!.id,
        visitor: null,
      });
      const next = new Date(now.getTime() + 1000);
      const outcome = await rollUpInsights(db(), { now: next, retailerIds: [shop.id, peer.id, far.id] });
      expect(outcome).toMatchObject({ addOnEventsFolded: 1, shops: 2 });
      expect((await stateOf(peer.id)).state?.computedAt).toEqual(next);
      expect((await stateOf(shop.id)).state?.computedAt).toEqual(next);
      expect((await stateOf(shop.id)).state?.changeMark).toBeGreaterThan(shopBefore.state!.changeMark);
      expect(await stateOf(far.id)).toEqual(farBefore);
    });

    it("recomputes a shop whose Wanted request nearby closed, and every shop once the day turns", async () => {
      const here = nextTown();
      const shop = await shopAt(here);
      const [requester] = await members(1);
      const wantedId = newId();
      await db()
        .insertInto("wantedRequests")
        .values({
          id: wantedId,
          requesterId: requester!.id,
          title: "Trailer",
          categoryId: "bikes",
          placeName: "Somewhere",
          ...here,
          expiresAt: new Date(Date.now() + 86_400_000),
        })
        .execute();
      const now = later();
      await rollUpInsights(db(), { now, retailerIds: [shop.id] });
      expect(await figuresOf(shop.id, SECTIONS.wanted)).toHaveLength(1);

      await db().updateTable("wantedRequests").set({ status: "closed" }).where("id", "=", wantedId).execute();
      expect((await rollUpInsights(db(), { now: new Date(now.getTime() + 1000), retailerIds: [shop.id] })).shops).toBe(
        1,
      );
      expect(await figuresOf(shop.id, SECTIONS.wanted)).toEqual([]);

      const tomorrow = new Date(now.getTime() + 24 * 3600 * 1000);
      expect((await rollUpInsights(db(), { now: tomorrow, retailerIds: [shop.id] })).shops).toBe(1);
      expect((await stateOf(shop.id)).state?.computedAt).toEqual(tomorrow);
    });
  });
});
