import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { LocalDiskStorage } from "~/modules/listings/storage.server";

/** A real JPEG made on the spot: a colour gradient-ish block, optionally carrying EXIF GPS tags. */
export async function makeJpeg(options: { width?: number; height?: number; gps?: boolean; orientation?: number } = {}) {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  let image = sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 90, b: 40 } },
  }).jpeg({ quality: 85 });
  if (options.gps) {
    image = image.withExif({
      IFD0: { Make: "StoopCam", Model: "Test 1" },
      ...(options.gps
        ? {
            IFD3: {
              GPSLatitudeRef: "N",
              GPSLatitude: "45/1 31/1 1234/100",
              GPSLongitudeRef: "W",
              GPSLongitude: "122/1 40/1 5678/100",
            },
          }
        : {}),
    });
  }
  // The orientation tag is sharp's own metadata option, separate from the EXIF IFDs above.
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return image.toBuffer();
}

export async function temporaryStorage() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-photos-"));
  const storage = new LocalDiskStorage(root);
  return {
    storage,
    root,
    async files(): Promise<string[]> {
      const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
      return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}
