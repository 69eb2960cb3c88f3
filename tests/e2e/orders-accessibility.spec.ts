import { newId } from "~/lib/ids.server";
import { createListing, createUser } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("the buying and order pages have no serious accessibility violations and fit a phone screen", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const listing = await createListing(db, { title: "Accessible stool", shipping: true, photoKeys: [] });
  const sold = await createListing(db, { title: "Accessible bench", status: "reserved", photoKeys: [] });
  // A paid order written directly: the checkout itself is covered by checkout.spec.ts.
  const orderId = newId();
  await db
    .insertInto("orders")
    .values({
      id: orderId,
      listingId: sold.id,
      buyerId: member.id,
      sellerId: sold.sellerId,
      delivery: "pickup",
      itemCents: 2500,
      shippingCents: 0,
      totalCents: 2500,
      platformFeeCents: 155,
      status: "paid",
    })
    .execute();
  await db
    .insertInto("orderEvents")
    .values({ id: newId(), orderId, actorId: null, event: "pay", fromStatus: "pending_payment", toStatus: "paid" })
    .execute();
  await signIn(member);
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of [`/listings/${listing.id}/buy`, "/orders/purchases", "/orders/sales", `/orders/${orderId}`]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    await expectNoSeriousViolations(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }

  // The buy form with errors: shipping without an address.
  await page.goto(`/listings/${listing.id}/buy`);
  await page.getByLabel(/^Shipping:/).check();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByText("Enter the street address")).toBeVisible();
  await expectNoSeriousViolations(page);

  // A stranger gets a 404, not the order.
  const stranger = await createUser(db);
  await signIn(stranger);
  const response = await page.goto(`/orders/${orderId}`);
  expect(response?.status()).toBe(404);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a buyer reaches Stripe's hosted checkout and comes back paid", async ({ page, db, member, signIn }) => {
    const listing = await createListing(db, { title: "Plain chair", priceCents: 1200, photoKeys: [] });
    await signIn(member);
    await page.goto(`/listings/${listing.id}`);
    await page.getByRole("link", { name: "Buy" }).click();
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page.getByRole("heading", { name: "Pay $12.00" })).toBeVisible();
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $12.00" }).click();
    await expect(page.getByRole("status")).toHaveText("Status: Paid");
  });
});
