import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { e2eSettings } from "../support/e2e-env";
import { startS3 } from "../support/s3";
import { expect, test } from "./fixtures";
import { startSecondProcess } from "./second-process";

// An app process with its photos in an S3-compatible bucket (s3rver, started here) beside the
// E2E server on the same PostgreSQL. Ports: E2E_S3_APP_PORT and E2E_S3_PORT, else 6 and 7 above
// the first server's.
const basePort = Number(process.env.E2E_PORT ?? 3310);
const appPort = Number(process.env.E2E_S3_APP_PORT ?? basePort + 6);
const s3Port = Number(process.env.E2E_S3_PORT ?? basePort + 7);
let s3: Awaited<ReturnType<typeof startS3>> | null = null;
let app: Awaited<ReturnType<typeof startSecondProcess>> | null = null;

test.skip(!process.env.TEST_DATABASE_URL, "the second app process shares the E2E server's PostgreSQL database");
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  s3 = await startS3({ port: s3Port });
  app = await startSecondProcess(appPort, s3.env);
});
test.afterAll(async () => {
  await app?.stop();
  await s3?.close();
});

test("a seller lists an item with a photo stored in S3, and everyone sees it served from /photos/", async ({
  page,
  browser,
  member,
  signIn,
}) => {
  const title = `Bucket ${Date.now().toString(36)} vase`;
  await signIn(member);
  await page.goto(`${app!.url}/listings/new`);
  await page.getByLabel("Photos").setInputFiles({
    name: "vase.jpg",
    mimeType: "image/jpeg",
    buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: "#2060c0" } })
      .jpeg()
      .toBuffer(),
  });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("A blue vase.");
  await page.getByLabel("Category").selectOption({ label: "Decor & lighting" });
  await page.getByLabel("Condition").selectOption({ label: "Good" });
  await page.getByLabel("Price (USD)", { exact: true }).fill("12");
  await page.getByLabel("Pickup area").fill("97214");
  await page.getByRole("button", { name: "Publish listing" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  const photo = page.getByRole("img", { name: `${title}, photo 1 of 1` });
  await expect(photo).toHaveJSProperty("complete", true);
  expect(await photo.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
  const src = (await photo.getAttribute("src"))!;
  const key = /^\/photos\/(.+)$/.exec(src)?.[1];
  expect(key, `a /photos/ URL, got ${src}`).toBeTruthy();

  // The bytes are in the bucket, not on the app's disk.
  const stored = await fs.readdir(path.join(s3!.directory), { recursive: true });
  expect(stored.some((name) => name.includes(key!.split("/")[1]!.replace(/\.webp$/, "")))).toBe(true);
  const appPhotos = path.join(`${e2eSettings().dataDir}-port${appPort}`, "photos");
  await expect(fs.access(appPhotos)).rejects.toThrow();

  // A visitor who is not signed in gets the public photo with the long cache header.
  const visitor = await browser.newContext();
  const response = await visitor.request.get(`${app!.url}${src}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/webp");
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  await visitor.close();
});

test.describe("with the bucket's server down", () => {
  // The form's answer is a 503 by design; Chromium reports it on the console.
  test.use({ allowedConsoleErrors: [/^Failed to load resource: the server responded with a status of 503/] });

  test("the sell form says photo storage is unavailable and keeps what the seller typed", async ({
    page,
    member,
    signIn,
  }) => {
    await s3!.close();
    s3 = null;
    await signIn(member);
    await page.goto(`${app!.url}/listings/new`);
    await page.getByLabel("Photos").setInputFiles({
      name: "lamp.jpg",
      mimeType: "image/jpeg",
      buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: "#c06020" } })
        .jpeg()
        .toBuffer(),
    });
    await page.getByLabel("Title").fill("Copper desk lamp");
    await page.getByLabel("Description").fill("Works, new cable.");
    await page.getByLabel("Category").selectOption({ label: "Decor & lighting" });
    await page.getByLabel("Condition").selectOption({ label: "Good" });
    await page.getByLabel("Price (USD)", { exact: true }).fill("30");
    await page.getByLabel("Pickup area").fill("97214");
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await page.getByRole("button", { name: "Publish listing" }).click();
    expect((await answer).status()).toBe(503);
    await expect(page.getByRole("alert").filter({ hasText: "Photo storage is unavailable, try again" })).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue("Copper desk lamp");
    await expect(page.getByLabel("Description")).toHaveValue("Works, new cable.");
    await expect(page.getByLabel("Price (USD)", { exact: true })).toHaveValue("30");
    await expect(page.getByRole("heading", { name: "Sell something", level: 1 })).toBeVisible();
  });
});
