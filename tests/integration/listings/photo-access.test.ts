import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "~/lib/env.server";
import { newId } from "~/lib/ids.server";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { loader as photoLoader } from "~/routes/photos.$";
import { useTestDatabase } from "../../support/database";
import { createCompletedOrder, createListing, createUser, memberSession } from "../../support/factories";
import { startS3 } from "../../support/s3";

/**
 * /photos/… serves listing photos to everyone, but a draft's or archived listing's photos only to
 * its seller, and dispute evidence only to the dispute's parties and admins, never cached. The same
 * rules hold whether the files are on the local disk or in an S3-compatible bucket (s3rver here).
 */

const database = useTestDatabase();
let config: Config;
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-photo-access-"));
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

function sessionOf(user: { id: string; email: string; displayName: string }, extra: Partial<SessionUser> = {}) {
  return memberSession(user, extra);
}

async function fetchPhoto(storageKey: string, user: SessionUser | null) {
  const key = `${storageKey}-800.webp`;
  const context = {
    db: database.db,
    config,
    auth: { user, token: user ? "token" : null },
  } as unknown as AppLoadContext;
  try {
    const response = await photoLoader({
      request: new Request(`http://stoop.test/photos/${key}`),
      params: { "*": key },
      context,
    });
    return { status: response.status, cache: response.headers.get("Cache-Control") };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, cache: error.headers.get("Cache-Control") };
    throw error;
  }
}

async function storedListingPhoto(status: "active" | "draft" | "archived", sellerId?: string) {
  const id = newId();
  const listing = await createListing(database.db, { status, sellerId, photoKeys: [] });
  const storageKey = `${listing.id}/${id}`;
  await database.db
    .insertInto("listingPhotos")
    .values({ id, listingId: listing.id, position: 0, storageKey, width: 800, height: 600 })
    .execute();
  await photoStorageFor(config).put(`${storageKey}-800.webp`, Buffer.from("webp bytes"), "image/webp");
  return { listing, storageKey };
}

describe.each(["the local disk", "S3"])("photo access with files on %s", (place) => {
  let s3: Awaited<ReturnType<typeof startS3>> | null = null;
  beforeAll(async () => {
    s3 = place === "S3" ? await startS3() : null;
    config = loadConfig({ PAYMENTS: "stand-in", DATA_DIR: dataDir, ...s3?.env });
    expect(config.s3 !== null).toBe(place === "S3");
  });
  afterAll(() => s3?.close());

  it("serves a listing on sale's photos to anyone, cacheable", async () => {
    const { storageKey } = await storedListingPhoto("active");
    expect(await fetchPhoto(storageKey, null)).toEqual({ status: 200, cache: "public, max-age=31536000, immutable" });
  });

  it("serves a draft's or archived listing's photos only to its seller, uncached", async () => {
    const seller = await createUser(database.db);
    const stranger = await createUser(database.db);
    for (const status of ["draft", "archived"] as const) {
      const { storageKey } = await storedListingPhoto(status, seller.id);
      expect((await fetchPhoto(storageKey, null)).status).toBe(404);
      expect((await fetchPhoto(storageKey, sessionOf(stranger))).status).toBe(404);
      expect(await fetchPhoto(storageKey, sessionOf(seller))).toEqual({ status: 200, cache: "private, no-store" });
    }
  });

  it("serves dispute evidence only to the parties and to admins with two-factor, uncached", async () => {
    const { order, buyerId, sellerId } = await createCompletedOrder(database.db);
    const disputeId = newId();
    const messageId = newId();
    const storageKey = `${disputeId}/${newId()}`;
    await database.db
      .insertInto("disputes")
      .values({
        id: disputeId,
        orderId: order.id,
        source: "buyer",
        status: "open",
        reason: "damaged",
        openedBy: buyerId,
        orderStatusBefore: "completed",
      })
      .execute();
    await database.db
      .insertInto("disputeMessages")
      .values({ id: messageId, disputeId, authorId: buyerId, authorRole: "buyer", body: "It arrived broken." })
      .execute();
    await database.db
      .insertInto("disputePhotos")
      .values({ id: newId(), messageId, storageKey, width: 800, height: 600 })
      .execute();
    await photoStorageFor(config).put(`${storageKey}-800.webp`, Buffer.from("evidence"), "image/webp");

    const buyer = sessionOf({ id: buyerId, email: "b@example.test", displayName: "Bea" });
    const seller = sessionOf({ id: sellerId, email: "s@example.test", displayName: "Sam" });
    const stranger = sessionOf(await createUser(database.db));
    const admin = sessionOf(await createUser(database.db, { role: "admin" }), { role: "admin" });

    expect((await fetchPhoto(storageKey, null)).status).toBe(404);
    expect((await fetchPhoto(storageKey, stranger)).status).toBe(404);
    expect((await fetchPhoto(storageKey, admin)).status).toBe(404);
    for (const party of [buyer, seller, { ...admin, twoFactorEnabled: true }]) {
      expect(await fetchPhoto(storageKey, party)).toEqual({ status: 200, cache: "private, no-store" });
    }
  });

  it("does not serve a stored file that belongs to nothing", async () => {
    const storageKey = `${newId()}/${newId()}`;
    await photoStorageFor(config).put(`${storageKey}-800.webp`, Buffer.from("orphan"), "image/webp");
    expect((await fetchPhoto(storageKey, null)).status).toBe(404);
  });

  it("answers 404, not an error, for a photo whose file is missing", async () => {
    const id = newId();
    const listing = await createListing(database.db, { status: "active", photoKeys: [] });
    const storageKey = `${listing.id}/${id}`;
    await database.db
      .insertInto("listingPhotos")
      .values({ id, listingId: listing.id, position: 0, storageKey, width: 800, height: 600 })
      .execute();
    expect((await fetchPhoto(storageKey, null)).status).toBe(404);
  });
});
