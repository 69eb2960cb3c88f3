import { sql } from "kysely";
import { createListing, createUser } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";
import { minus } from "./money";
import { buyForPickup, sellerWithPayouts } from "./pickup";

test("past the pickup window the buyer reports that the seller didn't show: refunded in full, the item back on sale", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey on a loaded two-core machine
  const seller = await createUser(db, { displayName: "Nell No-show" });
  const { context: sellerContext, page: sellerPage } = await sellerWithPayouts(browser, signIn, seller);
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Wicker laundry basket",
    priceCents: 1800,
    pickup: true,
    shipping: false,
  });

  await signIn(buyer);
  await buyForPickup(page, listing.id, "$18.00");
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  const panel = page.getByRole("region", { name: "Did the pickup happen?" });
  await expect(panel).toHaveCount(0);

  // Eight days pass without a handover: the payment moves back, and the question the payment
  // queued runs now in the server's own worker.
  await db
    .updateTable("orders")
    .set({ paidAt: sql<Date>`now() - interval '8 days'` })
    .where("id", "=", orderId)
    .execute();
  await sql`update pgboss.job set start_after = now()
    where name = 'order-no-show-ask' and data->>'orderId' = ${orderId} and state = 'created'`.execute(db);
  await expect(async () => {
    await page.reload();
    await expect(panel).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(panel).toContainText("The handover hasn't been recorded yet");
  // The panel fits a phone screen and has no serious accessibility violations.
  await page.setViewportSize({ width: 360, height: 740 });
  // Polled: the layout settles a frame after the viewport changes.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);
  await expectNoSeriousViolations(page, "the no-show panel");

  // The seller is asked too, with their own answer.
  await sellerPage.goto(`/orders/${orderId}`);
  await expect(
    sellerPage.getByRole("button", { name: "The buyer didn't show up: put the item back on sale" }),
  ).toBeVisible();

  await panel.getByRole("button", { name: "The seller didn't show up: cancel and refund" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Cancelled");
  await expect(page.getByRole("region", { name: "Did the pickup happen?" })).toHaveCount(0);
  await expect(
    page.getByRole("listitem").filter({ hasText: "Cancelled: the buyer reported that the seller didn't show up" }),
  ).toBeVisible();
  await expect(page.getByRole("row", { name: `Refunded to the buyer ${minus(1800)}` })).toBeVisible();

  // The item is for sale again.
  await page.goto(`/listings/${listing.id}`);
  // (On a phone the sticky bar repeats the Buy link.)
  await expect(page.getByRole("link", { name: "Buy" }).first()).toBeVisible();
  await sellerContext.close();
});
