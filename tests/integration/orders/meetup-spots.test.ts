import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { listAuditLog } from "~/modules/admin/audit-log.server";
import {
  addMeetupSpot,
  listMeetupSpotsForAdmin,
  setMeetupSpotActive,
  updateMeetupSpot,
  type MeetupSpotForm,
} from "~/modules/admin/meetup-spots.server";
import { startCheckout } from "~/modules/orders/checkout.server";
import { handOver, handoverForBuyer } from "~/modules/orders/handover.server";
import { chooseMeetupSpot, meetupSpotsForOrder, nearestMeetupSpots } from "~/modules/orders/meetup-spots.server";
import { setRetailerMeetupSpot } from "~/modules/retailers/retailers.server";
import { createListing, createRetailer, createService, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { onboardedSeller, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;
const SECRET = "a-handover-secret-of-at-least-32-characters";
// Downtown Portland, OR (where the listings below are).
const PORTLAND = { latitude: 45.52, longitude: -122.68 };

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});
// The file shares one database: each test starts with no spot on offer (curated or shop).
beforeEach(async () => {
  await db().deleteFrom("meetupSpots").execute();
  await db().updateTable("retailers").set({ meetupSpot: false }).execute();
  await db().updateTable("services").set({ active: false }).where("kind", "=", "handoff").execute();
});

async function anAdmin() {
  const user = await createUser(db(), { role: "admin", displayName: "Ada Admin" });
  return { id: user.id, displayName: "Ada Admin", role: "admin" };
}

const spotForm = (overrides: Partial<MeetupSpotForm> = {}): MeetupSpotForm => ({
  name: "Central Library",
  area: "By the main doors on SW 10th",
  hours: "Daily 10am–8pm",
  place: "97205",
  active: true,
  ...overrides,
});

const orderRow = (orderId: string) =>
  db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();

async function pickupOrder(options: { pay?: boolean } = {}) {
  const seller = await onboardedSeller(db(), stripe.stripe);
  const listing = await createListing(db(), {
    sellerId: seller.id,
    categoryId: "bikes",
    priceCents: 20000,
    ...PORTLAND,
  });
  const buyer = await createUser(db());
  const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
    delivery: "pickup",
    address: null,
    serviceIds: [],
  });
  if (options.pay !== false) {
    expect((await payOnHostedPage(url)).status).toBe(303);
    await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("paid");
  }
  return { seller, buyer, listing, order: await orderRow(order.id) };
}

const notificationsOf = (userId: string) =>
  db().selectFrom("notifications").select(["kind", "title", "url"]).where("userId", "=", userId).execute();

describe("admin curation of meetup spots", () => {
  it("adds, edits and deactivates a spot, each change in the audit log", async () => {
    const admin = await anAdmin();
    const spot = await addMeetupSpot(db(), admin, spotForm());
    expect(spot).toMatchObject({ name: "Central Library", placeName: "Portland, OR", active: true });
    expect(spot.latitude).toBeCloseTo(45.52, 2);
    await updateMeetupSpot(db(), admin, spot.id, spotForm({ name: "Central Library (west door)", place: "97201" }));
    await setMeetupSpotActive(db(), admin, spot.id, false);
    const [row] = await listMeetupSpotsForAdmin(db());
    expect(row).toMatchObject({ id: spot.id, name: "Central Library (west door)", active: false });
    const log = await listAuditLog(db(), { subjectType: "meetup_spot", subjectId: spot.id });
    expect(log.map((entry) => [entry.action, entry.actorId])).toEqual([
      ["meetup_spot.deactivated", admin.id],
      ["meetup_spot.updated", admin.id],
      ["meetup_spot.added", admin.id],
    ]);
  });

  it("refuses a member, and an unknown place, without writing anything", async () => {
    const member = await createUser(db());
    const admin = await anAdmin();
    const asMember = { id: member.id, displayName: "Mo", role: "member" };
    await expect(addMeetupSpot(db(), asMember, spotForm())).rejects.toBeInstanceOf(Forbidden);
    const spot = await addMeetupSpot(db(), admin, spotForm());
    await expect(updateMeetupSpot(db(), asMember, spot.id, spotForm({ name: "Mine" }))).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(setMeetupSpotActive(db(), asMember, spot.id, false)).rejects.toBeInstanceOf(Forbidden);
    await expect(addMeetupSpot(db(), admin, spotForm({ place: "Nowhere-at-all" }))).rejects.toBeInstanceOf(
      InvalidInput,
    );
    await expect(setMeetupSpotActive(db(), admin, "no-such-spot", false)).rejects.toBeInstanceOf(NotFound);
    expect(await listMeetupSpotsForAdmin(db())).toEqual([
      expect.objectContaining({ name: "Central Library", active: true }),
    ]);
    expect(await listAuditLog(db(), { subjectType: "meetup_spot", actorId: admin.id })).toHaveLength(1);
    expect(await listAuditLog(db(), { subjectType: "meetup_spot", actorId: member.id })).toEqual([]);
  });
});

