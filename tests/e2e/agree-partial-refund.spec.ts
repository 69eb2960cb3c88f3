import { createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, test } from "./fixtures";
import { emailText, minus, moneyOnStripe, buyWithAnAddOn, percentOf, sellerFee, standInStripe, usd } from "./money";

test.setTimeout(120_000);

test("after an admin refunds part of an order, the order pages, the receipt, the refunds and the transfers agree", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  const run = Date.now().toString(36);
  const itemCents = 12_000;
  const addOnCents = 4_500;
  const itemRefundCents = 2_000;
  const addOnRefundCents = 1_000;
  const shopName = `Cog Corner ${run}`;
  const title = `Cargo bike ${run}`;

  // What the money should be: the admin's decision refunds part of the item and part of the done
  // add-on; each payee gets their line less its refund and less the fee on it (kept on a partial
  // refund); Stoop keeps both fees.
  const totalCents = itemCents + addOnCents;
  const refundCents = itemRefundCents + addOnRefundCents;
  const sellerFeeCents = sellerFee(itemCents);
  const addOnFeeCents = percentOf(addOnCents);
  const sellerShareCents = itemCents - itemRefundCents - sellerFeeCents;
  const shopShareCents = addOnCents - addOnRefundCents - addOnFeeCents;
  expect([totalCents, refundCents, sellerFeeCents, addOnFeeCents]).toEqual([16_500, 3_000, 630, 225]);
  expect([sellerShareCents, shopShareCents]).toEqual([9_370, 3_275]);
  expect(totalCents - refundCents - sellerShareCents - shopShareCents).toBe(sellerFeeCents + addOnFeeCents);

  // A verified shop with a tune-up for bikes and a seller, both with payouts set up; the buyer
  // pays for the bike and the tune-up.
  const { shop, shopPage, shopAccount, sellerPage, sellerAccount, sessionId, orderUrl } = await buyWithAnAddOn({
    page,
    browser,
    db,
    buyer,
    signIn,
    shop: { ownerName: "Cora Cog", name: shopName, service: { title: "Bike tune-up", priceCents: addOnCents } },
    item: { title, priceCents: itemCents },
  });
  await shopPage.goto(`/retailers/${shop.slug}/jobs`);
  await shopPage.getByRole("button", { name: `Accept: Bike tune-up for ${title}` }).click();
  await expect(shopPage.getByRole("row", { name: /Bike tune-up/ })).toContainText("accepted");
  await shopPage.getByRole("button", { name: `Mark done: Bike tune-up for ${title}` }).click();
  await expect(shopPage.getByRole("row", { name: /Bike tune-up/ })).toContainText("done");
  await sellerPage.goto(orderUrl);
  await sellerPage.getByRole("button", { name: "Mark ready for pickup" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Ready for pickup");

  // The buyer disputes; an admin refunds part of the item and part of the tune-up.
  await page.goto(orderUrl);
  await page.getByRole("link", { name: "Open a dispute" }).click();
  await page.getByLabel("Reason").selectOption({ label: "It isn't as described" });
  await page.getByLabel("What happened").fill("The rear rack is bent and the tune-up missed the brakes.");
  await page.getByRole("button", { name: "Open dispute" }).click();
  await expect(page.getByRole("heading", { name: /Open: the order is on hold/ })).toBeVisible();

  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  const adminContext = await browser.newContext();
  await signIn(admin, adminContext);
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/admin/disputes");
  await adminPage
    .getByRole("row", { name: new RegExp(title) })
    .getByRole("button", { name: /Assign to me/ })
    .click();
  await expect(adminPage.getByRole("row", { name: new RegExp(title) })).toContainText("Ada Admin");
  await adminPage.getByRole("link", { name: title }).click();
  await adminPage.getByLabel("Partial refund of the lines below").check();
  await adminPage.getByLabel(`Refund on ${title} (dollars)`).fill((itemRefundCents / 100).toFixed(2));
  await adminPage
    .getByLabel(`Refund on Bike tune-up by ${shopName} (dollars)`)
    .fill((addOnRefundCents / 100).toFixed(2));
  await adminPage.getByLabel("Reason (every party sees it)").fill("The rack was bent; the brakes needed redoing.");
  await adminPage.getByRole("button", { name: "Carry out the decision" }).click();
  await expect(adminPage.getByRole("status")).toContainText("Resolved by Ada Admin");

  // The admin's Payment section: refunded, and what each payee holds.
  const payment = adminPage.getByRole("region", { name: "Payment" });
  await expect(payment).toContainText(`Refunded${usd(refundCents)}`);
  await expect(payment).toContainText(`Held by the seller${usd(sellerShareCents)}`);
  await expect(payment).toContainText(`Held by a shop${usd(shopShareCents)}`);

  // The buyer's order page, receipt and dispute outcome.
  await page.goto(orderUrl);
  await expect(page.getByRole("status")).toHaveText("Status: Completed");
  const buyerReceipt = page.getByRole("region", { name: "Receipt" });
  await expect(buyerReceipt.getByRole("row", { name: `Total paid by the buyer ${usd(totalCents)}` })).toBeVisible();
  await expect(buyerReceipt.getByRole("row", { name: `Refunded to the buyer ${minus(refundCents)}` })).toBeVisible();
  await expect(
    buyerReceipt.getByRole("row", { name: `The buyer paid in the end ${usd(totalCents - refundCents)}` }),
  ).toBeVisible();
  await page.goto(`${orderUrl}/dispute`);
  await expect(page.getByRole("status")).toContainText(`Partial refund of ${usd(refundCents)}`);

  // The seller's order page: only the item's refund comes off the seller's share, the fee is kept.
  await sellerPage.goto(orderUrl);
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Completed");
  const sellerReceipt = sellerPage.getByRole("region", { name: "Receipt" });
  await expect(sellerReceipt.getByRole("row", { name: `Refunded to the buyer ${minus(refundCents)}` })).toBeVisible();
  await expect(
    sellerReceipt.getByRole("row", { name: `Refunded on your item and shipping ${minus(itemRefundCents)}` }),
  ).toBeVisible();
  await expect(sellerReceipt.getByRole("row", { name: `Stoop fee ${minus(sellerFeeCents)}` })).toBeVisible();
  await expect(sellerReceipt.getByRole("row", { name: `Your share ${usd(sellerShareCents)}` })).toBeVisible();
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toContainText(
    `${usd(sellerShareCents)}: Paid to your Stripe account`,
  );

  // The shop's jobs board: what the shop gets for the job ("You get"), and that it was paid.
  await shopPage.goto(`/retailers/${shop.slug}/jobs`);
  const job = shopPage.getByRole("row", { name: /Bike tune-up/ });
  await expect(job.getByRole("cell", { name: usd(shopShareCents), exact: true })).toBeVisible();
  await expect(job).toContainText("Paid");

  // Stripe's objects: the refunds add up to the decision, one transfer to each payee of its share.
  const stripe = standInStripe();
  await expect
    .poll(
      async () => {
        const money = await moneyOnStripe(stripe, sessionId, [sellerAccount, shopAccount]);
        return { ...money, refunds: money.refunds.reduce((sum, cents) => sum + cents, 0) };
      },
      { timeout: 10_000 },
    )
    .toEqual({
      chargedCents: totalCents,
      refundedCents: refundCents,
      refunds: refundCents,
      transfers: {
        [sellerAccount]: { amounts: [sellerShareCents], reversedCents: 0, fromCharge: true },
        [shopAccount]: { amounts: [shopShareCents], reversedCents: 0, fromCharge: true },
      },
    });

  // The buyer's emails: what they paid and what the decision gave back.
  expect(await emailText(page, buyer.email, `Payment received for ${title}`)).toContain(`You paid ${usd(totalCents)}.`);
  expect(await emailText(page, buyer.email, `Dispute resolved: ${title}`)).toContain(
    `The buyer is refunded ${usd(refundCents)}`,
  );
  await shopPage.context().close();
  await sellerPage.context().close();
  await adminContext.close();
});
