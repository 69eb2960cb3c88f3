import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import { newId } from "~/lib/ids.server";
import {
  copyDiskPhotos,
  LocalDiskStorage,
  photoStorageFor,
  S3Storage,
  type PhotoStorage,
} from "~/modules/listings/storage.server";
import { startS3, TEST_BUCKET } from "../../support/s3";

/** The S3 photo storage, with the real AWS SDK against a local S3-compatible server (s3rver). */

let s3: Awaited<ReturnType<typeof startS3>>;
let storage: PhotoStorage;
let dataDir: string;

beforeAll(async () => {
  s3 = await startS3();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-s3-storage-"));
  storage = photoStorageFor(loadConfig({ DATA_DIR: dataDir, ...s3.env }));
});
afterAll(async () => {
  await s3.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const keyOf = (width = 800) => `${newId()}/${newId()}-${width}.webp`;

describe("photo storage in an S3-compatible bucket", () => {
  it("is what the configuration picks when the S3 variables are set, and nothing lands on the disk", async () => {
    expect(storage).toBeInstanceOf(S3Storage);
    const key = keyOf();
    await storage.put(key, Buffer.from("webp bytes"), "image/webp");
    expect(await fs.readdir(dataDir)).toEqual([]);
  });

  it("returns the bytes it stored and keeps the content type on the object", async () => {
    const key = keyOf(1600);
    const bytes = Buffer.from([0x52, 0x49, 0x46, 0x46, 0x00, 0xff, 0x10, 0x57, 0x45, 0x42, 0x50]);
    await storage.put(key, bytes, "image/webp");
    expect(await storage.get(key)).toEqual(bytes);

    const client = new S3Client({
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    const head = await client.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
    client.destroy();
    expect(head.ContentType).toBe("image/webp");
    expect(head.ContentLength).toBe(bytes.length);
  });

  it("answers null for a key nothing is stored under", async () => {
    expect(await storage.get(keyOf())).toBeNull();
  });

  it("deletes what it stored, and deleting a missing key is not an error", async () => {
    const key = keyOf(320);
    await storage.put(key, Buffer.from("to delete"), "image/webp");
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it("overwrites a key rather than keeping two versions", async () => {
    const key = keyOf();
    await storage.put(key, Buffer.from("first"), "image/webp");
    await storage.put(key, Buffer.from("second"), "image/webp");
    expect((await storage.get(key))?.toString()).toBe("second");
  });

  it("refuses keys that could leave the photo namespace", async () => {
    for (const key of ["../etc/passwd", "a/../../b", "/absolute", "a//b", "with space/x.webp"]) {
      await expect(storage.put(key, Buffer.from("x"), "image/webp")).rejects.toThrow(/Unsafe storage key/);
      await expect(storage.get(key)).rejects.toThrow(/Unsafe storage key/);
    }
  });
});

describe("copying the local disk's photos into the bucket", () => {
  it("puts every photo file under its key, skips other files, and can run again", async () => {
    const root = path.join(dataDir, "photos-to-copy");
    const disk = new LocalDiskStorage(root);
    const keys = [keyOf(320), keyOf(800), keyOf(1600)];
    for (const key of keys) await disk.put(key, Buffer.from(`bytes of ${key}`), "image/webp");
    await fs.writeFile(path.join(root, "stray.tmp"), "half written");

    expect(await copyDiskPhotos(root, storage)).toEqual({ copied: 3, skipped: 1 });
    for (const key of keys) expect((await storage.get(key))?.toString()).toBe(`bytes of ${key}`);
    expect(await copyDiskPhotos(root, storage)).toEqual({ copied: 3, skipped: 1 });
    expect(await copyDiskPhotos(path.join(dataDir, "no-such-dir"), storage)).toEqual({ copied: 0, skipped: 0 });
  });
});
