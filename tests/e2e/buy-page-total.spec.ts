import { createListing, createRetailer } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

// Issue 17: the buy page said "Total with pickup $335.00" with a $45 tune-up ticked while Stripe
// charged $380. The page's total now comes from the charge's own rule (fees.ts chargeTotalCents).
test("the buy page's total follows the delivery and the ticked add-ons, and it is what checkout charges", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const listing = await createListing(db, {
    title: "Blue road bike",
    priceCents: 33_500,
    pickup: true,
    shipping: true,
    shippingCents: 1_500,
  });
  await createRetailer(db, {
    name: "Spoke Shop",
    services: [{ title: "Bike tune-up", priceCents: 4_500, categoryIds: [listing.categoryId] }],
  });
  await signIn(member);
  await page.goto(`/listings/${listing.id}/buy`);

  const youPay = page.getByRole("status").filter({ hasText: "You pay" });
  await page.getByLabel(/^Pick up in/).check();
  await expect(youPay).toHaveText("You pay $335.00");
  await page.getByLabel(/^Bike tune-up by Spoke Shop: \$45\.00/).check();
  await expect(youPay).toHaveText("You pay $380.00");
  await expect(page.getByRole("row", { name: /Total with pickup \$380\.00/ })).toBeVisible();
  await page.getByLabel(/^Shipping: \$350\.00/).check();
  await expect(youPay).toHaveText("You pay $395.00");
  await expectNoSeriousViolations(page);

  // The radio and the checkbox sit beside their labels: same row, box to the left.
  for (const name of [/^Shipping: \$350\.00/, /^Bike tune-up by Spoke Shop/]) {
    const box = (await page.getByLabel(name).boundingBox())!;
    const label = (await page.locator("label", { hasText: name }).boundingBox())!;
    expect(box.x + box.width, `${name} box is left of its label`).toBeLessThanOrEqual(label.x);
    expect(box.y, `${name} box is on its label's first line`).toBeLessThan(label.y + label.height);
    expect(box.width, `${name} box is a box, not stretched`).toBeLessThan(40);
  }

  // Stripe is asked for the same amount the page showed.
  await page.getByLabel(/^Pick up in/).check();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("button", { name: "Pay $380.00" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the buy page shows each total with the add-on rule", async ({ page, db, member, signIn }) => {
    const listing = await createListing(db, { title: "Green road bike", priceCents: 33_500, pickup: true });
    await createRetailer(db, {
      services: [{ title: "Bike tune-up", priceCents: 4_500, categoryIds: [listing.categoryId] }],
    });
    await signIn(member);
    await page.goto(`/listings/${listing.id}/buy`);
    await expect(page.getByRole("row", { name: "Total with pickup $335.00 + the add-ons you tick" })).toBeVisible();
    // No live total without JavaScript: the rule above stands in for it.
    await expect(page.getByRole("status").filter({ hasText: "You pay" })).toHaveCount(0);
  });
});
