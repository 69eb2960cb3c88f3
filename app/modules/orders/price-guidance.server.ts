import { sql, type Kysely, type RawBuilder } from "kysely";
import { z } from "zod";
import { CONDITIONS } from "~db/schema-listings";
import type { Database } from "~db/schema";
import type { Condition } from "~db/schema-listings";
import type { Point } from "~/lib/geo";
import { resolvePlace } from "~/modules/listings/location.server";
import { distanceExpression } from "~/modules/listings/search.server";
import {
  chooseTier,
  GUIDANCE_RADII_KM,
  GUIDANCE_WINDOW_DAYS,
  type PriceGuidance,
  type TierFigures,
} from "./price-guidance";

/**
 * Price guidance from local sales: one indexed statement (listings_sold_guidance_idx for the
 * category and condition, orders_completed_listing_idx for the completed order) measures every
 * area at once with FILTER clauses, and the nearest area with enough sales wins (price-guidance.ts).
 * percentile_cont runs the same on PostgreSQL 15 and PGlite.
 */

type Db = Kysely<Database>;

export interface GuidanceQuery {
  categoryId: string;
  condition: Condition;
  /** The seller's area (the form's pickup area); null: only Stoop-wide figures. */
  point: Point | null;
  /** A listing's own sale never counts towards its guidance (the offers page). */
  excludeListingId?: string | null;
  now?: Date;
}

export async function priceGuidance(db: Db, query: GuidanceQuery): Promise<PriceGuidance> {
  const now = query.now ?? new Date();
  const since = new Date(now.getTime() - GUIDANCE_WINDOW_DAYS * 24 * 3600 * 1000);
  const radii = query.point ? GUIDANCE_RADII_KM : ([null] as const);
  const distance = query.point ? distanceExpression(query.point) : null;
  const within = (radius: number | null): RawBuilder<boolean> =>
    radius === null || !distance ? sql<boolean>`true` : sql<boolean>`${distance} <= ${radius}`;
  const price = sql`orders.item_cents`;
  const columns = radii.flatMap((radius, index) => {
    const filter = sql`filter (where ${within(radius)})`;
    return [
      sql<string>`count(*) ${filter}`.as(`sales${index}`),
      sql<number | null>`round(percentile_cont(0.25) within group (order by ${price}) ${filter})`.as(`low${index}`),
      sql<number | null>`round(percentile_cont(0.5) within group (order by ${price}) ${filter})`.as(`median${index}`),
      sql<number | null>`round(percentile_cont(0.75) within group (order by ${price}) ${filter})`.as(`high${index}`),
    ];
  });
  const row = (await db
    .selectFrom("listings")
    .innerJoin("orders", "orders.listingId", "listings.id")
    .select(columns)
    .where("listings.status", "=", "sold")
    .where("listings.categoryId", "=", query.categoryId)
    .where("listings.condition", "=", query.condition)
    .where("orders.status", "=", "completed")
    .where("orders.completedAt", ">=", since)
    .$if(Boolean(query.excludeListingId), (qb) => qb.where("listings.id", "<>", query.excludeListingId!))
    .executeTakeFirstOrThrow()) as Record<string, string | number | null>;
  const tiers: TierFigures[] = radii.map((radiusKm, index) => ({
    radiusKm,
    sales: Number(row[`sales${index}`] ?? 0),
    lowCents: toCents(row[`low${index}`]),
    medianCents: toCents(row[`median${index}`]),
    highCents: toCents(row[`high${index}`]),
  }));
  return chooseTier(tiers, query.point ? 25 : null);
}

const toCents = (value: string | number | null | undefined) =>
  value === null || value === undefined ? null : Math.round(Number(value));

/** The guidance for each of these listings (its category, condition and area), for the offers page. */
export async function guidanceForListings(db: Db, listingIds: readonly string[]): Promise<Map<string, PriceGuidance>> {
  const unique = [...new Set(listingIds)];
  if (!unique.length) return new Map();
  const listings = await db
    .selectFrom("listings")
    .select(["id", "categoryId", "condition", "latitude", "longitude"])
    .where("id", "in", unique)
    .execute();
  const entries = await Promise.all(
    listings.map(
      async (listing) =>
        [
          listing.id,
          await priceGuidance(db, {
            categoryId: listing.categoryId,
            condition: listing.condition,
            point: { latitude: listing.latitude, longitude: listing.longitude },
            excludeListingId: listing.id,
          }),
        ] as const,
    ),
  );
  return new Map(entries);
}

/**
 * The sell form's guidance: near the pickup area typed on the form, or else near the seller's
 * latest listing, or else Stoop-wide (the sentence says which area the figures cover).
 */
export async function guidanceForSeller(db: Db, sellerId: string, query: PriceGuidanceQuery): Promise<PriceGuidance> {
  let point: Point | null = query.location ? resolvePlace(query.location) : null;
  if (!point) {
    const latest = await db
      .selectFrom("listings")
      .select(["latitude", "longitude"])
      .where("sellerId", "=", sellerId)
      .orderBy("createdAt", "desc")
      .limit(1)
      .executeTakeFirst();
    point = latest ?? null;
  }
  return priceGuidance(db, { categoryId: query.categoryId, condition: query.condition, point });
}

/**
 * What the sell form asks guidance for (the resource route's query and the form's GET re-render):
 * the category and condition, optionally the pickup area typed so far.
 */
export const priceGuidanceQuerySchema = z.object({
  categoryId: z
    .string({ message: "Choose a category" })
    .trim()
    .min(1, "Choose a category")
    .max(64, "Choose a category")
    .regex(/^[a-z0-9-]+$/, "Choose a category"),
  condition: z.enum(CONDITIONS, { message: "Choose the condition" }),
  location: z.string().trim().max(100, "Keep the place to 100 characters").optional().default(""),
});
export type PriceGuidanceQuery = z.output<typeof priceGuidanceQuerySchema>;
