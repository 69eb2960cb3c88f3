import { createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test("a buyer pays with a card, the seller ships, the buyer confirms receipt and the seller is paid", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey: on a loaded two-core CI machine it outgrows 30 s
  // The seller sets up payouts through Stripe's hosted onboarding first.
  const seller = await createUser(db, { displayName: "Sam Seller" });
  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto("/settings/payouts");
  await sellerPage.getByRole("button", { name: "Set up payouts" }).click();
  await sellerPage.getByRole("button", { name: "Agree and submit" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText(/Payouts are enabled/);

  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Teak side table",
    priceCents: 2500,
    pickup: true,
    shipping: true,
    shippingCents: 800,
  });

  await signIn(buyer);
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole("link", { name: "Buy" }).click();
  await expect(page.getByRole("heading", { name: "Buy Teak side table" })).toBeVisible();
  await page.getByLabel(/^Shipping: \$33\.00/).check();
  await page.getByLabel("Name", { exact: true }).fill("Pat Playwright");
  await page.getByLabel("Street address").fill("1 Main St");
  await page.getByLabel("Town or city").fill("Portland");
  await page.getByLabel("Postal code").fill("97214");
  await expect(page.getByRole("row", { name: /Total with shipping \$33\.00/ })).toBeVisible();
  await page.getByRole("button", { name: "Pay" }).click();

  // Stripe's hosted checkout (the local stand-in).
  await expect(page.getByRole("heading", { name: "Pay $33.00" })).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Pay $33.00" }).click();

  await expect(page).toHaveURL(/\/orders\/[\w-]+$/);
  await expect(page.getByRole("status")).toHaveText("Status: Paid");
  const orderUrl = page.url();

  // The seller sees the sale and ships it.
  await sellerPage.goto("/orders/sales");
  await sellerPage.getByRole("link", { name: "Teak side table" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Paid");
  await expect(sellerPage.getByRole("row", { name: /Stoop fee −\$1\.95/ })).toBeVisible();
  await sellerPage.getByLabel("Tracking number (optional)").fill("1Z999AA10123456784");
  await sellerPage.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Shipped");

  // The buyer confirms receipt.
  await page.goto(orderUrl);
  await expect(page.getByText("1Z999AA10123456784")).toBeVisible();
  await page.getByRole("button", { name: "I received the item" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Completed");
  await expect(page.getByRole("listitem").filter({ hasText: "Receipt confirmed" })).toBeVisible();

  // Both see it completed; the seller sees the payout.
  await sellerPage.reload();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Completed");
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toContainText("$31.05: Paid to your Stripe account");
  await sellerContext.close();
});

test("a declined card leaves the listing available to buy again", async ({ page, db, member: buyer, signIn }) => {
  const listing = await createListing(db, { title: "Brass lamp", priceCents: 1800, pickup: true, shipping: false });
  await signIn(buyer);
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole("link", { name: "Buy" }).click();
  await page.getByRole("button", { name: "Pay" }).click();

  await expect(page.getByRole("heading", { name: "Pay $18.00" })).toBeVisible();
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay $18.00" }).click();
  await expect(page.getByRole("alert")).toHaveText("Your card was declined. Try another card.");

  // The failed payment's webhook cancels the order and releases the listing.
  await expect(async () => {
    await page.goto("/orders/purchases");
    await expect(page.getByRole("row", { name: /Brass lamp Cancelled/ })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.goto(`/listings/${listing.id}`);
  await expect(page.getByRole("heading", { name: "Brass lamp" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Buy" })).toBeVisible();
  await expect(page.getByText("Someone is buying this right now.")).toHaveCount(0);
});

test("leaving Stripe's checkout asks before cancelling the order", async ({ page, db, member: buyer, signIn }) => {
  const listing = await createListing(db, { title: "Oak stool", priceCents: 2200, pickup: true, shipping: false });
  await signIn(buyer);
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole("link", { name: "Buy" }).click();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("heading", { name: "Pay $22.00" })).toBeVisible();

  // Stripe's cancel_url is a GET any site could send: the page only asks; its button cancels.
  await page.getByRole("link", { name: "Cancel and go back" }).click();
  await expect(page.getByRole("heading", { name: "You left the checkout" })).toBeVisible();
  const order = () =>
    db.selectFrom("orders").select("status").where("listingId", "=", listing.id).executeTakeFirstOrThrow();
  expect((await order()).status).toBe("pending_payment");

  await page.getByRole("button", { name: "Cancel the order" }).click();
  await expect(page).toHaveURL(new RegExp(`/listings/${listing.id}$`));
  await expect(page.getByRole("link", { name: "Buy" })).toBeVisible();
  expect((await order()).status).toBe("cancelled");
});
