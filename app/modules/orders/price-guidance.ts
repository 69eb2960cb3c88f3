import { formatMoney } from "~/lib/money";

/**
 * Price guidance's rules, browser-safe (the sell form, the offers page and their tests). Figures
 * come from completed orders' item prices of sold listings in the same category and condition over
 * the last 90 days: the band is the 25th to 75th percentile (continuous, as PostgreSQL's
 * percentile_cont interpolates), the median the 50th; nothing is shown under 5 sales. The area is
 * 25 km around the seller, widened to 100 km and then to all of Stoop when the nearer one has too
 * few sales, and the sentence says which (docs/decisions/041-item-passport.md).
 */

export const GUIDANCE_WINDOW_DAYS = 90;
export const GUIDANCE_MIN_SALES = 5;
/** The areas tried in turn; null is everywhere. */
export const GUIDANCE_RADII_KM = [25, 100, null] as const;
export type GuidanceRadius = (typeof GUIDANCE_RADII_KM)[number];
/** Below this share of the median, an offer is flagged to the seller. */
export const LOW_OFFER_SHARE = 0.8;

export interface TierFigures {
  radiusKm: GuidanceRadius;
  sales: number;
  lowCents: number | null;
  medianCents: number | null;
  highCents: number | null;
}

export type PriceGuidance =
  | {
      enough: true;
      radiusKm: GuidanceRadius;
      /** The 25 km area (or the seller's point) had too few sales: this is a wider area. */
      widened: boolean;
      sales: number;
      lowCents: number;
      medianCents: number;
      highCents: number;
    }
  | { enough: false; sales: number };

/**
 * The nearest area with at least 5 sales, tried in order (25 km, 100 km, everywhere); `tiers` are
 * the figures of each area the query could measure (only "everywhere" without a seller's point).
 */
export function chooseTier(tiers: readonly TierFigures[], nearestWanted: GuidanceRadius = 25): PriceGuidance {
  for (const tier of tiers)
    if (
      tier.sales >= GUIDANCE_MIN_SALES &&
      tier.lowCents !== null &&
      tier.medianCents !== null &&
      tier.highCents !== null
    )
      return {
        enough: true,
        radiusKm: tier.radiusKm,
        widened: tier.radiusKm !== nearestWanted,
        sales: tier.sales,
        lowCents: tier.lowCents,
        medianCents: tier.medianCents,
        highCents: tier.highCents,
      };
  return { enough: false, sales: Math.max(0, ...tiers.map((tier) => tier.sales)) };
}

/** Whole dollars, rounded: guidance is a range, not a price ("$80", "$1,250"). */
export function roughDollars(cents: number): string {
  return formatMoney(Math.round(cents / 100) * 100).replace(/\.00$/, "");
}

/** "Similar items sold near you for $80-$140 (median $110, 23 sales in 90 days)", and the widened forms. */
export function guidanceSentence(guidance: PriceGuidance): string {
  if (!guidance.enough)
    return `Fewer than ${GUIDANCE_MIN_SALES} similar items sold on Stoop in the last ${GUIDANCE_WINDOW_DAYS} days, so there is no price guidance yet.`;
  const figures = `${roughDollars(guidance.lowCents)}-${roughDollars(guidance.highCents)} (median ${roughDollars(guidance.medianCents)}, ${guidance.sales} sales in ${GUIDANCE_WINDOW_DAYS} days)`;
  if (guidance.radiusKm === 25 && !guidance.widened) return `Similar items sold near you for ${figures}.`;
  if (guidance.radiusKm === null)
    return guidance.widened
      ? `Not enough sales nearby, so across Stoop: similar items sold for ${figures}.`
      : `Across Stoop, similar items sold for ${figures}.`;
  return `Not enough sales within 25 km, so within ${guidance.radiusKm} km: similar items sold for ${figures}.`;
}

export type OfferComparison = { level: "low" | "in-range" | "high"; sentence: string };

/** An offer the seller receives, beside the same figures ("this offer is below 80% of similar sales"). */
export function compareOffer(amountCents: number, guidance: PriceGuidance): OfferComparison | null {
  if (!guidance.enough) return null;
  const median = roughDollars(guidance.medianCents);
  if (amountCents < LOW_OFFER_SHARE * guidance.medianCents)
    return {
      level: "low",
      sentence: `This offer is below 80% of similar sales (median ${median}, ${guidance.sales} sales in ${GUIDANCE_WINDOW_DAYS} days).`,
    };
  if (amountCents > guidance.highCents)
    return { level: "high", sentence: `This offer is above most similar sales (median ${median}).` };
  return { level: "in-range", sentence: `This offer is in line with similar sales (median ${median}).` };
}
