import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DRAWN_CATEGORIES, demoPictureSvg } from "~db/seed-pictures";
import { CATALOGUE } from "~db/seed-listings";

describe("the demo's listing pictures", () => {
  it("draws an object of its own for every category the demo catalogue lists", () => {
    const catalogued = CATALOGUE.map(([categoryId]) => categoryId);
    expect(catalogued.filter((categoryId) => !DRAWN_CATEGORIES.includes(categoryId))).toEqual([]);
    // Two categories sharing one drawing would be a copy-paste slip: every picture differs.
    const pictures = new Set(catalogued.map((categoryId) => demoPictureSvg(categoryId, 0)));
    expect(pictures.size).toBe(catalogued.length);
  });

  it("draws the same picture for the same category and variant, and another for the next variant", () => {
    expect(demoPictureSvg("bikes", 0)).toBe(demoPictureSvg("bikes", 0));
    expect(demoPictureSvg("bikes", 1)).not.toBe(demoPictureSvg("bikes", 0));
  });

  it("renders as an 800 × 600 image (or the width asked for) that is not one flat colour", async () => {
    expect((await sharp(Buffer.from(demoPictureSvg("guitars", 0, 1200))).metadata()).width).toBe(1200);
    const { data, info } = await sharp(Buffer.from(demoPictureSvg("guitars", 0)))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([800, 600]);
    const stats = await sharp(data, { raw: info }).stats();
    expect(stats.channels[0]!.stdev).toBeGreaterThan(10);
  });
});
