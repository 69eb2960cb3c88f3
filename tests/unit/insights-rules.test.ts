import { describe, expect, it } from "vitest";
import { cellOf, normalizeTerm, resultBucket } from "~/modules/insights/rules";
import { insightsCsv } from "~/modules/insights/shop-insights.server";

describe("insights rules", () => {
  it("keeps only the centre of a search's 0.1° cell, the same for every point in it", () => {
    expect(cellOf({ latitude: 45.5123, longitude: -122.6789 })).toEqual({ cellLat: 45.55, cellLon: -122.65 });
    expect(cellOf({ latitude: 45.5999, longitude: -122.6001 })).toEqual({ cellLat: 45.55, cellLon: -122.65 });
    expect(cellOf({ latitude: 45.6001, longitude: -122.6789 }).cellLat).toBe(45.65);
  });

  it("normalizes a term: lowercase, one space, no control characters, at most 60 characters", () => {
    expect(normalizeTerm("  Tandem\t\u0007BIKE  ")).toBe("tandem bike");
    expect(normalizeTerm("x".repeat(80))).toHaveLength(60);
  });

  it("buckets result counts into none, few (under 5) and some", () => {
    expect([0, 1, 4, 5, 40].map(resultBucket)).toEqual(["none", "few", "few", "some", "some"]);
  });

  it("writes a CSV with 'fewer than 5' for hidden figures and no spreadsheet formulas", () => {
    const csv = insightsCsv("demand-term", [
      { key: "a", label: "=HYPERLINK(1)", figures: { members: 7, searches: 9 } },
      { key: "b", label: 'say "hi", ok', figures: null },
    ]);
    expect(csv).toBe('label,members,searches\r\n\'=HYPERLINK(1),7,9\r\n"say ""hi"", ok",fewer than 5,fewer than 5\r\n');
  });
});
