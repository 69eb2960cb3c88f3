import { expect, test } from "./fixtures";
import { emailText, minus, moneyOnStripe, buyWithAnAddOn, sellerFee, standInStripe, usd } from "./money";

test.setTimeout(90_000);

test("after a failed inspection, the order page, the receipt and the refund agree, and nobody is paid", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  const run = Date.now().toString(36);
  const itemCents = 20_000;
  const inspectionCents = 3_000;
  const shopName = `Frame Check ${run}`;
  const title = `Carbon road bike ${run}`;

  // What the money should be: a failed inspection cancels the order and refunds everything the
  // buyer paid; the seller's fee is given up with it (a full refund reaches into it), so the
  // seller's share is nothing and no transfer is made to anyone.
  const totalCents = itemCents + inspectionCents;
  expect(totalCents).toBe(23_000);
  expect(sellerFee(itemCents)).toBe(1_030);

  // A verified shop that inspects bikes before handover and a seller, both with payouts set up;
  // the buyer adds the inspection and pays.
  const { shop, shopPage, shopAccount, sellerPage, sellerAccount, sessionId, orderUrl } = await buyWithAnAddOn({
    page,
    browser,
    db,
    buyer,
    signIn,
    shop: {
      ownerName: "Inga Inspector",
      name: shopName,
      service: { title: "Safety inspection", priceCents: inspectionCents, kind: "inspection" },
    },
    item: { title, priceCents: itemCents },
  });

  // The shop accepts the inspection, then finds the bike not as described.
  await shopPage.goto(`/retailers/${shop.slug}/jobs`);
  await shopPage.getByRole("button", { name: `Accept: Safety inspection for ${title}` }).click();
  await expect(shopPage.getByRole("row", { name: /Safety inspection/ })).toContainText("accepted");
  await shopPage
    .getByRole("button", { name: `Inspection failed (refund the buyer): Safety inspection for ${title}` })
    .click();
  await expect(shopPage.getByRole("row", { name: /Safety inspection/ })).toContainText("failed inspection (refunded)");
  // The jobs board's "You get" for the job: nothing, it is refunded.
  await expect(
    shopPage.getByRole("row", { name: /Safety inspection/ }).getByRole("cell", { name: usd(0), exact: true }),
  ).toBeVisible();

  // The buyer's order page and receipt: cancelled, everything paid back.
  await page.goto(orderUrl);
  await expect(page.getByRole("status")).toHaveText("Status: Cancelled");
  const buyerReceipt = page.getByRole("region", { name: "Receipt" });
  await expect(
    buyerReceipt.getByRole("row", {
      name: `${shopName}: Safety inspection (failed inspection (refunded)) ${usd(inspectionCents)}`,
    }),
  ).toBeVisible();
  await expect(buyerReceipt.getByRole("row", { name: `Total paid by the buyer ${usd(totalCents)}` })).toBeVisible();
  await expect(buyerReceipt.getByRole("row", { name: `Refunded to the buyer ${minus(totalCents)}` })).toBeVisible();
  await expect(
    buyerReceipt.getByRole("row", { name: `The buyer paid in the end ${usd(totalCents - totalCents)}` }),
  ).toBeVisible();

  // The seller's receipt: the item was refunded, no fee is kept from the seller, no share, no payout.
  await sellerPage.goto(orderUrl);
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Cancelled");
  const sellerReceipt = sellerPage.getByRole("region", { name: "Receipt" });
  await expect(sellerReceipt.getByRole("row", { name: `Refunded to the buyer ${minus(totalCents)}` })).toBeVisible();
  await expect(
    sellerReceipt.getByRole("row", { name: `Refunded on your item and shipping ${minus(itemCents)}` }),
  ).toBeVisible();
  await expect(sellerReceipt.getByRole("row", { name: `Stoop fee ${minus(0)}` })).toBeVisible();
  await expect(sellerReceipt.getByRole("row", { name: `Your share ${usd(0)}` })).toBeVisible();
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toHaveCount(0);

  // Stripe's objects: the payment refunded in full in one refund, and no transfer to either account.
  const stripe = standInStripe();
  await expect
    .poll(() => moneyOnStripe(stripe, sessionId, [sellerAccount, shopAccount]), { timeout: 10_000 })
    .toEqual({
      chargedCents: totalCents,
      refundedCents: totalCents,
      refunds: [totalCents],
      transfers: {
        [sellerAccount]: { amounts: [], reversedCents: 0, fromCharge: true },
        [shopAccount]: { amounts: [], reversedCents: 0, fromCharge: true },
      },
    });

  // The buyer's emails: what they paid, and that all of it comes back.
  expect(await emailText(page, buyer.email, `Payment received for ${title}`)).toContain(`You paid ${usd(totalCents)}.`);
  expect(await emailText(page, buyer.email, `Order cancelled: ${title}`)).toContain(
    `the buyer gets a full refund of ${usd(totalCents)}.`,
  );
  await shopPage.context().close();
  await sellerPage.context().close();
});
