import fs from "node:fs/promises";
import sharp from "sharp";
import { expect, test } from "./fixtures";
import { startSecondProcess } from "./second-process";

/**
 * What Chromium checks before it offers to install a site: a valid manifest with the icon sizes
 * it names, an active service worker that controls the page, and a page when the network is gone.
 */

async function brandColour(): Promise<string> {
  const css = await fs.readFile("app/styles/design.css", "utf8");
  return /--color-brand:\s*(#[0-9a-fA-F]{3,8});/.exec(css)![1]!;
}

test("the manifest is linked from every page and names the app, its colours, shortcuts and icons of the sizes it says", async ({
  page,
  request,
}) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    scope: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
    shortcuts: { name: string; url: string }[];
  };
  expect(manifest).toMatchObject({ short_name: "Stoop", start_url: "/", scope: "/", display: "standalone" });
  expect(manifest.name).toContain("Stoop");
  expect(manifest.theme_color).toBe(await brandColour());
  expect(await page.locator('meta[name="theme-color"]').getAttribute("content")).toBe(manifest.theme_color);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  // Chromium's install criteria: a 192 px and a 512 px icon; each file really is that size.
  const sizes = manifest.icons.map((icon) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()["content-type"]).toBe(icon.type);
    const { width, height, format } = await sharp(await file.body()).metadata();
    expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    expect(format).toBe("png");
  }

  expect(manifest.shortcuts.map((shortcut) => shortcut.url)).toEqual(["/listings/new", "/messages"]);
  for (const shortcut of manifest.shortcuts) {
    // Signed out, both ask the visitor to sign in first (a redirect), which is still a working page.
    const target = await request.get(shortcut.url, { maxRedirects: 0 });
    expect([200, 302, 303], shortcut.url).toContain(target.status());
  }
});

test("the service worker activates, controls the page, and offline shows the offline page without caching any page", async ({
  page,
  context,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // `ready` resolves once a worker is active, which may still be "activating" for a moment.
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state))
    .toBe("activated");
  // clients.claim() hands the open page to the worker; a reload is controlled in any case.
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

  // The signed-in page was fetched from the network and never stored: only static files are cached.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain("/offline.html");
  expect(cached.some((url) => url.startsWith("/build/"))).toBe(true);
  for (const url of cached) expect(url).toMatch(/^\/(build\/|icons\/|offline\.html$|manifest\.webmanifest$)/);

  await context.setOffline(true);
  try {
    await page.goto("/settings/notifications");
    await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
    await expect(page.getByText("Notification settings")).toHaveCount(0);
  } finally {
    await context.setOffline(false);
  }
  await page.goto("/settings/notifications");
  await expect(page.getByRole("heading", { name: "Notification settings" })).toBeVisible();
});

// An app process of this spec's own, so it can be stopped for real: E2E_OFFLINE_APP_PORT, else
// eight above the suite's server (2 and 6-7 are the other specs' second processes).
const offlineAppPort = Number(process.env.E2E_OFFLINE_APP_PORT ?? Number(process.env.E2E_PORT ?? 3310) + 8);

test("when the server itself is down (not the browser offline), a navigation shows the offline page", async ({
  page,
}) => {
  const app = await startSecondProcess(offlineAppPort);
  try {
    await page.goto(`${app.url}/`);
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state))
      .toBe("activated");
    await page.reload();
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await expect(page.getByRole("heading", { name: "You're offline" })).toHaveCount(0);

    // stop() resolves when the process has exited: nothing listens on the port any more.
    await app.stop();
    await expect
      .poll(() =>
        fetch(`${app.url}/healthz`).then(
          () => "up",
          () => "refused",
        ),
      )
      .toBe("refused");

    await page.reload();
    await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
    await page.goto(`${app.url}/search`);
    await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
  } finally {
    await app.stop();
  }
});
