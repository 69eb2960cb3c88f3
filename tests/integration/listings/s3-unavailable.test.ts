import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { AppLoadContext } from "@remix-run/node";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "~/lib/env.server";
import { newId } from "~/lib/ids.server";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { action as newListingAction } from "~/routes/listings.new";
import { loader as photoLoader } from "~/routes/photos.$";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser, memberSession } from "../../support/factories";
import { makeJpeg } from "../../support/photos";
import { startS3 } from "../../support/s3";

/**
 * Photos in S3 with the bucket's server down (s3rver stopped; the real AWS SDK retrying and
 * failing to connect): uploading and serving photos answer 503 with a message, never a 500; the
 * sell form keeps what was typed and saves nothing; each failure is logged once, with its cause.
 */

const database = useTestDatabase();
let config: Config;
let dataDir: string;
let logged: { level: number; msg: string; service?: string; err?: { message?: string; code?: string } }[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-s3-down-"));
  const s3 = await startS3();
  config = loadConfig({ PAYMENTS: "stand-in", DATA_DIR: dataDir, ...s3.env });
  expect(config.s3).not.toBeNull();
  // Up once (the client has connected), then stopped: nothing listens on its port any more.
  await photoStorageFor(config).put(`${newId()}/${newId()}-800.webp`, Buffer.from("webp"), "image/webp");
  await s3.close();
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

function contextFor(user: { id: string; email: string; displayName: string }): AppLoadContext {
  logged = [];
  const sink = new Writable({
    write(line: Buffer, _encoding, callback) {
      logged.push(JSON.parse(line.toString()) as (typeof logged)[number]);
      callback();
    },
  });
  const session: SessionUser = memberSession(user);
  return {
    db: database.db,
    config,
    logger: pino({ level: "info" }, sink),
    auth: { user: session, token: "token" },
  } as unknown as AppLoadContext;
}

const errorsLogged = () => logged.filter((line) => line.level >= 50);

describe("photo storage in S3 with the S3 server down", () => {
  it("serves a photo as a 503 with a message, not cached, and logs the cause once", async () => {
    const seller = await createUser(database.db);
    const listing = await createListing(database.db, { sellerId: seller.id, photoKeys: [] });
    const storageKey = `${listing.id}/${newId()}`;
    await database.db
      .insertInto("listingPhotos")
      .values({ id: newId(), listingId: listing.id, position: 0, storageKey, width: 800, height: 600 })
      .execute();
    const key = `${storageKey}-800.webp`;

    const response = await photoLoader({
      request: new Request(`http://stoop.test/photos/${key}`),
      params: { "*": key },
      context: contextFor(seller),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Retry-After")).toBe("30");
    expect(await response.text()).toContain("Photo storage is unavailable, try again");
    expect(errorsLogged()).toHaveLength(1);
    expect(errorsLogged()[0]).toMatchObject({
      msg: "photo storage unavailable",
      service: "photo storage",
      err: { code: "ECONNREFUSED" },
    });
  });

  it("answers the sell form with a 503 that keeps what was typed, saves no listing, and logs the cause once", async () => {
    const seller = await createUser(database.db);
    const form = new FormData();
    form.set("title", "Walnut side table");
    form.set("description", "Solid walnut, one drawer.");
    form.set("categoryId", "furniture");
    form.set("condition", "good");
    form.set("price", "45");
    form.set("pickup", "on");
    form.set("location", "97214");
    form.append("photos", new File([await makeJpeg()], "table.jpg", { type: "image/jpeg" }));

    const response = await newListingAction({
      request: new Request("http://stoop.test/listings/new", { method: "POST", body: form }),
      params: {},
      context: contextFor(seller),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ok: boolean; formError: string; values: Record<string, string> };
    expect(body.ok).toBe(false);
    expect(body.formError).toContain("Photo storage is unavailable, try again");
    expect(body.values).toMatchObject({ title: "Walnut side table", price: "45", location: "97214" });
    expect(await database.db.selectFrom("listings").select("id").where("sellerId", "=", seller.id).execute()).toEqual(
      [],
    );
    expect(errorsLogged()).toHaveLength(1);
    expect(errorsLogged()[0]).toMatchObject({ msg: "photo storage unavailable", err: { code: "ECONNREFUSED" } });
  });
});
