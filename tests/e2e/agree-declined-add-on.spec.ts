import { expect, test } from "./fixtures";
import {
  emailText,
  literally,
  minus,
  moneyOnStripe,
  buyWithAnAddOn,
  percentOf,
  sellerFee,
  standInStripe,
  usd,
} from "./money";

test.setTimeout(90_000);

test("after a shop declines an add-on, the order page, the receipt, the refund and the transfer agree", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  const run = Date.now().toString(36);
  const itemCents = 20_000;
  const addOnCents = 4_500;
  const shopName = `Spoke Works ${run}`;
  const title = `Steel touring bike ${run}`;

  // What the money should be, from the prices and the fee rule: the buyer pays item + add-on; the
  // declined add-on comes back in full; the seller gets the item less its fee, the shop nothing.
  const totalCents = itemCents + addOnCents;
  const refundCents = addOnCents;
  const sellerFeeCents = sellerFee(itemCents);
  const sellerShareCents = itemCents - sellerFeeCents;
  expect(percentOf(addOnCents)).toBe(225); // the add-on's own fee, kept by nobody once it is refunded
  expect([totalCents, sellerFeeCents, sellerShareCents]).toEqual([24_500, 1_030, 18_970]);

  // A verified shop with a tune-up for bikes and a seller, both with payouts set up; the buyer
  // adds the tune-up to a bike and pays both in one payment.
  const { shop, shopPage, shopAccount, seller, sellerPage, sellerAccount, sessionId, orderUrl } = await buyWithAnAddOn({
    page,
    browser,
    db,
    buyer,
    signIn,
    shop: { ownerName: "Owen Owner", name: shopName, service: { title: "Bike tune-up", priceCents: addOnCents } },
    item: { title, priceCents: itemCents },
  });

  // The shop's staff decline the job.
  await shopPage.goto(`/retailers/${shop.slug}/jobs`);
  await shopPage.getByRole("button", { name: `Decline and refund: Bike tune-up for ${title}` }).click();
  await expect(shopPage.getByRole("row", { name: /Bike tune-up/ })).toContainText("declined (refunded)");
  // The jobs board's "You get" for the job: nothing, it is refunded.
  await expect(
    shopPage.getByRole("row", { name: /Bike tune-up/ }).getByRole("cell", { name: usd(0), exact: true }),
  ).toBeVisible();

  // The seller hands the bike over and the buyer confirms receipt: the order completes.
  await sellerPage.goto(orderUrl);
  await sellerPage.getByRole("button", { name: "Mark ready for pickup" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Ready for pickup");
  await page.goto(orderUrl);
  await page.getByRole("button", { name: "I received the item" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Completed");

  // The buyer's order page and its receipt.
  const buyerReceipt = page.getByRole("region", { name: "Receipt" });
  await expect(buyerReceipt.getByRole("row", { name: `Item ${usd(itemCents)}` })).toBeVisible();
  await expect(
    buyerReceipt.getByRole("row", { name: `${shopName}: Bike tune-up (declined (refunded)) ${usd(addOnCents)}` }),
  ).toBeVisible();
  await expect(buyerReceipt.getByRole("row", { name: `Total paid by the buyer ${usd(totalCents)}` })).toBeVisible();
  await expect(buyerReceipt.getByRole("row", { name: `Refunded to the buyer ${minus(refundCents)}` })).toBeVisible();
  await expect(
    buyerReceipt.getByRole("row", { name: `The buyer paid in the end ${usd(totalCents - refundCents)}` }),
  ).toBeVisible();
  await expect(buyerReceipt.getByRole("row", { name: /Your share/ })).toHaveCount(0);

  // The seller's receipt: the refund was the shop's line, so the seller's share is the item less its fee.
  await sellerPage.reload();
  const sellerReceipt = sellerPage.getByRole("region", { name: "Receipt" });
  await expect(sellerReceipt.getByRole("row", { name: `Refunded to the buyer ${minus(refundCents)}` })).toBeVisible();
  await expect(sellerReceipt.getByRole("row", { name: /Refunded on your item and shipping/ })).toHaveCount(0);
  await expect(sellerReceipt.getByRole("row", { name: `Stoop fee ${minus(sellerFeeCents)}` })).toBeVisible();
  await expect(sellerReceipt.getByRole("row", { name: `Your share ${usd(sellerShareCents)}` })).toBeVisible();
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toHaveText(
    literally(`${usd(sellerShareCents)}: Paid to your Stripe account`),
  );

  // Stripe's objects: one payment, one refund of exactly the add-on, one transfer of exactly the
  // seller's share (drawn on that payment), nothing to the shop; Stoop keeps the seller's fee.
  const stripe = standInStripe();
  await expect
    .poll(() => moneyOnStripe(stripe, sessionId, [sellerAccount, shopAccount]), { timeout: 10_000 })
    .toEqual({
      chargedCents: totalCents,
      refundedCents: refundCents,
      refunds: [refundCents],
      transfers: {
        [sellerAccount]: { amounts: [sellerShareCents], reversedCents: 0, fromCharge: true },
        [shopAccount]: { amounts: [], reversedCents: 0, fromCharge: true },
      },
    });
  expect(totalCents - refundCents - sellerShareCents).toBe(sellerFeeCents);

  // The buyer's emails say the same: what they paid, and what came back.
  expect(await emailText(page, buyer.email, `Payment received for ${title}`)).toContain(`You paid ${usd(totalCents)}.`);
  expect(await emailText(page, buyer.email, `${shopName} declined Bike tune-up`)).toContain(
    `You get ${usd(refundCents)} back`,
  );
  // And the seller's completion email names the payout the transfer made.
  expect(await emailText(page, seller.email, `Order complete: ${title}`)).toContain(
    `${usd(sellerShareCents)} is being paid out to you.`,
  );
  await shopPage.context().close();
  await sellerPage.context().close();
});
