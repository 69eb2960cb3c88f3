import { createListing, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, test } from "./fixtures";

test.setTimeout(90_000);

test("a verified shop sells a bike tune-up with a used bike; the seller and the shop are both paid", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  const slug = `bike-hub-${Date.now().toString(36)}`;

  // The shop's owner applies for a shop page.
  const owner = await createUser(db, { displayName: "Rita Retailer" });
  const ownerContext = await browser.newContext();
  await signIn(owner, ownerContext);
  const shop = await ownerContext.newPage();
  await shop.goto("/retailers/new");
  await shop.getByLabel("Shop name").fill("Bike Hub");
  await shop.getByLabel("Page address").fill(slug);
  await shop.getByLabel("Description").fill("Bicycle repairs, tune-ups and safety checks since 1998.");
  await shop.getByLabel("Area (postal code or town)").fill("97214");
  await shop.getByLabel("Service radius (km)").fill("15");
  await shop.getByLabel("Opening hours").fill("Tue-Sat 10:00-18:00");
  await shop.getByRole("button", { name: "Send the application" }).click();
  await expect(shop.getByRole("heading", { name: "Bike Hub", level: 1 })).toBeVisible();
  await expect(shop.getByRole("status")).toContainText("waiting for an admin");

  // An admin (with two-factor sign-in) verifies it.
  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  const adminContext = await browser.newContext();
  await signIn(admin, adminContext);
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/admin/retailers");
  await adminPage.getByRole("button", { name: "Verify Bike Hub" }).click();
  await expect(adminPage.getByRole("status")).toHaveText("Bike Hub is verified.");
  await adminContext.close();

  // The owner defines the tune-up and sets up the shop's payouts.
  await shop.goto(`/retailers/${slug}`);
  await expect(shop.getByText("✓ Verified shop")).toBeVisible();
  await shop.getByRole("link", { name: "Services" }).click();
  await shop.getByLabel("Title").fill("Bike tune-up");
  await shop.getByLabel("Description").fill("Gears, brakes, chain and tyres checked and adjusted.");
  await shop.getByLabel("Price in dollars").fill("45");
  await shop.getByLabel("Bikes", { exact: true }).check();
  await shop.getByRole("button", { name: "Add the service" }).click();
  await expect(shop.getByRole("row", { name: /Bike tune-up \$45\.00 At the shop Active/ })).toBeVisible();
  await shop.goto(`/retailers/${slug}/payouts`);
  await shop.getByRole("button", { name: "Set up payouts" }).click();
  await shop.getByRole("button", { name: "Agree and submit" }).click();
  await expect(shop.getByRole("status")).toHaveText(/Payouts are enabled/);

  // The seller has payouts set up and lists a used bike nearby.
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
    title: "Used city bike",
    categoryId: "bikes",
    priceCents: 20000,
    pickup: true,
    shipping: false,
  });

  // The buyer sees the add-on, ticks it and pays item + tune-up in one payment.
  await signIn(buyer);
  await page.goto(`/listings/${listing.id}`);
  const addOns = page.getByRole("region", { name: "Add a local service" });
  await expect(addOns).toContainText("Bike tune-up: $45.00 by Bike Hub");
  await expect(addOns).toContainText("✓ Verified shop");
  await page.getByRole("link", { name: "Buy" }).click();
  await page.getByLabel("Bike tune-up by Bike Hub: $45.00").check();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("heading", { name: "Pay $245.00" })).toBeVisible();
  await expect(page.getByText("Bike tune-up by Bike Hub")).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Pay $245.00" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Paid");
  await expect(
    page.getByRole("row", { name: /Bike Hub: Bike tune-up \(waiting for the shop\) \$45\.00/ }),
  ).toBeVisible();
  const orderUrl = page.url();

  // The shop accepts the job and marks it done.
  await shop.goto(`/retailers/${slug}/jobs`);
  const job = shop.getByRole("row", { name: /Bike tune-up/ });
  await expect(job).toContainText("Used city bike");
  await expect(job).toContainText(buyer.displayName);
  await job.getByRole("button", { name: /^Accept/ }).click();
  await expect(shop.getByRole("row", { name: /Bike tune-up/ })).toContainText("accepted");
  await shop
    .getByRole("row", { name: /Bike tune-up/ })
    .getByRole("button", { name: /^Mark done/ })
    .click();
  await expect(shop.getByRole("row", { name: /Bike tune-up/ })).toContainText("done");

  // The seller hands the bike over; the buyer confirms receipt and the order completes.
  await sellerPage.goto(orderUrl);
  await expect(sellerPage.getByRole("row", { name: /Stoop fee −\$10\.30/ })).toBeVisible();
  await sellerPage.getByRole("button", { name: "Mark ready for pickup" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Ready for pickup");
  await page.goto(orderUrl);
  await page.getByRole("button", { name: "I received the item" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Completed");

  // Both are paid: the seller its share of the item, the shop its line minus the fee.
  await sellerPage.reload();
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toContainText(
    "$189.70: Paid to your Stripe account",
  );
  await shop.goto(`/retailers/${slug}/jobs`);
  await expect(shop.getByRole("row", { name: /Bike tune-up/ })).toContainText("Paid");
  await ownerContext.close();
  await sellerContext.close();
});
