import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conflict, Forbidden, InvalidTransition } from "~/lib/errors";
import { getListingPage } from "~/modules/community/listing-page.server";
import { removePassportEntry } from "~/modules/admin/passport.server";
import { passportSummary } from "~/modules/listings/passport";
import { passportEntries } from "~/modules/listings/passport.server";
import { PHOTO_WIDTHS } from "~/modules/listings/photo-urls";
import { variantKey } from "~/modules/listings/photos.server";
import { resolveSearch, searchListings } from "~/modules/listings/search.server";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { LocalDiskStorage } from "~/modules/listings/storage.server";
import { publishListing } from "~/modules/listings/listings.server";
import { confirmReceipt, markReadyForPickup } from "~/modules/orders/orders.server";
import { moveServiceLine } from "~/modules/orders/service-lines.server";
import { sellThisAgain } from "~/modules/orders/sell-again.server";
import { createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { paidPickupOrder, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
let storageRoot: string;
let storage: LocalDiskStorage;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
  storageRoot = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-passport-"));
  storage = new LocalDiskStorage(storageRoot);
});
afterAll(async () => {
  await stripe.close();
  await fs.rm(storageRoot, { recursive: true, force: true });
});

/** A paid pickup order of a bike with Bike Hub's inspection and tune-up, the photo files on disk. */
async function inspectedBikeOrder() {
  const shop = await createRetailer(db(), {
    name: "Bike Hub",
    services: [
      { title: "Pre-purchase inspection", kind: "inspection", categoryIds: ["bikes"], priceCents: 1500 },
      { title: "Tune-up", categoryIds: ["bikes"], priceCents: 3000 },
    ],
  });
  const [inspection, tuneUp] = shop.services;
  const paid = await paidPickupOrder(db(), stripe.stripe, settings, { serviceIds: [inspection!.id, tuneUp!.id] });
  const photo = await db()
    .selectFrom("listingPhotos")
    .select("storageKey")
    .where("listingId", "=", paid.listing.id)
    .executeTakeFirstOrThrow();
  for (const width of PHOTO_WIDTHS)
    await storage.put(variantKey(photo.storageKey, width), Buffer.from(`photo ${width}`), "image/webp");
  const lines = await db().selectFrom("orderServices").selectAll().where("orderId", "=", paid.order.id).execute();
  const line = (kind: string) => lines.find((candidate) => candidate.kind === kind)!;
  return { ...paid, shop, inspectionLine: line("inspection"), tuneUpLine: line("standard") };
}

/** Staff pass the inspection and do the tune-up; the seller has it ready, the buyer confirms receipt: completed. */
async function completeWithServices(order: Awaited<ReturnType<typeof inspectedBikeOrder>>) {
  const staff = order.shop.ownerId;
  await moveServiceLine(db(), order.inspectionLine.id, staff, "accept");
  await moveServiceLine(db(), order.inspectionLine.id, staff, "pass");
  await moveServiceLine(db(), order.tuneUpLine.id, staff, "accept");
  await moveServiceLine(db(), order.tuneUpLine.id, staff, "done");
  await markReadyForPickup(db(), order.order.id, order.seller.id);
  await confirmReceipt(db(), order.order.id, { userId: order.buyer.id });
  const status = await db()
    .selectFrom("orders")
    .select("status")
    .where("id", "=", order.order.id)
    .executeTakeFirstOrThrow();
  expect(status.status).toBe("completed");
}

const passportIdOf = async (listingId: string) =>
  (await db().selectFrom("listings").select("passportId").where("id", "=", listingId).executeTakeFirstOrThrow())
    .passportId;

const inspectedSearch = async () =>
  (
    await searchListings(
      db(),
      await resolveSearch(db(), searchParamsSchema.parse({ inspected: "1", category: "bikes" })),
    )
  ).results.map((card) => card.id);

