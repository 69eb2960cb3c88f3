import { createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";
import { sellerWithPayouts, buyForPickup, handoverCodeOn } from "./pickup";

test("the seller enters the code shown on the buyer's page: the order completes, the seller is paid, nobody can cancel", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey on a loaded two-core machine
  const seller = await createUser(db, { displayName: "Pia Pickup" });
  const { context: sellerContext, page: sellerPage } = await sellerWithPayouts(browser, signIn, seller);
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Rattan armchair",
    priceCents: 2500,
    pickup: true,
    shipping: false,
  });

  await signIn(buyer);
  await buyForPickup(page, listing.id, "$25.00");
  const orderUrl = page.url();
  // The buyer's page after paying: the item links to its listing, the seller is a message away,
  // the handover panel, and cancelling is still there before the handover (but not the red button).
  await expect(page.getByRole("link", { name: "Rattan armchair" })).toHaveAttribute("href", `/listings/${listing.id}`);
  await expect(page.getByRole("button", { name: "Message the seller" })).toBeVisible();
  const panel = page.getByRole("region", { name: "Your handover code" });
  await expect(panel).toContainText("Show this to the seller when you get the item");
  await expect(panel.getByRole("img", { name: "QR code of your handover link" })).toBeVisible();
  const code = await handoverCodeOn(page);
  const cancel = page.getByRole("button", { name: "Cancel order and refund" });
  await expect(cancel).toBeVisible();
  await expect(cancel).not.toHaveClass(/button--danger/);

  // The seller's page never shows the code; they type what the buyer shows them.
  await sellerPage.goto(orderUrl);
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Paid");
  await expect(sellerPage.getByText(code)).toHaveCount(0);
  await sellerPage.getByLabel("The buyer's 6-digit handover code").fill(code);
  await sellerPage.getByRole("button", { name: "Record the handover" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Completed");
  await expect(sellerPage.getByRole("listitem").filter({ hasText: "Handed over" })).toBeVisible();
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toContainText("$23.45: Paid to your Stripe account");

  await page.reload();
  await expect(page.getByRole("status")).toHaveText("Status: Completed");
  await expect(page.getByRole("button", { name: /Cancel/ })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Your handover code" })).toHaveCount(0);
  await sellerContext.close();
});

test("a wrong code five times is refused with a clear message", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000);
  const seller = await createUser(db, { displayName: "Wes Wrong" });
  const { context: sellerContext, page: sellerPage } = await sellerWithPayouts(browser, signIn, seller);
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Enamel kettle",
    priceCents: 1500,
    pickup: true,
    shipping: false,
  });
  await signIn(buyer);
  await buyForPickup(page, listing.id, "$15.00");
  const code = await handoverCodeOn(page);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");

  await sellerPage.goto(page.url());
  for (let left = 4; left >= 1; left -= 1) {
    await sellerPage.getByLabel("The buyer's 6-digit handover code").fill(wrong);
    await sellerPage.getByRole("button", { name: "Record the handover" }).click();
    await expect(
      sellerPage.getByText(`That isn't the buyer's code. ${left} ${left === 1 ? "try" : "tries"} left.`),
    ).toBeVisible();
  }
  await sellerPage.getByLabel("The buyer's 6-digit handover code").fill(wrong);
  await sellerPage.getByRole("button", { name: "Record the handover" }).click();
  await expect(
    sellerPage.getByText(/Too many wrong codes for this order\. Ask the buyer to confirm receipt in the app/),
  ).toBeVisible();
  // The form is gone: not even the right code is taken now, and the order is unchanged.
  await sellerPage.reload();
  await expect(sellerPage.getByLabel("The buyer's 6-digit handover code")).toHaveCount(0);
  await expect(sellerPage.getByRole("alert")).toContainText("Ask the buyer to confirm receipt in the app");
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Paid");
  await sellerContext.close();
});
