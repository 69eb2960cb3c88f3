import { KNOWN_TOTP_SECRET, totpCode } from "../support/totp";
import { createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test("a member turns on two-factor sign-in, then signs in with a code and once with a recovery code", async ({
  page,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/settings/two-factor");
  await expect(page.getByRole("img", { name: "QR code to add Stoop to your authenticator app" })).toBeVisible();
  const secret = await page.getByLabel("Setup key").inputValue();

  await page.getByLabel("Code from your app").fill("000000" === totpCode(secret) ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByText("That code is wrong or has expired").first()).toBeVisible();

  await page.getByLabel("Code from your app").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("status")).toHaveText("Two-factor sign-in is on.");
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  expect(codes[0]).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
  // The secret is never shown again.
  await page.reload();
  await expect(page.getByLabel("Setup key")).toHaveCount(0);
  await expect(page.getByText(/You have 10 unused recovery codes left/)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();
  // The code of the next 30-second step: still inside the accepted window, and later than the one used above.
  await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, new Date(Date.now() + 30_000)));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Welcome back, ${member.displayName}` })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();
  await page.getByLabel("Code", { exact: true }).fill(codes[0]!.toLowerCase());
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Welcome back, ${member.displayName}` })).toBeVisible();
});

test("a wrong code at sign-in is refused and no session starts", async ({ page, db }) => {
  const member = await createUser(db, { displayName: "Tess Totp", totpSecret: KNOWN_TOTP_SECRET });
  await page.goto("/login");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();
  const wrong = totpCode(KNOWN_TOTP_SECRET, new Date(Date.now() - 10 * 60_000));
  await page.getByLabel("Code", { exact: true }).fill(wrong);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That code is wrong or has expired").first()).toBeVisible();
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings/);
});
