import { expect, test } from "./fixtures";
import { openEmailLink } from "./mailbox";

test("a visitor signs up, follows the verification email, fails with a wrong password, then signs in", async ({
  page,
}) => {
  const email = `journey-${Date.now()}@example.test`;
  const password = "a long enough passphrase";

  await page.goto("/");
  await page.getByRole("link", { name: "Join Stoop" }).first().click();
  await expect(page.getByRole("heading", { name: "Join Stoop" })).toBeVisible();

  // A too-short password is refused next to its field, and what was typed (but the password) stays.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill("Jo Journey");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Display name")).toHaveValue("Jo Journey");
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  // Without SMTP, a browser on the server's own machine is told where the email went.
  await expect(page.getByRole("link", { name: "development mailbox" })).toHaveAttribute("href", "/dev/mailbox");
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" })).toBeVisible();

  const link = await openEmailLink(page, email, "Verify your email for Stoop", /\/verify-email\//);
  await page.goto(link);
  await page.getByRole("button", { name: "Verify my email" }).click();
  await expect(page.getByRole("heading", { name: "Your email is verified" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Sign in to Stoop" }).click();
  await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That email or password is wrong.");
  await expect(page.getByLabel("Email")).toHaveValue(email.toUpperCase());

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome back, Jo Journey" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Email verification reminder" })).toHaveCount(0);

  // The link works once.
  await page.goto(link);
  await expect(page.getByText("This link has expired, was already used")).toBeVisible();
});

test("signing up with an email that is already a member's answers like any sign-up and emails the owner", async ({
  page,
  member,
}) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(member.email.toUpperCase());
  await page.getByLabel("Display name").fill("Impostor");
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await openEmailLink(page, member.email, "Someone tried to sign up to Stoop with your email", /\/login$/);
});

test("a signed-out visitor who opens settings is sent to sign in and then back", async ({ page, member }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings/);
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
});
