import { expect, type Page } from "@playwright/test";

/**
 * Waits for an email to `to` with `subject` in the development mailbox (it goes out through the
 * job queue), opens it, and returns the first link of its plain-text body that matches `linkPath`.
 */
export async function openEmailLink(page: Page, to: string, subject: string, linkPath: RegExp): Promise<string> {
  const row = page.getByRole("row", { name: new RegExp(`${escape(to)}.*${escape(subject)}`, "i") });
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(row.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await row.first().getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: subject, level: 1 })).toBeVisible();
  const text = (await page.getByRole("region", { name: "Plain text" }).textContent()) ?? "";
  const url = text.split(/\s+/).find((word) => linkPath.test(word));
  expect(url, `a link matching ${linkPath} in the email`).toBeTruthy();
  return url!;
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
