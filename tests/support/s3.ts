import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export const TEST_BUCKET = "stoop-photos";

/**
 * A local S3-compatible server (s3rver) with one empty bucket, for the real AWS SDK to talk to.
 * `env` is what Stoop's configuration needs to use it (app/lib/env.server.ts).
 */
export async function startS3(options: { port?: number } = {}) {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-s3rver-"));
  const server = new S3rver({
    port: options.port ?? 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: TEST_BUCKET }],
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    directory,
    env: {
      S3_BUCKET: TEST_BUCKET,
      S3_REGION: "us-east-1",
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    },
    async close() {
      // The SDK keeps connections alive; they would hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
