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

  // The phone header is two tight rows: logo, bell and menu; the search field, full width, under them.
  const search = page.getByRole("search").filter({ has: page.getByLabel("Search listings") });
  const menuButton = page.locator("summary", { hasText: `Menu for ${member.displayName}` });
  const header = await page.locator("header.site-header").boundingBox();
  const searchBox = await search.boundingBox();
  const menuBox = await menuButton.boundingBox();
  expect(header && searchBox && menuBox).toBeTruthy();
  const topRow = searchBox!.y - header!.y;
  const searchRow = header!.y + header!.height - searchBox!.y;
  expect(topRow, "the header's top row").toBeLessThanOrEqual(56);
  expect(searchRow, "the header's search row").toBeLessThanOrEqual(52);
  expect(menuBox!.height, "the menu button is a 44 px target").toBeGreaterThanOrEqual(44);
  expect(searchBox!.width, "the search field spans the phone").toBeGreaterThan(300);

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
