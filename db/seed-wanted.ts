import type { Kysely } from "kysely";
import { createWantedAnswer, createWantedRequest } from "../tests/support/wanted-factories";
import type { Database } from "./schema";

const DAY_MS = 24 * 60 * 60 * 1000;

async function userId(db: Kysely<Database>, email: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  return row?.id ?? null;
}

async function shop(db: Kysely<Database>, slug: string) {
  const retailer = await db
    .selectFrom("retailers")
    .innerJoin("retailerStaff", "retailerStaff.retailerId", "retailers.id")
    .select(["retailers.id", "retailerStaff.userId as staffId"])
    .where("retailers.slug", "=", slug)
    .where("retailerStaff.role", "=", "owner")
    .executeTakeFirst();
  if (!retailer) return null;
  const services = await db
    .selectFrom("services")
    .select(["id", "title"])
    .where("retailerId", "=", retailer.id)
    .orderBy("priceCents")
    .execute();
  return { ...retailer, services };
}

/**
 * A few demo "Wanted" requests with answers (once: skipped when Alice already has requests): a
 * kids' bike answered with a neighbour's listing, gears that slip with Bike Hub's $35 quote, and
 * a sofa to clean where the movers point to the upholstery shop.
 */
export async function seedDemoWanted(db: Kysely<Database>): Promise<void> {
  const alice = await userId(db, "alice@demo.stoop.local");
  const bob = await userId(db, "bob@demo.stoop.local");
  if (!alice || !bob) return;
  const existing = await db
    .selectFrom("wantedRequests")
    .select("id")
    .where("requesterId", "=", alice)
    .executeTakeFirst();
  if (existing) return;
  const [bikeHub, movers, upholstery] = await Promise.all([
    shop(db, "bike-hub"),
    shop(db, "eastside-movers"),
    shop(db, "fresh-upholstery"),
  ]);
  const now = Date.now();

  const kidsBike = await createWantedRequest(db, {
    requesterId: alice,
    title: "A kids' bike for a 6-year-old",
    details: "16 inch wheels, ideally with a bell. Happy to pick up nearby.",
    categoryId: "bikes",
    budgetCents: 6000,
    radiusKm: 10,
    createdAt: new Date(now - 2 * DAY_MS),
  });
  const listing = await db
    .selectFrom("listings")
    .select("id")
    .where("status", "=", "active")
    .where("categoryId", "=", "bikes")
    .where("sellerId", "<>", alice)
    .orderBy("publishedAt", "desc")
    .limit(1)
    .executeTakeFirst();
  if (listing) {
    await createWantedAnswer(db, kidsBike.id, {
      authorId: bob,
      kind: "listing",
      listingId: listing.id,
      body: "Not mine, but this one down the street looks right.",
    });
  }
  await createWantedAnswer(db, kidsBike.id, {
    authorId: bob,
    body: "Check the school's swap day on Saturdays too.",
  });

  const gears = await createWantedRequest(db, {
    requesterId: alice,
    title: "My road bike's gears slip",
    details: "It jumps between the two smallest cogs when I climb.",
    categoryId: "bikes",
    budgetCents: null,
    createdAt: new Date(now - DAY_MS),
  });
  if (bikeHub?.services[0]) {
    await createWantedAnswer(db, gears.id, {
      authorId: bikeHub.staffId,
      retailerId: bikeHub.id,
      kind: "quote",
      serviceId: bikeHub.services[bikeHub.services.length - 1]!.id,
      quoteCents: 3500,
      body: "Sounds like cable tension and a worn chain: we'd fix the gears for $35.",
    });
  }

  const sofa = await createWantedRequest(db, {
    requesterId: bob,
    title: "Clean an old sofa before I sell it",
    details: "Three-seater, fabric, a coffee stain on one cushion.",
    categoryId: "furniture",
    budgetCents: 8000,
    createdAt: new Date(now - 3 * DAY_MS),
  });
  if (movers && upholstery) {
    await createWantedAnswer(db, sofa.id, {
      authorId: movers.staffId,
      retailerId: movers.id,
      kind: "recommendation",
      recommendedRetailerId: upholstery.id,
      serviceId: upholstery.services[0]?.id ?? null,
      body: "We only move sofas; Fresh Upholstery does a great clean.",
    });
  }
}
