import { createListing } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("the listing pages have no serious accessibility violations and fit a phone screen", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const listing = await createListing(db, { title: "Accessible armchair", photoKeys: [] });
  await createListing(db, { title: "Accessible armchair twin", sellerId: listing.sellerId, photoKeys: [] });
  await signIn(member);
  await page.setViewportSize({ width: 360, height: 740 });
  const paths = [
    "/listings/new",
    `/listings/${listing.id}?near=97214`,
    "/search?q=accessible+armchair&near=97214",
    "/search?minPrice=abc",
    `/members/${listing.sellerId}`,
    "/saved",
    "/my/listings",
    "/saved-searches",
  ];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    await expectNoSeriousViolations(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.goto("/listings/new");
  await page.getByRole("button", { name: "Publish listing" }).click();
  await expect(page.getByText("Use at least 3 characters for the title")).toBeVisible();
  await expectNoSeriousViolations(page);
});
