import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addFavorite } from "~/modules/listings/favorites.server";
import { transitionListing, updateListing } from "~/modules/listings/listings.server";
import { sendPriceDropAlerts } from "~/modules/listings/price-drops.server";
import { listNotifications } from "~/modules/notifications/notify.server";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

type Listing = Awaited<ReturnType<typeof createListing>>;

function editPrice(listing: Listing, priceCents: number) {
  return updateListing(database.db, {
    listingId: listing.id,
    userId: listing.sellerId,
    input: {
      title: listing.title,
      description: listing.description,
      categoryId: listing.categoryId,
      condition: listing.condition,
      priceCents,
      pickup: true,
      shipping: false,
      shippingCents: null,
      location: "97214",
    },
  });
}

async function priceDropJobs(listingId: string) {
  const result = await sql<{ reason: string }>`
    select data->>'reason' as reason from pgboss.job where name = 'price-drop' and data->>'listingId' = ${listingId}
    order by created_on`.execute(database.db);
  return result.rows.map((row) => row.reason);
}

async function savedBy(listing: Listing) {
  const saver = await createUser(database.db);
  await addFavorite(database.db, saver.id, listing.id);
  return saver;
}

const drops = async (userId: string) =>
  (await listNotifications(database.db, userId)).filter((notification) => notification.kind === "price_drop");

describe("price-drop alerts", () => {
  it("record every price change and queue an alert only for a drop", async () => {
    const listing = await createListing(database.db, { priceCents: 3000 });
    await editPrice(listing, 3500);
    expect(await priceDropJobs(listing.id)).toEqual([]);
    await editPrice(listing, 2000);
    expect(await priceDropJobs(listing.id)).toEqual(["drop"]);
    const changes = await database.db
      .selectFrom("listingPriceChanges")
      .select(["fromCents", "toCents"])
      .where("listingId", "=", listing.id)
      .orderBy("changedAt")
      .execute();
    expect(changes).toEqual([
      { fromCents: 3000, toCents: 3500 },
      { fromCents: 3500, toCents: 2000 },
    ]);
  });

  it("tell each saver once per price, again for a further drop, and never the seller", async () => {
    const listing = await createListing(database.db, { priceCents: 3000 });
    const saver = await savedBy(listing);
    await database.db.insertInto("favorites").values({ userId: listing.sellerId, listingId: listing.id }).execute();

    await editPrice(listing, 2500);
    expect(await sendPriceDropAlerts(database.db, listing.id, "drop")).toEqual({ savers: 1, notified: 1 });
    expect(await sendPriceDropAlerts(database.db, listing.id, "drop")).toEqual({ savers: 1, notified: 0 });
    const first = await drops(saver.id);
    expect(first).toHaveLength(1);
    expect(first[0]!.body).toContain("$30.00 to $25.00");

    await editPrice(listing, 2000);
    await sendPriceDropAlerts(database.db, listing.id, "drop");
    expect(await drops(saver.id)).toHaveLength(2);
    expect(await drops(listing.sellerId)).toEqual([]);
  });

  it("tell savers once when the listing is for sale again after an order ended", async () => {
    const listing = await createListing(database.db, { priceCents: 4000 });
    const saver = await savedBy(listing);
    await transitionListing(database.db, { listingId: listing.id, action: "reserve", actor: "system" });
    // Nothing while it is reserved.
    expect(await sendPriceDropAlerts(database.db, listing.id, "back")).toEqual({ savers: 0, notified: 0 });
    await transitionListing(database.db, { listingId: listing.id, action: "release", actor: "system" });
    expect(await priceDropJobs(listing.id)).toEqual(["back"]);
    await sendPriceDropAlerts(database.db, listing.id, "back");
    await sendPriceDropAlerts(database.db, listing.id, "back");
    const told = await drops(saver.id);
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toContain("For sale again");
  });
});
