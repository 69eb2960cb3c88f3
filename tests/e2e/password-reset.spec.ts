import { expect, test } from "./fixtures";
import { openEmailLink } from "./mailbox";

test("a member who forgot the password resets it from the emailed link and signs in with the new one", async ({
  page,
  member,
}) => {
  const newPassword = "a freshly chosen passphrase";
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(member.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If that address belongs to a Stoop account");

  const link = await openEmailLink(page, member.email, "Choose a new Stoop password", /\/reset-password\//);
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Repeat new password").fill(newPassword);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByRole("status")).toContainText("Sign in with your new password");

  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That email or password is wrong.");
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Welcome back, ${member.displayName}` })).toBeVisible();

  // The link was single-use, and the member was told by email.
  await openEmailLink(page, member.email, "Your Stoop password was reset", /\/settings$/);
  await page.goto(link);
  await expect(page.getByText("This link has expired, was already used")).toBeVisible();
});

test("the forgot-password form answers the same for an address with no account", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(`nobody-${Date.now()}@example.test`);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If that address belongs to a Stoop account");
});