describe("the item passport", () => {
  it("gets entries only from the shop staff's moves, never from the seller or the buyer", async () => {
    const order = await inspectedBikeOrder();
    await moveServiceLine(db(), order.inspectionLine.id, order.shop.ownerId, "accept");
    for (const member of [order.seller.id, order.buyer.id])
      await expect(moveServiceLine(db(), order.inspectionLine.id, member, "pass")).rejects.toThrow(
        "That shop doesn't exist.",
      );
    expect(await passportIdOf(order.listing.id)).toBeNull();

    await moveServiceLine(db(), order.inspectionLine.id, order.shop.ownerId, "pass");
    const entries = await passportEntries(db(), await passportIdOf(order.listing.id));
    expect(entries).toMatchObject([
      { kind: "inspection", title: "Pre-purchase inspection", retailerName: "Bike Hub", retailerVerified: true },
    ]);
  });

  it("records the services and the sale, and the listing page tells the item's history with 2 owners", async () => {
    const order = await inspectedBikeOrder();
    await completeWithServices(order);
    const entries = await passportEntries(db(), await passportIdOf(order.listing.id));
    expect(entries.map((entry) => entry.kind)).toEqual(["inspection", "service", "sale"]);
    const page = await getListingPage(db(), order.listing.id, null, null);
    const summary = passportSummary(page.passport);
    expect(summary).toMatch(/^History on Stoop: inspected by Bike Hub \(\w{3} \d{4}\), tune-up by Bike Hub/);
    expect(summary).toMatch(/, 2 owners on Stoop$/);
  });

  it("lets only the buyer of a completed order sell the item again, once, carrying the passport and copies of the photos", async () => {
    const order = await inspectedBikeOrder();
    await expect(
      sellThisAgain(db(), storage, { orderId: order.order.id, userId: order.buyer.id }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    await completeWithServices(order);
    await expect(
      sellThisAgain(db(), storage, { orderId: order.order.id, userId: order.seller.id }),
    ).rejects.toBeInstanceOf(Forbidden);
    const stranger = await createUser(db());
    await expect(sellThisAgain(db(), storage, { orderId: order.order.id, userId: stranger.id })).rejects.toThrow(
      "That order doesn't exist.",
    );

    const first = await sellThisAgain(db(), storage, { orderId: order.order.id, userId: order.buyer.id });
    const again = await sellThisAgain(db(), storage, { orderId: order.order.id, userId: order.buyer.id });
    expect(first.created).toBe(true);
    expect(again).toEqual({ listingId: first.listingId, created: false });

    const relisted = await db()
      .selectFrom("listings")
      .selectAll()
      .where("id", "=", first.listingId)
      .executeTakeFirstOrThrow();
    expect(relisted).toMatchObject({
      sellerId: order.buyer.id,
      status: "draft",
      title: order.listing.title,
      categoryId: "bikes",
      condition: order.listing.condition,
      priceCents: order.order.itemCents,
      passportId: await passportIdOf(order.listing.id),
    });
    const photos = await db()
      .selectFrom("listingPhotos")
      .selectAll()
      .where("listingId", "=", first.listingId)
      .execute();
    expect(photos).toHaveLength(1);
    expect(photos[0]!.storageKey.startsWith(`${first.listingId}/`)).toBe(true);
    expect((await storage.get(variantKey(photos[0]!.storageKey, 800)))?.toString()).toBe("photo 800");

    // Published, the new listing shows the same history and is found by "inspected".
    await publishListing(db(), first.listingId, { userId: order.buyer.id, role: "member" });
    const page = await getListingPage(db(), first.listingId, null, null);
    expect(passportSummary(page.passport)).toMatch(/inspected by Bike Hub.*2 owners on Stoop$/);
    expect(await inspectedSearch()).toContain(first.listingId);
  });

  it("leaves listings without a passed inspection out of the inspected filter", async () => {
    const order = await inspectedBikeOrder();
    await moveServiceLine(db(), order.tuneUpLine.id, order.shop.ownerId, "accept");
    await moveServiceLine(db(), order.tuneUpLine.id, order.shop.ownerId, "done");
    await db().updateTable("listings").set({ status: "active" }).where("id", "=", order.listing.id).execute();
    expect(await passportIdOf(order.listing.id)).not.toBeNull();
    expect(await inspectedSearch()).not.toContain(order.listing.id);
  });

  it("lets an admin remove an entry made in error, audited, and nobody else", async () => {
    const order = await inspectedBikeOrder();
    await completeWithServices(order);
    const relisted = await sellThisAgain(db(), storage, { orderId: order.order.id, userId: order.buyer.id });
    await publishListing(db(), relisted.listingId, { userId: order.buyer.id, role: "member" });
    const passportId = await passportIdOf(order.listing.id);
    const inspection = (await passportEntries(db(), passportId)).find((entry) => entry.kind === "inspection")!;

    const member = { ...(await createUser(db())), role: "member" };
    await expect(
      removePassportEntry(db(), member, { entryId: inspection.id, reason: "Wrong bike" }),
    ).rejects.toBeInstanceOf(Forbidden);

    const admin = await createUser(db(), { role: "admin", displayName: "Ada Admin" });
    await removePassportEntry(db(), admin, { entryId: inspection.id, reason: "The shop marked the wrong order" });
    expect((await passportEntries(db(), passportId)).map((entry) => entry.kind)).toEqual(["service", "sale"]);
    const audit = await db()
      .selectFrom("auditLog")
      .selectAll()
      .where("subjectId", "=", inspection.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actorId: admin.id,
      action: "passport_entry.removed",
      subjectType: "passport_entry",
      reason: "The shop marked the wrong order",
    });
    expect(await inspectedSearch()).not.toContain(relisted.listingId);
    await expect(removePassportEntry(db(), admin, { entryId: inspection.id, reason: "Again" })).rejects.toBeInstanceOf(
      Conflict,
    );
  });
});