describe("the nearest meetup spots", () => {
  it("lists active spots nearest first within the radius, hiding inactive and far ones", async () => {
    const admin = await anAdmin();
    const far = await addMeetupSpot(db(), admin, spotForm({ name: "Gresham Library", place: "97030" }));
    const east = await addMeetupSpot(db(), admin, spotForm({ name: "Laurelhurst Park", place: "97214" }));
    const near = await addMeetupSpot(db(), admin, spotForm({ name: "Pioneer Square", place: "97204" }));
    const hidden = await addMeetupSpot(db(), admin, spotForm({ name: "Closed kiosk", place: "97205", active: false }));
    await addMeetupSpot(db(), admin, spotForm({ name: "Seattle Library", place: "98101" }));
    const spots = await nearestMeetupSpots(db(), PORTLAND);
    expect(spots.map((spot) => spot.name)).toEqual(["Pioneer Square", "Laurelhurst Park", "Gresham Library"]);
    expect(spots[0]!.distanceKm).toBeCloseTo(0.78, 1);
    expect(spots.map((spot) => spot.id)).not.toContain(hidden.id);
    // A smaller radius leaves out the 20 km one.
    expect((await nearestMeetupSpots(db(), PORTLAND, { radiusKm: 10 })).map((spot) => spot.id)).toEqual([
      near.id,
      east.id,
    ]);
    expect(far.id).toBeTruthy();
  });

  it("counts verified shops that declared themselves spots or run an active handoff service", async () => {
    const declared = await createRetailer(db(), { name: "Declared Bikes", ...PORTLAND, latitude: 45.53 });
    const handoff = await createRetailer(db(), { name: "Handoff Corner", ...PORTLAND, latitude: 45.51 });
    await createService(db(), handoff.id, { kind: "handoff" });
    const paused = await createRetailer(db(), { name: "Paused Handoff", ...PORTLAND });
    await createService(db(), paused.id, { kind: "handoff", active: false });
    const pending = await createRetailer(db(), { name: "Pending Shop", status: "pending", ...PORTLAND });
    const plain = await createRetailer(db(), { name: "Plain Shop", ...PORTLAND });
    await createService(db(), plain.id, { kind: "standard" });

    // Only the owner of a verified shop can declare it.
    const staff = await createUser(db());
    await db()
      .insertInto("retailerStaff")
      .values({ retailerId: declared.id, userId: staff.id, role: "staff" })
      .execute();
    await expect(setRetailerMeetupSpot(db(), declared.id, staff.id, true)).rejects.toBeInstanceOf(Forbidden);
    await expect(setRetailerMeetupSpot(db(), declared.id, (await createUser(db())).id, true)).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(setRetailerMeetupSpot(db(), pending.id, pending.ownerId, true)).rejects.toBeInstanceOf(Forbidden);
    await setRetailerMeetupSpot(db(), declared.id, declared.ownerId, true);

    const spots = await nearestMeetupSpots(db(), PORTLAND);
    expect(spots.map((spot) => [spot.kind, spot.name]).sort()).toEqual([
      ["shop", "Declared Bikes"],
      ["shop", "Handoff Corner"],
    ]);
    expect(spots.find((spot) => spot.name === "Declared Bikes")).toMatchObject({ slug: declared.slug });

    await setRetailerMeetupSpot(db(), declared.id, declared.ownerId, false);
    expect((await nearestMeetupSpots(db(), PORTLAND)).map((spot) => spot.name)).toEqual(["Handoff Corner"]);
  });
});

