import { createListing, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, test } from "./fixtures";

test("an admin reads the dashboard's figures, charts and the tables behind them", async ({ page, db, signIn }) => {
  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  await createListing(db);
  await signIn(admin);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  const figureFor = (term: string) =>
    page.getByRole("term").filter({ hasText: term }).locator("xpath=following-sibling::dd[1]");
  await expect(figureFor("Open disputes")).toHaveText(/^\d+$/);
  await expect(figureFor("Median time to resolve a dispute")).toHaveText(/^(none resolved yet|\d+\.\d h)$/);
  await expect(page.getByRole("img", { name: /GMV per day/ })).toBeVisible();
  await page.getByRole("region", { name: "New listings per day" }).getByText("Numbers per day").click();
  const today = new Date().toISOString().slice(0, 10);
  const row = page.getByRole("table", { name: "New listings per day" }).getByRole("row", { name: new RegExp(today) });
  await expect(row).toBeVisible();
  expect(Number(await row.getByRole("cell").textContent())).toBeGreaterThanOrEqual(1);
  await page.getByLabel("Period").selectOption("7");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/\?days=7$/);
  await expect(page.getByRole("table", { name: "New listings per day" }).getByRole("row")).toHaveCount(8);
});
