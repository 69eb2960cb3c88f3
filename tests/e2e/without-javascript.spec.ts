import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("signing up, in, resending the verification link and out works with JavaScript turned off", async ({ page }) => {
  const email = `nojs-${Date.now()}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill("Noah Script");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  // Signing in before verifying works; the banner offers a new link.
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome back, Noah Script" })).toBeVisible();
  const banner = page.getByRole("region", { name: "Email verification reminder" });
  await banner.getByRole("button", { name: "Resend the link" }).click();
  await expect(page.getByRole("status")).toContainText(`We sent a new link to ${email}`);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Your neighbourhood garage sale" })).toBeVisible();
});
