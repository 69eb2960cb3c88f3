import { createListing } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("on a phone: a compact header, the tab bar, the account menu, and a listing's sticky Buy", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const listing = await createListing(db, { title: "Phone-first armchair", priceCents: 12_000 });
  await signIn(member);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");

  const tabs = page.getByRole("navigation", { name: "Sections" });
  for (const name of ["Home", "Search", "Sell", "Messages", "Me"])
    await expect(tabs.getByRole("link", { name, exact: true })).toBeVisible();
  // The full account links are not shown on a phone; they are in the menu.
  await expect(page.getByRole("navigation", { name: "Account", exact: true })).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await page.locator("summary", { hasText: `Menu for ${member.displayName}` }).click();
  const menu = page.getByRole("navigation", { name: "Your Stoop" });
  await expect(menu.getByRole("link", { name: "Orders" })).toBeVisible();
  await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectNoSeriousViolations(page, "/ at 360 px", { wholePage: true });

  await page.goto(`/listings/${listing.id}`);
  const bar = page.getByRole("region", { name: "Buy this item" });
  await expect(bar).toBeInViewport();
  await expect(bar.getByText("$120.00")).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
    .toBeLessThanOrEqual(0);
  await bar.getByRole("link", { name: "Buy" }).click();
  await expect(page.getByRole("heading", { name: "Buy Phone-first armchair" })).toBeVisible();

  // From 640 px up the header has the full links and no tab bar.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(
    page.getByRole("navigation", { name: "Account", exact: true }).getByRole("link", { name: "Orders" }),
  ).toBeVisible();
  await expect(tabs).toBeHidden();
});
