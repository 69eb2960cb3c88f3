import { createListing, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, expectNoSeriousViolations, test } from "./fixtures";
import { sellerWithPayouts, buyForPickup } from "./pickup";

test("an admin adds a meetup spot; the buyer of a pickup order chooses it and the seller sees it", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // three people's pages on a loaded two-core machine
  // Bend, OR: away from the other specs' shops, so this spot is the nearest.
  const spotName = `Bend Library ${Date.now()}`;
  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  const adminContext = await browser.newContext();
  await signIn(admin, adminContext);
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/admin/meetup-spots");
  await adminPage.getByLabel("Name", { exact: true }).fill(spotName);
  await adminPage.getByLabel("Area", { exact: true }).fill("By the front doors, under the lights");
  await adminPage.getByLabel("Hours", { exact: true }).fill("Daily 10:00-18:00");
  await adminPage.getByLabel("ZIP code or town", { exact: true }).fill("97701");
  await adminPage.getByRole("button", { name: "Add spot" }).click();
  await expect(adminPage.getByRole("heading", { name: spotName })).toBeVisible();
  await expectNoSeriousViolations(adminPage);
  await adminPage.goto("/admin/audit");
  await expect(adminPage.getByText("meetup_spot.added").first()).toBeVisible();
  await adminContext.close();

  const seller = await createUser(db, { displayName: "Sam Spot" });
  const { context: sellerContext, page: sellerPage } = await sellerWithPayouts(browser, signIn, seller);
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Camping stove",
    priceCents: 3000,
    pickup: true,
    shipping: false,
    latitude: 44.09,
    longitude: -121.29,
  });
  await signIn(buyer);
  await buyForPickup(page, listing.id, "$30.00");
  const panel = page.getByRole("region", { name: "Meetup spot" });
  await expect(panel).toContainText("No meetup spot chosen yet");
  await expect(panel.getByRole("listitem").filter({ hasText: spotName })).toContainText(" km");
  await panel.getByRole("button", { name: `Meet at ${spotName}` }).click();
  await expect(page.getByRole("region", { name: "Meetup spot" })).toContainText(`Meet at ${spotName}`);
  // The panel at phone width: readable, nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoSeriousViolations(page);
  // Polled: the layout settles a frame after the viewport changes.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);

  await sellerPage.goto(page.url());
  const sellerPanel = sellerPage.getByRole("region", { name: "Meetup spot" });
  await expect(sellerPanel).toContainText(`Meet at ${spotName}, By the front doors, under the lights`);
  await expect(sellerPanel).toContainText(/\d+\.\d km from the pickup area/);
  await expect(sellerPanel).toContainText(`Chosen by ${buyer.displayName}`);
  await sellerPage.goto("/notifications");
  await expect(sellerPage.getByText(`Meet at ${spotName}`).first()).toBeVisible();
  await sellerContext.close();
});
