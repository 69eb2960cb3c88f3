/**
 * npm run photos:copy-to-s3
 *
 * Copies the photos under DATA_DIR/photos into the S3-compatible bucket the S3_* variables name
 * (docs/operations.md, "Photos"), under the same keys, so the database's storage keys stay valid.
 * Run it with the same environment as the app, once before switching the app to S3 and once more
 * after (to catch photos uploaded meanwhile); it never deletes anything.
 */
import path from "node:path";
import { ConfigError, loadConfig } from "~/lib/env.server";
import { copyDiskPhotos, photoStorageFor } from "~/modules/listings/storage.server";

async function main() {
  const config = loadConfig();
  if (!config.s3) throw new ConfigError("Set S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY first.");
  const root = path.resolve(config.dataDir, "photos");
  const target = photoStorageFor(config);
  console.log(`Copying ${root} to bucket ${config.s3.bucket}${config.s3.endpoint ? ` at ${config.s3.endpoint}` : ""}`);
  let shown = 0;
  const { copied, skipped } = await copyDiskPhotos(root, target, () => {
    if (++shown % 500 === 0) console.log(`  ${shown} files copied`);
  });
  console.log(`Copied ${copied} files${skipped ? ` (skipped ${skipped} that are not photo files)` : ""}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
