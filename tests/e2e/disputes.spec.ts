import type { Kysely } from "kysely";
import sharp from "sharp";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";
import { createListing, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { messageTheSeller } from "./conversation";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

async function photo() {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: "#7a3b1c" } })
    .jpeg()
    .toBuffer();
}

test("a buyer disputes with a photo, the seller responds, an admin refunds part of it, and all three see the outcome", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey: on a loaded two-core CI machine it outgrows 30 s
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
    title: "Oak rocking chair",
    priceCents: 2500,
    pickup: true,
    shipping: true,
    shippingCents: 800,
  });

  // The buyer asks the seller before buying; the admin will read this on the case.
  await signIn(buyer);
  await messageTheSeller(page, listing, "Are both rockers solid? I need it shipped carefully.");

  // The buyer pays (item 25.00 + shipping 8.00) and the seller ships.
  await page.goto(`/listings/${listing.id}/buy`);
  await page.getByLabel(/^Shipping: \$33\.00/).check();
  await page.getByLabel("Name", { exact: true }).fill("Pat Playwright");
  await page.getByLabel("Street address").fill("1 Main St");
  await page.getByLabel("Town or city").fill("Portland");
  await page.getByLabel("Postal code").fill("97214");
  await page.getByRole("button", { name: "Pay" }).click();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Pay $33.00" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Paid");
  const orderUrl = page.url();
  await sellerPage.goto(orderUrl);
  await sellerPage.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Shipped");

  // The buyer opens a dispute with a photo; a statement that is too short is refused first.
  await page.goto(orderUrl);
  await page.getByRole("link", { name: "Open a dispute" }).click();
  await page.getByLabel("Reason").selectOption({ label: "It arrived damaged" });
  await page.getByLabel("What happened").fill("Broken");
  await page.getByRole("button", { name: "Open dispute" }).click();
  await expect(page.getByText("Say what happened in at least 10 characters")).toBeVisible();
  await expect(page.getByLabel("Reason")).toHaveValue("damaged");
  await page.getByLabel("What happened").fill("One rocker arrived snapped in two.");
  await page
    .getByLabel("Photos (optional)")
    .setInputFiles([{ name: "rocker.jpg", mimeType: "image/jpeg", buffer: await photo() }]);
  await page.getByRole("button", { name: "Open dispute" }).click();
  await expect(page.getByRole("heading", { name: /Open: the order is on hold/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Evidence photo 1 from the buyer" })).toBeVisible();
  await page.goto(orderUrl);
  await expect(page.getByRole("status")).toHaveText("Status: Disputed");

  // The seller responds in the thread.
  await sellerPage.goto(orderUrl);
  await sellerPage.getByRole("link", { name: "See the dispute" }).click();
  await expect(sellerPage.getByText("One rocker arrived snapped in two.")).toBeVisible();
  await sellerPage.getByLabel("Your statement").fill("It was wrapped in two layers of bubble wrap.");
  await sellerPage.getByRole("button", { name: "Add statement" }).click();
  await expect(sellerPage.getByText("It was wrapped in two layers of bubble wrap.")).toBeVisible();

  // An admin (with two-factor sign-in) takes the case and refunds part of it.
  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  const adminContext = await browser.newContext();
  await signIn(admin, adminContext);
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/admin/disputes");
  const row = adminPage.getByRole("row", { name: /Oak rocking chair/ });
  await row.getByRole("button", { name: /Assign to me/ }).click();
  await expect(adminPage.getByRole("row", { name: /Oak rocking chair/ })).toContainText("Ada Admin");
  await adminPage.getByRole("link", { name: "Oak rocking chair" }).click();
  await expect(adminPage.getByRole("heading", { name: "The listing as bought" })).toBeVisible();
  await expect(adminPage.getByText("It was wrapped in two layers of bubble wrap.")).toBeVisible();
  await expect(
    adminPage
      .getByRole("region", { name: "Messages between buyer and seller" })
      .getByText("Are both rockers solid? I need it shipped carefully."),
  ).toBeVisible();
  await adminPage.getByLabel("Partial refund of the lines below").check();
  await adminPage.getByLabel("Refund on Shipping (dollars)").fill("9.00");
  await adminPage.getByLabel("Reason (every party sees it)").fill("The chair was damaged in transit.");
  await adminPage.getByRole("button", { name: "Carry out the decision" }).click();
  await expect(adminPage.getByText("At most $8.00 is left to refund on Shipping")).toBeVisible();
  await adminPage.getByLabel("Refund on Shipping (dollars)").fill("8.00");
  await adminPage.getByLabel("Refund on Oak rocking chair (dollars)").fill("5.00");
  await adminPage.getByRole("button", { name: "Carry out the decision" }).click();
  await expect(adminPage.getByRole("status")).toContainText("Resolved by Ada Admin");
  await expect(adminPage.getByRole("region", { name: "Outcome" })).toContainText("Partial refund");
  await expect(adminPage.getByRole("region", { name: "Payment" })).toContainText("Refunded$13.00");
  const timeline = adminPage.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText("Dispute opened by the buyer by Pat Playwright");
  await expect(timeline).toContainText("Decision carried out: dispute resolved by Ada Admin");

  // Buyer and seller see the outcome with the reason.
  for (const party of [page, sellerPage]) {
    await party.goto(`${orderUrl}/dispute`);
    await expect(party.getByRole("status")).toContainText("Partial refund of $13.00");
    await expect(party.getByRole("status")).toContainText("The chair was damaged in transit.");
  }
  await sellerPage.goto(orderUrl);
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Completed");
  // The receipt, "Your share" and the transfer agree after the partial refund (ADR 020): 33.00 −
  // 13.00 refunded − the 1.95 fee = 18.05, which is what was sent.
  await expect(sellerPage.getByRole("row", { name: "Refunded to the buyer −$13.00" })).toBeVisible();
  await expect(sellerPage.getByRole("row", { name: "Your share $18.05" })).toBeVisible();
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toContainText("$18.05: Paid to your Stripe account");
  await expect(adminPage.getByRole("region", { name: "Payment" })).toContainText("Held by the seller$18.05");

  // Everyone has the email in the development mailbox.
  for (const who of [buyer, seller, admin]) {
    await expect(async () => {
      await page.goto("/dev/mailbox");
      await expect(
        page.getByRole("row", { name: new RegExp(`${who.email}.*Dispute resolved: Oak rocking chair`) }),
      ).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
  }
  await expect(
    page.getByRole("row", { name: new RegExp(`${seller.email}.*Dispute opened: Oak rocking chair`) }),
  ).toBeVisible();
  await sellerContext.close();
  await adminContext.close();
});

/** A paid order written directly (the payment itself is covered above and in checkout.spec.ts). */
async function paidOrderFor(db: Kysely<Database>, buyerId: string, title: string, sellerId?: string) {
  const listing = await createListing(db, {
    title,
    status: "reserved",
    photoKeys: [],
    ...(sellerId ? { sellerId } : {}),
  });
  const orderId = newId();
  await db
    .insertInto("orders")
    .values({
      id: orderId,
      listingId: listing.id,
      buyerId,
      sellerId: listing.sellerId,
      delivery: "pickup",
      itemCents: 2500,
      shippingCents: 0,
      totalCents: 2500,
      platformFeeCents: 155,
      status: "paid",
    })
    .execute();
  return orderId;
}

test("the dispute pages are accessible, and only admins reach the admin ones", async ({ page, db, member, signIn }) => {
  const orderId = await paidOrderFor(db, member.id, "Accessible drawer");
  await signIn(member);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/orders/${orderId}/dispute`);
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Open dispute" }).click();
  await expect(page.getByText("Choose a reason")).toHaveCount(2); // the placeholder option and the error
  await expectNoSeriousViolations(page);
  await page.getByLabel("Reason").selectOption({ label: "I didn't receive it" });
  await page.getByLabel("What happened").fill("Nothing has arrived after two weeks.");
  await page.getByRole("button", { name: "Open dispute" }).click();
  await expect(page.getByText("Nothing has arrived after two weeks.")).toBeVisible();
  await expectNoSeriousViolations(page);
  const disputeId = (
    await db.selectFrom("disputes").select("id").where("orderId", "=", orderId).executeTakeFirstOrThrow()
  ).id;

  // A member (even the buyer) is refused the admin pages.
  for (const path of ["/admin/disputes", `/admin/disputes/${disputeId}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }

  const admin = await createUser(db, { role: "admin", displayName: "Axe Admin", totpSecret: KNOWN_TOTP_SECRET });
  await signIn(admin);
  for (const path of ["/admin/disputes", `/admin/disputes/${disputeId}`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, path);
  }
  await page.getByRole("button", { name: "Carry out the decision" }).click();
  await expect(page.getByText("Choose a resolution")).toBeVisible();
  await expectNoSeriousViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a buyer opens a dispute with a photo and the seller answers", async ({ page, browser, db, member, signIn }) => {
    const seller = await createUser(db, { displayName: "Sid Seller" });
    const orderId = await paidOrderFor(db, member.id, "Plain drawer", seller.id);
    await signIn(member);
    await page.goto(`/orders/${orderId}`);
    await page.getByRole("link", { name: "Open a dispute" }).click();
    await page.getByLabel("Reason").selectOption({ label: "It isn't as described" });
    await page.getByLabel("What happened").fill("The drawer is plywood, not oak.");
    await page
      .getByLabel("Photos (optional)")
      .setInputFiles([{ name: "drawer.jpg", mimeType: "image/jpeg", buffer: await photo() }]);
    await page.getByRole("button", { name: "Open dispute" }).click();
    await expect(page.getByRole("img", { name: "Evidence photo 1 from the buyer" })).toBeVisible();

    const sellerContext = await browser.newContext({ javaScriptEnabled: false });
    await signIn(seller, sellerContext);
    const sellerPage = await sellerContext.newPage();
    await sellerPage.goto(`/orders/${orderId}/dispute`);
    await sellerPage.getByLabel("Your statement").fill("The listing said plywood with oak veneer.");
    await sellerPage.getByRole("button", { name: "Add statement" }).click();
    await expect(sellerPage.getByText("The listing said plywood with oak veneer.")).toBeVisible();
    await sellerContext.close();
  });
});
