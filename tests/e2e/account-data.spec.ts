import fs from "node:fs/promises";
import { expect, test } from "./fixtures";

test("a member sees where they are signed in, signs out another device, downloads their data and deletes the account", async ({
  page,
  member,
  signIn,
  browser,
}) => {
  const otherDevice = await browser.newContext();
  await signIn(member, otherDevice);
  await signIn(member);

  await page.goto("/settings");
  const sessions = page.getByRole("list", { name: "Active sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  await expect(sessions.getByRole("listitem").filter({ hasText: "(this device)" })).toHaveCount(1);
  await sessions.getByRole("button", { name: /Sign out/ }).click();
  await expect(page.getByRole("status")).toHaveText("That session was signed out.");
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  const otherPage = await otherDevice.newPage();
  await otherPage.goto(new URL("/settings", page.url()).toString());
  await expect(otherPage).toHaveURL(/\/login/);
  await otherDevice.close();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download your data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^stoop-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await fs.readFile((await download.path())!, "utf8"));
  expect(data.profile).toMatchObject({ email: member.email, displayName: member.displayName });

  await page.getByRole("link", { name: "Delete your account" }).click();
  await expect(page.getByRole("heading", { name: "Delete your account" })).toBeVisible();
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Delete my account for good" }).click();
  await expect(page.getByText("Your password is wrong.")).toBeVisible();
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Delete my account for good" }).click();
  await expect(page.getByRole("heading", { name: "Your account is deleted" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That email or password is wrong.");
});
