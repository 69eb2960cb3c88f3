import type { Page } from "@playwright/test";
import { createListing, createUser } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

/** Serious or critical WCAG 2.1 AA violations, and whether the page scrolls sideways on a phone. */
async function expectAccessible(page: Page) {
  await expectNoSeriousViolations(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(0);
}

test("a buyer offers, the seller counters, the buyer accepts and pays the countered price", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey: on a loaded two-core CI machine it outgrows 30 s
  const seller = await createUser(db, { displayName: "Sam Seller" });
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Oak rocking chair",
    priceCents: 2500,
    pickup: true,
    shipping: true,
    shippingCents: 800,
  });

  // The buyer offers: first too much (kept, with the reason next to the field), then $18.
  await signIn(buyer);
  await page.goto(`/listings/${listing.id}`);
  const offerField = page.getByLabel("Your offer");
  await offerField.fill("30");
  await page.getByRole("button", { name: "Make an offer" }).click();
  await expect(page.getByText("Offer less than the asking price of $25.00, or just buy it")).toBeVisible();
  await expect(offerField).toHaveValue("30");
  await expect(offerField).toHaveAccessibleDescription(/Offer less than the asking price/);
  await offerField.fill("18");
  await page.getByRole("button", { name: "Make an offer" }).click();
  await expect(page.getByText(/You offered \$18\.00; waiting for the seller until/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Make an offer" })).toHaveCount(0);

  // The seller counters from the offers page, with JavaScript off (plain forms): first too much, then $22.
  const sellerContext = await browser.newContext({ javaScriptEnabled: false });
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto("/");
  await sellerPage.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Offers" }).click();
  await expect(sellerPage.getByRole("heading", { name: "Offers", level: 1 })).toBeVisible();
  const received = sellerPage.getByRole("region", { name: "Offers received" });
  await expect(received.getByRole("listitem").filter({ hasText: "Oak rocking chair" })).toContainText("$18.00");
  const counterField = received.getByLabel("Counter-offer for Oak rocking chair");
  await counterField.fill("25");
  await received.getByRole("button", { name: "Send counter-offer" }).click();
  await expect(counterField).toHaveAccessibleDescription(
    /Counter with more than the offer of \$18\.00 and less than your asking price of \$25\.00/,
  );
  await expect(counterField).toHaveValue("25");
  await counterField.fill("22");
  await received.getByRole("button", { name: "Send counter-offer" }).click();
  await expect(received.getByText(/countered by the seller until/)).toBeVisible();
  await expect(received.getByRole("button", { name: "Accept offer" })).toHaveCount(0);

  // The buyer sees the counter on the listing and accepts it.
  await page.reload();
  await expect(page.getByText(/The seller countered your offer of \$18\.00 with \$22\.00/)).toBeVisible();
  await expectAccessible(page);
  await page.goto("/offers");
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(page.getByRole("region", { name: "Offers you made" })).toContainText("countered by the seller");
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole("button", { name: "Accept counter-offer" }).click();
  await expect(page.getByText(/Offer accepted: you can buy it for \$22\.00 until/)).toBeVisible();

  // Checkout at the countered price; shipping unchanged.
  await page.getByRole("link", { name: "Check out at $22.00" }).click();
  await expect(page.getByRole("heading", { name: "Buy Oak rocking chair" })).toBeVisible();
  await expect(page.getByText(/Your accepted offer: \$22\.00 instead of \$25\.00/)).toBeVisible();
  await expect(page.getByRole("row", { name: /Total with shipping \$30\.00/ })).toBeVisible();
  await page.getByLabel(/^Pick up in Portland, OR: \$22\.00/).check();
  await page.getByRole("button", { name: "Pay" }).click();

  // Stripe's hosted checkout (the local stand-in).
  await expect(page.getByRole("heading", { name: "Pay $22.00" })).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Pay $22.00" }).click();

  await expect(page).toHaveURL(/\/orders\/[\w-]+$/);
  await expect(page.getByRole("status")).toHaveText("Status: Paid");
  await expect(page.getByRole("row", { name: "Item (accepted offer) $22.00" })).toBeVisible();
  await expect(page.getByRole("row", { name: "Total paid by the buyer $22.00" })).toBeVisible();

  // Both sides see the offer as bought.
  await page.goto("/offers");
  await expect(page.getByRole("region", { name: "Offers you made" })).toContainText("bought");
  await sellerPage.reload();
  await expect(received).toContainText("bought");
  await sellerContext.close();
});
