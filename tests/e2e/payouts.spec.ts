import { expect, test } from "./fixtures";

test("a member sets up payouts through Stripe's onboarding and comes back with payouts enabled", async ({
  page,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/settings");
  await expect(page.getByRole("note").filter({ hasText: "Test payments" })).toBeVisible();
  await page.getByRole("link", { name: "Set up or check your payouts" }).click();
  await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
  await page.getByRole("button", { name: "Set up payouts" }).click();

  // Stripe's hosted onboarding (the local stand-in in tests).
  await expect(page.getByRole("heading", { name: "Set up payouts for Stoop" })).toBeVisible();
  await page.getByRole("button", { name: "Agree and submit" }).click();

  await expect(page).toHaveURL(/\/settings\/payouts$/);
  await expect(page.getByRole("status")).toHaveText(/Payouts are enabled/);
});

test("an onboarding link that was already used leads to a fresh one", async ({ page, member, signIn }) => {
  await signIn(member);
  await page.goto("/settings/payouts");
  await page.getByRole("button", { name: "Set up payouts" }).click();
  await expect(page.getByRole("heading", { name: "Set up payouts for Stoop" })).toBeVisible();
  const usedLink = page.url();
  await page.getByRole("button", { name: "Agree and submit" }).click();
  await expect(page.getByRole("status")).toHaveText(/Payouts are enabled/);

  // Reopening the used link: Stripe redirects to refresh_url, a page whose button mints a new link.
  await page.goto(usedLink);
  await expect(page.getByRole("heading", { name: "That setup link has expired" })).toBeVisible();
  await page.getByRole("button", { name: "Continue setting up payouts" }).click();
  await expect(page.getByRole("heading", { name: "Set up payouts for Stoop" })).toBeVisible();
  expect(page.url()).not.toBe(usedLink);
});
