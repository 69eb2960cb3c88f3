import { expect, test } from "./fixtures";

test("the sell page shows the platform fee and, until payouts are set up, how to get paid", async ({
  page,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/listings/new");
  await expect(page.getByText("Stoop keeps 5% + $0.30 of the payment")).toBeVisible();
  await page.getByRole("link", { name: "set up payouts" }).click();
  await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
});
