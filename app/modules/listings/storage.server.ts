import fs from "node:fs/promises";
import path from "node:path";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { S3Config } from "~/lib/env.server";
import { Unavailable } from "~/lib/errors";

/**
 * Where photo files live. Keys are relative, slash-separated names ("<listingId>/<photoId>-800.webp"):
 * the same shape an S3-compatible bucket uses, so a bucket-backed implementation of this interface
 * is a drop-in replacement for the local disk.
 */
export interface PhotoStorage {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The stored bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** The bucket can't be reached or refused the request: the member is asked to try again (a 503). */
export class PhotoStorageUnavailable extends Unavailable {
  constructor(cause: unknown) {
    super("Photo storage is unavailable, try again in a moment (choose the photos again).", "photo storage", cause);
  }
}

const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
  }
}

/** Files under a root directory (by default DATA_DIR/photos). */
export class LocalDiskStorage implements PhotoStorage {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  // A bucket store would keep the content type; the local disk serves every variant as WebP.
  async put(key: string, body: Buffer, _contentType: string): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Write then rename: a reader never sees half a file.
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temporary, body);
    await fs.rename(temporary, target);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

/**
 * Photo files in an S3-compatible bucket (AWS S3, MinIO, Garage, R2, …), under the same keys the
 * local disk uses. The bucket stays private: members fetch photos from /photos/…, which checks who
 * may see them and reads the object from here (docs/decisions/039-photos-in-s3.md).
 */
export class S3Storage implements PhotoStorage {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // The SDK's default CRC32 checksums on every request are not understood by every
      // S3-compatible server; send and check them only where the API requires them.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
      // A bucket that does not answer at all fails the request in seconds, not after the OS's TCP timeout.
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 20_000 },
    });
  }

  /** Every SDK failure but a missing key is the bucket being down or refusing us (ADR 039). */
  private async send<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new PhotoStorageUnavailable(error);
    }
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertSafeKey(key);
    await this.send(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          // A variant's bytes never change (random ids): a CDN in front of the bucket may keep it.
          CacheControl: "private, max-age=31536000, immutable",
        }),
      ),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    assertSafeKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      if (!object.Body) return null;
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      // Some S3-compatible servers answer a missing key with a bare 404 the SDK cannot name.
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw new PhotoStorageUnavailable(error);
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.send(() => this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key })));
  }

  destroy(): void {
    this.client.destroy();
  }
}

/**
 * Copies every photo file under a local disk root into `target` under the same key (moving to
 * S3: scripts/photos-copy-to-s3.ts). Safe to run again: a key already there is written anew.
 * Files whose names are not storage keys (a half-written `.tmp`) are skipped.
 */
export async function copyDiskPhotos(
  root: string,
  target: PhotoStorage,
  onCopied: (key: string) => void = () => {},
): Promise<{ copied: number; skipped: number }> {
  const source = new LocalDiskStorage(root);
  let copied = 0;
  let skipped = 0;
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const key = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    if (!key.endsWith(".webp") || !SAFE_KEY.test(key)) {
      skipped++;
      continue;
    }
    const bytes = await source.get(key);
    if (!bytes) continue;
    await target.put(key, bytes, "image/webp");
    copied++;
    onCopied(key);
  }
  return { copied, skipped };
}

const storages = new Map<string, PhotoStorage>();

/**
 * The configured photo storage: the S3-compatible bucket when S3_* is set, else the local disk
 * under the data directory. One instance per place, so the S3 client's connections are reused.
 */
export function photoStorageFor(config: { dataDir: string; s3?: S3Config | null }): PhotoStorage {
  const s3 = config.s3 ?? null;
  const place = s3
    ? `s3:${s3.endpoint ?? "aws"}/${s3.region}/${s3.bucket}/${s3.accessKeyId}`
    : `disk:${path.resolve(config.dataDir, "photos")}`;
  let storage = storages.get(place);
  if (!storage) {
    storage = s3 ? new S3Storage(s3) : new LocalDiskStorage(path.resolve(config.dataDir, "photos"));
    storages.set(place, storage);
  }
  return storage;
}
