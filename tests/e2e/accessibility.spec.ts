import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, test } from "./fixtures";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

for (const path of [
  "/",
  "/login",
  "/signup",
  "/signup/check-inbox",
  "/forgot-password",
  "/search?q=bike",
  "/no-such-page",
]) {
  test(`${path} has no serious or critical accessibility violations`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("the settings page has no serious or critical accessibility violations, also with form errors", async ({
  page,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/settings");
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Enter your current password")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the signed-in pages have no serious or critical accessibility violations", async ({ page, db, signIn }) => {
  const admin = await createUser(db, { role: "admin", totpSecret: KNOWN_TOTP_SECRET });
  await signIn(admin);
  for (const path of [
    "/notifications",
    "/settings/notifications",
    "/settings/two-factor",
    "/settings/delete",
    "/admin/jobs",
    "/dev/mailbox",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test("the pages fit a 360 px phone screen without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/login", "/signup"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});

test("the verification banner and two-factor setup have no serious or critical accessibility violations", async ({
  page,
  db,
  signIn,
}) => {
  const member = await createUser(db, { emailVerified: false });
  await signIn(member);
  for (const path of ["/", "/verify-email", "/settings/two-factor"]) {
    await page.goto(path);
    await expect(page.getByRole("region", { name: "Email verification reminder" })).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
});
