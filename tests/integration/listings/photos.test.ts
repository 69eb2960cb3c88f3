import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInput } from "~/lib/errors";
import {
  MAX_PHOTO_BYTES,
  deleteStoredPhotos,
  preparePhoto,
  storePhotos,
  variantKey,
} from "~/modules/listings/photos.server";
import { makeJpeg, temporaryStorage } from "../../support/photos";

async function refusal(promise: Promise<unknown>): Promise<InvalidInput> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidInput) return error;
    throw error;
  }
  throw new Error("expected the photo to be refused");
}

/** A valid PNG whose header claims width x height pixels: tiny on disk, enormous once decoded. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#fff" } })
    .png()
    .toBuffer();
  const patched = Buffer.from(png);
  // IHDR data starts at byte 16 (8-byte signature, 4-byte length, 4-byte type); its CRC follows at 29.
  patched.writeUInt32BE(width, 16);
  patched.writeUInt32BE(height, 20);
  patched.writeUInt32BE(crc32(patched.subarray(12, 29)), 29);
  return patched;
}

describe("processing an uploaded photo", () => {
  it("strips EXIF and GPS metadata and re-encodes to WebP at three widths", async () => {
    const jpeg = await makeJpeg({ width: 2000, height: 1500, gps: true });
    const before = await sharp(jpeg).metadata();
    const withoutGps = await sharp(await makeJpeg({ width: 2000, height: 1500 })).metadata();
    // The test photo must really carry EXIF, and GPS tags on top of it (the GPS IFD adds bytes).
    expect(before.exif?.includes(Buffer.from("StoopCam"))).toBe(true);
    expect(before.exif!.length).toBeGreaterThan(withoutGps.exif?.length ?? 0);

    const prepared = await preparePhoto(jpeg, "garage.jpg");
    expect(prepared.variants.map((variant) => variant.width)).toEqual([320, 800, 1600]);
    for (const variant of prepared.variants) {
      const after = await sharp(variant.data).metadata();
      expect(after.format).toBe("webp");
      expect(after.width).toBe(variant.width);
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(variant.data.includes(Buffer.from("StoopCam"))).toBe(false);
    }
    expect(prepared).toMatchObject({ width: 1600, height: 1200 });
  });

  it("applies the EXIF orientation before the metadata is dropped", async () => {
    // Orientation 6: the camera was turned a quarter; a 400x300 sensor image is really 300 wide.
    const jpeg = await makeJpeg({ width: 400, height: 300, orientation: 6 });
    const prepared = await preparePhoto(jpeg, "turned.jpg");
    expect(prepared).toMatchObject({ width: 300, height: 400 });
  });

  it("never enlarges a small photo", async () => {
    const prepared = await preparePhoto(await makeJpeg({ width: 500, height: 250 }));
    expect((await sharp(prepared.variants[2]!.data).metadata()).width).toBe(500);
  });

  it("refuses a text file renamed to .jpg with a clear message", async () => {
    const error = await refusal(preparePhoto(Buffer.from("this is not a photo\n".repeat(50)), "notes.jpg"));
    expect(error.fieldErrors.photos).toEqual([
      "notes.jpg isn't a photo we can read. Use a JPEG, PNG, WebP or HEIC image.",
    ]);
  });

  it("refuses a file over 15 MB before decoding it", async () => {
    const noise = await sharp({
      create: {
        width: 2400,
        height: 2400,
        channels: 3,
        background: "#000",
        noise: { type: "gaussian", mean: 128, sigma: 80 },
      },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(MAX_PHOTO_BYTES);
    const error = await refusal(preparePhoto(noise, "huge.png"));
    expect(error.fieldErrors.photos).toEqual(["huge.png is larger than 15 MB. Please choose a smaller photo."]);
  });

  it("refuses a decompression bomb: a tiny file claiming 100,000 x 100,000 pixels", async () => {
    const bomb = await pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(1000);
    const error = await refusal(preparePhoto(bomb, "bomb.png"));
    expect(error.fieldErrors.photos?.[0]).toMatch(/^bomb\.png (isn't a photo we can read|has too many pixels)/);
  });
});

describe("storing photos", () => {
  let disk: Awaited<ReturnType<typeof temporaryStorage>>;
  beforeAll(async () => {
    disk = await temporaryStorage();
  });
  afterAll(() => disk.cleanup());

  it("writes every variant under the listing's key and deletes them all again", async () => {
    const prepared = await preparePhoto(await makeJpeg());
    const [stored] = await storePhotos(disk.storage, "listing-a", [prepared]);
    expect(stored!.storageKey).toMatch(/^listing-a\/[A-Za-z0-9_-]+$/);
    const bytes = await disk.storage.get(variantKey(stored!.storageKey, 800));
    expect((await sharp(bytes!).metadata()).format).toBe("webp");
    expect(await disk.files()).toHaveLength(3);
    await deleteStoredPhotos(disk.storage, [stored!.storageKey]);
    expect(await disk.files()).toHaveLength(0);
  });

  it("refuses storage keys that could escape the photo directory", async () => {
    await expect(disk.storage.get("../etc/passwd")).rejects.toThrow(/Unsafe storage key/);
    await expect(disk.storage.put("a/../../x.webp", Buffer.from("x"), "image/webp")).rejects.toThrow(/Unsafe/);
  });
});
