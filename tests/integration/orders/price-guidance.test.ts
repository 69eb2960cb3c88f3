import { describe, expect, it } from "vitest";
import type { Condition } from "~db/schema-listings";
import { newId } from "~/lib/ids.server";
import { compareOffer, guidanceSentence } from "~/modules/orders/price-guidance";
import { guidanceForListings, guidanceForSeller, priceGuidance } from "~/modules/orders/price-guidance.server";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;
const DAY = 24 * 3600 * 1000;

const PORTLAND = { latitude: 45.52, longitude: -122.68 };
// ~70 km south of Portland, and ~230 km north.
const SALEM = { latitude: 44.94, longitude: -123.03 };
const SEATTLE = { latitude: 47.61, longitude: -122.33 };

/** One sale: a sold listing and its order, completed `daysAgo` days ago (or in another state). */
async function sale(options: {
  categoryId: string;
  condition?: Condition;
  dollars: number;
  at?: { latitude: number; longitude: number };
  daysAgo?: number;
  status?: "completed" | "cancelled";
}) {
  const at = options.at ?? PORTLAND;
  const listing = await createListing(db(), {
    categoryId: options.categoryId,
    condition: options.condition ?? "good",
    priceCents: options.dollars * 100 + 500,
    status: options.status === "cancelled" ? "active" : "sold",
    ...at,
  });
  const buyer = await createUser(db());
  const completedAt = new Date(Date.now() - (options.daysAgo ?? 3) * DAY);
  await db()
    .insertInto("orders")
    .values({
      id: newId(),
      listingId: listing.id,
      buyerId: buyer.id,
      sellerId: listing.sellerId,
      delivery: "pickup",
      // The price paid (an accepted offer may be below the listed price): what guidance counts.
      itemCents: options.dollars * 100,
      shippingCents: 0,
      totalCents: options.dollars * 100,
      platformFeeCents: 100,
      status: options.status ?? "completed",
      paidAt: completedAt,
      completedAt: options.status === "cancelled" ? null : completedAt,
    })
    .execute();
  return listing;
}

describe("price guidance", () => {
  it("gives the 25th-75th percentile band and the median of nearby sales in the same category and condition", async () => {
    for (const dollars of [80, 90, 100, 110, 120, 130, 140]) await sale({ categoryId: "bikes", dollars });
    // None of these count: too old, another condition, another category, an order that didn't complete.
    await sale({ categoryId: "bikes", dollars: 900, daysAgo: 91 });
    await sale({ categoryId: "bikes", dollars: 900, condition: "fair" });
    await sale({ categoryId: "fitness", dollars: 900 });
    await sale({ categoryId: "bikes", dollars: 900, status: "cancelled" });

    const guidance = await priceGuidance(db(), { categoryId: "bikes", condition: "good", point: PORTLAND });
    // percentile_cont over 80..140: 25th = 90 + 0.5 × 10, 75th = 130 − 0.5 × 10.
    expect(guidance).toEqual({
      enough: true,
      radiusKm: 25,
      widened: false,
      sales: 7,
      lowCents: 9500,
      medianCents: 11000,
      highCents: 12500,
    });
    expect(guidanceSentence(guidance)).toBe(
      "Similar items sold near you for $95-$125 (median $110, 7 sales in 90 days).",
    );
  });

  it("shows nothing under 5 sales", async () => {
    for (const dollars of [50, 60, 70, 80]) await sale({ categoryId: "camping", dollars });
    const guidance = await priceGuidance(db(), { categoryId: "camping", condition: "good", point: PORTLAND });
    expect(guidance).toEqual({ enough: false, sales: 4 });
    expect(guidanceSentence(guidance)).toMatch(/^Fewer than 5 similar items sold/);
  });

  it("widens to 100 km, then to all of Stoop, and says so", async () => {
    for (const dollars of [10, 20, 30]) await sale({ categoryId: "toys", dollars });
    for (const dollars of [40, 50, 60]) await sale({ categoryId: "toys", dollars, at: SALEM });
    const wider = await priceGuidance(db(), { categoryId: "toys", condition: "good", point: PORTLAND });
    expect(wider).toMatchObject({ enough: true, radiusKm: 100, widened: true, sales: 6, medianCents: 3500 });
    expect(guidanceSentence(wider)).toMatch(/^Not enough sales within 25 km, so within 100 km: /);

    for (const dollars of [10, 20]) await sale({ categoryId: "audio", dollars });
    for (const dollars of [30, 40, 50]) await sale({ categoryId: "audio", dollars, at: SEATTLE });
    const everywhere = await priceGuidance(db(), { categoryId: "audio", condition: "good", point: PORTLAND });
    expect(everywhere).toMatchObject({ enough: true, radiusKm: null, widened: true, sales: 5, medianCents: 3000 });
    expect(guidanceSentence(everywhere)).toMatch(/^Not enough sales nearby, so across Stoop: /);
  });

  it("uses the seller's typed area, else their latest listing's, else all of Stoop", async () => {
    for (const dollars of [10, 20, 30, 40, 50]) await sale({ categoryId: "cameras", dollars, at: SEATTLE });
    const seller = await createUser(db());
    const query = { categoryId: "cameras", condition: "good" as const, location: "" };
    expect(await guidanceForSeller(db(), seller.id, query)).toMatchObject({ radiusKm: null, widened: false });
    expect(await guidanceForSeller(db(), seller.id, { ...query, location: "Seattle, WA" })).toMatchObject({
      radiusKm: 25,
      widened: false,
    });
    await createListing(db(), { sellerId: seller.id, ...PORTLAND });
    expect(await guidanceForSeller(db(), seller.id, query)).toMatchObject({ radiusKm: null, widened: true });
  });

  it("flags an offer below 80% of the median of similar sales, beside the listing's figures", async () => {
    for (const dollars of [80, 90, 100, 110, 120, 130, 140]) await sale({ categoryId: "gaming", dollars });
    const listing = await createListing(db(), { categoryId: "gaming", condition: "good", priceCents: 12000 });
    const guidance = (await guidanceForListings(db(), [listing.id, listing.id])).get(listing.id)!;
    expect(guidance).toMatchObject({ sales: 7, medianCents: 11000 });
    // 80% of $110 is $88.
    expect(compareOffer(8700, guidance)).toEqual({
      level: "low",
      sentence: "This offer is below 80% of similar sales (median $110, 7 sales in 90 days).",
    });
    expect(compareOffer(8800, guidance)?.level).toBe("in-range");
    expect(compareOffer(13000, guidance)?.level).toBe("high");
  });
});
