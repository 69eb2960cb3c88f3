import { expect, test } from "./fixtures";

test("changing the password keeps this browser signed in and signs out the others", async ({
  page,
  browser,
  member,
  signIn,
}) => {
  const otherDevice = await browser.newContext();
  await signIn(member);
  await signIn(member, otherDevice);
  const otherPage = await otherDevice.newPage();
  await otherPage.goto("/settings");
  await expect(otherPage.getByRole("heading", { name: "Account settings" })).toBeVisible();

  await page.goto("/settings");
  await expect(page.getByText("You are signed in on 2 devices or browsers.")).toBeVisible();
  await page.getByLabel("Current password").fill("wrong password");
  await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await page.getByLabel("Repeat new password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is wrong.")).toBeVisible();

  await page.getByLabel("Current password").fill(member.password);
  await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await page.getByLabel("Repeat new password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Your password was changed and 1 other session was signed out.");

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login/);
  await page.reload();
  await expect(page.getByText("You are signed in on 1 device or browser.")).toBeVisible();
  await otherDevice.close();
});

test("signing out everywhere ends every session of the member", async ({ page, browser, member, signIn }) => {
  const otherDevice = await browser.newContext();
  await signIn(member);
  await signIn(member, otherDevice);

  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login$/);

  const otherPage = await otherDevice.newPage();
  await otherPage.goto("/settings");
  await expect(otherPage).toHaveURL(/\/login/);
  await otherDevice.close();
});

test("the display name can be changed and a bad one is refused next to the field", async ({ page, member, signIn }) => {
  await signIn(member);
  await page.goto("/settings");
  await page.getByLabel("Display name").fill("X");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Use at least 2 characters")).toBeVisible();
  await expect(page.getByLabel("Display name")).toHaveValue("X");
  await page.getByLabel("Display name").fill("Pat Renamed");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status")).toHaveText("Your display name was saved.");
  await expect(
    page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: /Pat Renamed/ }),
  ).toBeVisible();
});
