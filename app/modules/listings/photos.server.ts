import sharp from "sharp";
import { InvalidInput } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { PHOTO_WIDTHS } from "./photo-urls";
import type { PhotoStorage } from "./storage.server";

export type { PhotoStorage } from "./storage.server";

/**
 * Photo processing: every upload is decoded, auto-rotated from its EXIF orientation and
 * re-encoded to WebP at three widths. Re-encoding without `keepMetadata()` drops all metadata,
 * EXIF GPS included: sellers photograph their homes.
 */

export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
/** Decompression-bomb guard: a small file that claims more pixels than this is refused before decoding. */
export const MAX_PHOTO_PIXELS = 50_000_000;
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp", "heif", "avif", "gif", "tiff"]);

export interface PreparedPhoto {
  width: number;
  height: number;
  variants: { width: number; data: Buffer }[];
}

/** Turns one uploaded file into WebP variants, or throws InvalidInput with a message for the form. */
export async function preparePhoto(data: Buffer, name = "This file"): Promise<PreparedPhoto> {
  const label = name.length > 60 ? `${name.slice(0, 57)}…` : name;
  const refuse = (message: string): never => {
    throw new InvalidInput(message, { photos: [message] });
  };
  if (data.length === 0) refuse(`${label} is empty.`);
  if (data.length > MAX_PHOTO_BYTES) refuse(`${label} is larger than 15 MB. Please choose a smaller photo.`);

  let metadata: Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
  try {
    metadata = await sharp(data, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata();
  } catch {
    return refuse(`${label} isn't a photo we can read. Use a JPEG, PNG, WebP or HEIC image.`);
  }
  if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format)) {
    refuse(`${label} isn't a photo we can read. Use a JPEG, PNG, WebP or HEIC image.`);
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_PHOTO_PIXELS) {
    refuse(`${label} has too many pixels (over 50 megapixels). Please resize it first.`);
  }

  try {
    const base = sharp(data, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: "error" }).rotate();
    const variants = await Promise.all(
      PHOTO_WIDTHS.map(async (width) => {
        const { data: output, info } = await base
          .clone()
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer({ resolveWithObject: true });
        return { width, data: output, info };
      }),
    );
    const largest = variants[variants.length - 1]!.info;
    return {
      width: largest.width,
      height: largest.height,
      variants: variants.map(({ width, data: output }) => ({ width, data: output })),
    };
  } catch {
    return refuse(`${label} is damaged or isn't a photo we can read.`);
  }
}

/** Prepares several uploads; the first bad one refuses them all (nothing is stored yet). */
export async function preparePhotos(files: { name: string; data: Buffer }[]): Promise<PreparedPhoto[]> {
  const prepared: PreparedPhoto[] = [];
  // One at a time: sharp already uses the cores, and ten parallel decodes would multiply memory.
  for (const file of files) prepared.push(await preparePhoto(file.data, file.name));
  return prepared;
}

export interface StoredPhoto {
  id: string;
  storageKey: string;
  width: number;
  height: number;
}

export function variantKey(storageKey: string, width: number): string {
  return `${storageKey}-${width}.webp`;
}

/** Writes the variants; if any write fails, the ones already written are deleted again. */
export async function storePhotos(
  storage: PhotoStorage,
  listingId: string,
  photos: PreparedPhoto[],
): Promise<StoredPhoto[]> {
  const stored: StoredPhoto[] = [];
  try {
    for (const photo of photos) {
      const id = newId();
      const storageKey = `${listingId}/${id}`;
      stored.push({ id, storageKey, width: photo.width, height: photo.height });
      for (const variant of photo.variants) {
        await storage.put(variantKey(storageKey, variant.width), variant.data, "image/webp");
      }
    }
    return stored;
  } catch (error) {
    // Best effort: when the storage is down the clean-up fails too, and the write's error is the one to report.
    await deleteStoredPhotos(
      storage,
      stored.map((photo) => photo.storageKey),
    ).catch(() => undefined);
    throw error;
  }
}

export async function deleteStoredPhotos(storage: PhotoStorage, storageKeys: string[]): Promise<void> {
  for (const storageKey of storageKeys) {
    for (const width of PHOTO_WIDTHS) await storage.delete(variantKey(storageKey, width));
  }
}
