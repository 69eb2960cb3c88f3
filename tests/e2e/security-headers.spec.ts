import type { APIResponse } from "@playwright/test";
import { createListing } from "../support/factories";
import { expect, test } from "./fixtures";

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  const policy = headers["content-security-policy"] ?? "";
  const scriptSrc = policy.split(/;\s*/).find((directive) => directive.startsWith("script-src ")) ?? "";
  expect(scriptSrc, `${what}: script-src`).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'$/);
  expect(scriptSrc, `${what}: no inline scripts`).not.toContain("unsafe-inline");
  expect(policy, `${what}: frame-ancestors`).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
  expect(headers["referrer-policy"], `${what}: Referrer-Policy`).toBe("strict-origin-when-cross-origin");
}

test("every kind of answer carries the CSP, nosniff and Referrer-Policy, static files and refusals included", async ({
  request,
  db,
  member,
  signIn,
  page,
}) => {
  const listing = await createListing(db, { sellerId: member.id });
  const home = await request.get("/");
  const buildFile = /\/build\/[^"]+\.js/.exec(await home.text())?.[0];
  expect(buildFile, "the front page links a /build script").toBeTruthy();

  const answers: [string, APIResponse][] = [
    ["front page", home],
    ["search", await request.get("/search?q=lamp")],
    ["listing page", await request.get(`/listings/${listing.id}`)],
    ["sign-in form", await request.get("/login")],
    ["404 page", await request.get("/no/such/page")],
    ["/build script", await request.get(buildFile!)],
    ["favicon", await request.get("/favicon.ico")],
    ["health check", await request.get("/healthz")],
    ["data request", await request.get("/search?q=lamp&_data=routes%2Fsearch")],
    ["refused URL", await request.get("/search?q=%00")],
  ];
  for (const [what, response] of answers) expectSecurityHeaders(response, what);
  expect(answers.find(([what]) => what === "/build script")![1].status()).toBe(200);
  expect(answers.find(([what]) => what === "refused URL")![1].status()).toBe(400);

  // A signed-in page: the session cookie travels with the browser context.
  await signIn(member);
  const settings = await page.request.get("/settings");
  expect(settings.status()).toBe(200);
  expectSecurityHeaders(settings, "settings (signed in)");
});

test.describe("with the policy in force", () => {
  // Chromium reports the refused script on the console; that report is the point of the test.
  test.use({
    allowedConsoleErrors: [
      /^Executing inline script violates the following Content Security Policy directive 'script-src/,
    ],
  });

  test("the page still hydrates, while an injected inline script is refused", async ({ page }) => {
    await page.goto("/");
    // Remix hydrated: its client router is running, and a link navigates without a document load.
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.evaluate(() => {
      const marker = document.createElement("div");
      marker.id = "still-the-same-document";
      document.body.append(marker);
    });
    await page.getByRole("link", { name: "Sign in" }).first().click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator("#still-the-same-document")).toHaveCount(1);

    const ran = await page.evaluate(async () => {
      const injected = document.createElement("script");
      injected.textContent = "window.__injected = true";
      document.body.append(injected);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
  });
});
