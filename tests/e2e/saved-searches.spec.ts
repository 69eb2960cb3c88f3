import { expect, test } from "./fixtures";

test("a member saves a search as an alert, sees it listed and deletes it", async ({ page, member, signIn }) => {
  await signIn(member);
  await page.goto("/search?q=rocking+chair&category=furniture&near=97214&radius=10");
  await expect(page.getByLabel("Keywords")).toHaveValue("rocking chair");
  await page.getByRole("button", { name: "Alert me about new matches" }).click();
  await expect(page.getByRole("status")).toHaveText("Search saved. We'll let you know when something new matches it.");
  const alert = page.getByRole("link", { name: "“rocking chair” in furniture within 10 km of 97214" });
  await expect(alert).toBeVisible();
  await alert.click();
  await expect(page.getByLabel("Keywords")).toHaveValue("rocking chair");
  await expect(page.getByLabel("Within")).toHaveValue("10");

  await page.goto("/saved-searches");
  await page.getByRole("button", { name: "Delete alert “rocking chair” in furniture within 10 km of 97214" }).click();
  await expect(page.getByRole("status")).toHaveText("The alert was deleted.");
  await expect(page.getByText("No alerts yet.")).toBeVisible();
});
