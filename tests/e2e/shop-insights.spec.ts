import { createRetailer, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, test } from "./fixtures";

// Searches made in Portland (97214) are within the shop's 15 km; the term is new each run.
const TERM = `tandem${Math.random()
  .toString(36)
  .replace(/[^a-z]/g, "")
  .slice(0, 6)}`;

test("a shop owner sees unmet demand for a term 5 members searched", async ({
  page,
  db,
  signIn,
  browser,
}, testInfo) => {
  const shop = await createRetailer(db, {
    name: "Spoke & Wrench",
    latitude: 45.52,
    longitude: -122.68,
    serviceRadiusKm: 15,
    services: [{ title: "Tune-up", categoryIds: ["bikes"] }],
  });
  const owner = await db.selectFrom("users").select(["id"]).where("id", "=", shop.ownerId).executeTakeFirstOrThrow();

  // Five members search for something nobody sells, each in their own browser.
  for (let index = 0; index < 5; index += 1) {
    const searcher = await createUser(db);
    const context = await browser.newContext();
    await signIn(searcher, context);
    const searchPage = await context.newPage();
    await searchPage.goto(`/search?q=${TERM}&near=97214&radius=25`);
    await expect(searchPage.getByRole("heading", { level: 1 })).toBeVisible();
    await context.close();
  }
  await expect
    .poll(async () => (await db.selectFrom("searchEvents").select("id").where("term", "=", TERM).execute()).length)
    .toBe(5);

  // An admin runs the rollup at once instead of waiting for its schedule.
  const admin = await createUser(db, { role: "admin", totpSecret: KNOWN_TOTP_SECRET });
  const adminContext = await browser.newContext();
  await signIn(admin, adminContext);
  const adminPage = await adminContext.newPage();

  await signIn(owner as Awaited<ReturnType<typeof createUser>>);
  await expect(async () => {
    await adminPage.goto("/admin/jobs");
    await adminPage.getByRole("button", { name: "Run now insights-rollup" }).click();
    await expect(adminPage.getByRole("status")).toHaveText("insights-rollup will run in a moment.");
    await page.goto(`/retailers/${shop.slug}/insights`);
    await expect(page.getByRole("table", { name: "Unmet demand: words searched" })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await adminContext.close();

  const row = page
    .getByRole("table", { name: "Unmet demand: words searched" })
    .getByRole("row", { name: new RegExp(TERM) });
  await expect(row).toContainText("5");
  await expect(page.getByRole("img", { name: /Unmet demand: words searched/ }).first()).toBeVisible();

  // The 90-day switch and the CSV download of the section.
  await page.getByRole("link", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/days=90/);
  await expect(page.getByRole("row", { name: new RegExp(TERM) })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as CSV (Unmet demand: words searched)" }).click();
  const csv = await (await download).path();
  const text = await import("node:fs/promises").then((fs) => fs.readFile(csv!, "utf8"));
  expect(text).toContain(`${TERM},5,5`);

  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow, `no horizontal overflow at ${width} px`).toBe(false);
    await page.screenshot({ path: testInfo.outputPath(`insights-${width}.png`), fullPage: true });
  }
});

test("a member who is not on the shop's staff gets not found", async ({ page, db, signIn, member }) => {
  const shop = await createRetailer(db);
  await signIn(member);
  const response = await page.goto(`/retailers/${shop.slug}/insights`);
  expect(response?.status()).toBe(404);
});
