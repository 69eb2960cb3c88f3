import { expect, test } from "./fixtures";

test("a security notification reaches the bell, the notifications page and the mailbox, and can be unsubscribed", async ({
  page,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/settings");
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  await page.getByLabel("Current password").fill(member.password);
  await page.getByLabel("New password", { exact: true }).fill("another long passphrase");
  await page.getByLabel("Repeat new password").fill("another long passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password was changed");

  // The bell counts it at once: the notification was written in the same transaction.
  const bell = page.getByRole("link", { name: "Notifications, 1 unread" });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Your Stoop password was changed/ })).toBeVisible();
  await page.getByRole("button", { name: /Mark as read/ }).click();
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  // The email goes out through the job queue; wait for it to land in the development mailbox.
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(page.getByRole("row", { name: new RegExp(member.email) })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page
    .getByRole("row", { name: new RegExp(member.email) })
    .getByRole("link", { name: "Your Stoop password was changed" })
    .click();
  await expect(page.getByRole("heading", { name: "Your Stoop password was changed" })).toBeVisible();
  const text = await page.locator("pre").textContent();
  const unsubscribeUrl = /Unsubscribe from these emails: (\S+)/.exec(text ?? "")?.[1];
  expect(unsubscribeUrl).toMatch(/\/email\/unsubscribe\//);

  await page.goto(unsubscribeUrl!);
  await expect(page.getByText("Stop emails about “Account security”?")).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe from these emails" }).click();
  await expect(page.getByRole("status")).toContainText("you will no longer get “Account security” emails");

  await page.goto("/settings/notifications");
  await expect(page.getByRole("checkbox", { name: "Account security by email" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Account security on Stoop" })).toBeChecked();
});

test("notification settings are saved per kind and channel", async ({ page, member, signIn }) => {
  await signIn(member);
  await page.goto("/settings/notifications");
  await page.getByRole("checkbox", { name: "New message by email" }).uncheck();
  await page.getByRole("checkbox", { name: "Order shipped on Stoop" }).uncheck();
  await page.getByRole("button", { name: "Save notification settings" }).click();
  // The push section below keeps its own (empty) live region, so name the notice by its text.
  await expect(page.getByRole("status").filter({ hasText: "notification settings were saved" })).toHaveText(
    "Your notification settings were saved.",
  );
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "New message by email" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Order shipped on Stoop" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Order shipped by email" })).toBeChecked();
});
