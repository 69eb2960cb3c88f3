import { createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

// The other specs scan only `main`; this one scans whole pages, so the header, the banners and the
// footer from root.tsx are checked here in each state they have.

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
    await expectNoSeriousViolations(page, undefined, { wholePage: true });
  });
}

test("the settings page has no serious or critical accessibility violations, also with form errors", async ({
  page,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/settings");
  await expectNoSeriousViolations(page, undefined, { wholePage: true });
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Enter your current password")).toBeVisible();
  await expectNoSeriousViolations(page, undefined, { wholePage: true });
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
    await expectNoSeriousViolations(page, path, { wholePage: true });
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
    await expectNoSeriousViolations(page, path, { wholePage: true });
  }
});

test("the suspended banner has no serious or critical accessibility violations", async ({
  page,
  db,
  member,
  signIn,
}) => {
  await db
    .updateTable("users")
    .set({ suspendedAt: new Date(), suspensionReason: "Repeated no-shows." })
    .where("id", "=", member.id)
    .execute();
  await signIn(member);
  await page.goto("/orders/purchases");
  await expect(page.getByRole("region", { name: "Account suspended" })).toBeVisible();
  await expectNoSeriousViolations(page, undefined, { wholePage: true });
});
