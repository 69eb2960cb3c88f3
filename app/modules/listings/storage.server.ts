import fs from "node:fs/promises";
import path from "node:path";

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

const storages = new Map<string, PhotoStorage>();

/** The configured photo storage: local disk under the data directory. */
export function photoStorageFor(config: { dataDir: string }): PhotoStorage {
  const root = path.resolve(config.dataDir, "photos");
  let storage = storages.get(root);
  if (!storage) {
    storage = new LocalDiskStorage(root);
    storages.set(root, storage);
  }
  return storage;
}