describe("choosing an order's meetup spot", () => {
  it("lets the buyer choose a spot; the seller is told and both pages show it with its distance", async () => {
    const admin = await anAdmin();
    const spot = await addMeetupSpot(db(), admin, spotForm({ name: "Pioneer Square", place: "97204" }));
    const { order, buyer, seller } = await pickupOrder();
    const before = await meetupSpotsForOrder(db(), order.id, seller.id);
    expect(before).toMatchObject({ chosen: null, canChoose: true });
    expect(before!.spots.map((option) => option.id)).toEqual([spot.id]);

    await chooseMeetupSpot(db(), { orderId: order.id, userId: buyer.id, kind: "spot", spotId: spot.id });
    for (const viewer of [buyer, seller]) {
      const panel = await meetupSpotsForOrder(db(), order.id, viewer.id);
      expect(panel?.chosen).toMatchObject({ kind: "spot", id: spot.id, name: "Pioneer Square", chosenBy: buyer.id });
      expect(panel!.chosen!.distanceKm).toBeCloseTo(0.78, 1);
    }
    expect(await notificationsOf(seller.id)).toContainEqual({
      kind: "meetup_spot",
      title: "Meet at Pioneer Square",
      url: `/orders/${order.id}`,
    });
    expect((await notificationsOf(buyer.id)).filter((n) => n.kind === "meetup_spot")).toEqual([]);

    // The seller may change it to a shop; the buyer is told.
    const shop = await createRetailer(db(), { name: "Handoff Corner", ...PORTLAND });
    await createService(db(), shop.id, { kind: "handoff" });
    await chooseMeetupSpot(db(), { orderId: order.id, userId: seller.id, kind: "shop", spotId: shop.id });
    expect((await meetupSpotsForOrder(db(), order.id, buyer.id))?.chosen).toMatchObject({
      kind: "shop",
      id: shop.id,
      chosenBy: seller.id,
    });
    expect(await notificationsOf(buyer.id)).toContainEqual(expect.objectContaining({ kind: "meetup_spot" }));
  });

  it("refuses anyone but the parties, spots not on offer, and orders before payment", async () => {
    const admin = await anAdmin();
    const spot = await addMeetupSpot(db(), admin, spotForm({ place: "97204" }));
    const seattle = await addMeetupSpot(db(), admin, spotForm({ name: "Seattle Library", place: "98101" }));
    const { order, buyer } = await pickupOrder();
    const stranger = await createUser(db());
    await expect(
      chooseMeetupSpot(db(), { orderId: order.id, userId: stranger.id, kind: "spot", spotId: spot.id }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(await meetupSpotsForOrder(db(), order.id, stranger.id)).toBeNull();
    await expect(
      chooseMeetupSpot(db(), { orderId: order.id, userId: buyer.id, kind: "spot", spotId: seattle.id }),
    ).rejects.toBeInstanceOf(InvalidInput);
    // A spot id passed off as a shop is not on offer either.
    await expect(
      chooseMeetupSpot(db(), { orderId: order.id, userId: buyer.id, kind: "shop", spotId: spot.id }),
    ).rejects.toBeInstanceOf(InvalidInput);
    await setMeetupSpotActive(db(), admin, spot.id, false);
    await expect(
      chooseMeetupSpot(db(), { orderId: order.id, userId: buyer.id, kind: "spot", spotId: spot.id }),
    ).rejects.toBeInstanceOf(InvalidInput);
    expect(await db().selectFrom("orderMeetupSpots").selectAll().where("orderId", "=", order.id).execute()).toEqual([]);

    await setMeetupSpotActive(db(), admin, spot.id, true);
    const unpaid = await pickupOrder({ pay: false });
    expect(unpaid.order.status).not.toBe("paid");
    expect(await meetupSpotsForOrder(db(), unpaid.order.id, unpaid.buyer.id)).toBeNull();
    await expect(
      chooseMeetupSpot(db(), { orderId: unpaid.order.id, userId: unpaid.buyer.id, kind: "spot", spotId: spot.id }),
    ).rejects.toBeInstanceOf(InvalidTransition);
  });

  it("can't be chosen after the handover, but the chosen spot still shows", async () => {
    const admin = await anAdmin();
    const spot = await addMeetupSpot(db(), admin, spotForm({ place: "97204" }));
    const { order, buyer, seller } = await pickupOrder();
    await chooseMeetupSpot(db(), { orderId: order.id, userId: seller.id, kind: "spot", spotId: spot.id });
    const { code } = (await handoverForBuyer(db(), {
      orderId: order.id,
      buyerId: buyer.id,
      secret: SECRET,
      publicUrl: settings.publicUrl,
    }))!;
    expect((await handOver(db(), { orderId: order.id, sellerId: seller.id, code, secret: SECRET })).ok).toBe(true);
    await expect(
      chooseMeetupSpot(db(), { orderId: order.id, userId: buyer.id, kind: "spot", spotId: spot.id }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    const panel = await meetupSpotsForOrder(db(), order.id, buyer.id);
    expect(panel).toMatchObject({ canChoose: false, spots: [], chosen: expect.objectContaining({ id: spot.id }) });
  });
});
