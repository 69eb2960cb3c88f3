import { describe, expect, it } from "vitest";
import {
  chooseTier,
  compareOffer,
  guidanceSentence,
  roughDollars,
  type TierFigures,
} from "~/modules/orders/price-guidance";
import { priceGuidanceQuerySchema } from "~/modules/orders/price-guidance.server";

const tier = (radiusKm: TierFigures["radiusKm"], sales: number, median = 11000): TierFigures => ({
  radiusKm,
  sales,
  lowCents: sales ? median - 3000 : null,
  medianCents: sales ? median : null,
  highCents: sales ? median + 3000 : null,
});

describe("chooseTier", () => {
  it("takes the nearest area with at least 5 sales", () => {
    expect(chooseTier([tier(25, 5), tier(100, 9), tier(null, 40)])).toMatchObject({ radiusKm: 25, widened: false });
    expect(chooseTier([tier(25, 4), tier(100, 9), tier(null, 40)])).toMatchObject({
      radiusKm: 100,
      widened: true,
      sales: 9,
    });
    expect(chooseTier([tier(25, 1), tier(100, 4), tier(null, 5)])).toMatchObject({ radiusKm: null, widened: true });
  });

  it("gives nothing under 5 sales anywhere, with the most it found", () => {
    expect(chooseTier([tier(25, 0), tier(100, 2), tier(null, 4)])).toEqual({ enough: false, sales: 4 });
  });

  it("does not call Stoop-wide figures widened when the seller gave no area", () => {
    expect(chooseTier([tier(null, 6)], null)).toMatchObject({ radiusKm: null, widened: false });
  });
});

describe("guidanceSentence", () => {
  it("states the band, median and number of sales in whole dollars", () => {
    const guidance = chooseTier([{ radiusKm: 25, sales: 23, lowCents: 7960, medianCents: 11049, highCents: 14000 }]);
    expect(guidanceSentence(guidance)).toBe(
      "Similar items sold near you for $80-$140 (median $110, 23 sales in 90 days).",
    );
  });

  it("says when the figures come from further away", () => {
    expect(guidanceSentence(chooseTier([tier(25, 0), tier(100, 6)]))).toMatch(
      /^Not enough sales within 25 km, so within 100 km/,
    );
    expect(guidanceSentence(chooseTier([tier(25, 0), tier(100, 0), tier(null, 6)]))).toMatch(
      /^Not enough sales nearby, so across Stoop/,
    );
    expect(guidanceSentence(chooseTier([tier(null, 6)], null))).toMatch(/^Across Stoop, similar items sold for/);
  });
});

describe("roughDollars", () => {
  it("rounds to whole dollars with thousands separators", () => {
    expect(roughDollars(7950)).toBe("$80");
    expect(roughDollars(125049)).toBe("$1,250");
  });
});

describe("compareOffer", () => {
  const guidance = chooseTier([tier(25, 7)]);
  it("flags an offer under 80% of the median, and only then", () => {
    expect(compareOffer(8799, guidance)?.level).toBe("low");
    expect(compareOffer(8800, guidance)?.level).toBe("in-range");
    expect(compareOffer(14001, guidance)?.level).toBe("high");
    expect(compareOffer(100, chooseTier([tier(25, 3)]))).toBeNull();
  });
});

describe("priceGuidanceQuerySchema", () => {
  it("refuses a missing condition, an odd category or an overlong place", () => {
    expect(priceGuidanceQuerySchema.safeParse({ categoryId: "bikes", condition: "good" }).success).toBe(true);
    expect(priceGuidanceQuerySchema.safeParse({ categoryId: "bikes" }).success).toBe(false);
    expect(priceGuidanceQuerySchema.safeParse({ categoryId: "bikes'--", condition: "good" }).success).toBe(false);
    expect(
      priceGuidanceQuerySchema.safeParse({ categoryId: "bikes", condition: "good", location: "x".repeat(101) }).success,
    ).toBe(false);
  });
});
