import type { Page } from "@playwright/test";
import { expect, expectNoSeriousViolations, test } from "./fixtures";
import {
  acceptAndMarkDone,
  confirmQuoteDone,
  expectShopPaidOnStripe,
  jobRow,
  payForQuote,
  quoteShares,
  signedInPage,
} from "./community";
import { emailText, setUpPayouts, usd } from "./money";
import { createRetailer, createUser } from "../support/factories";
import { createQuote, createWantedRequest } from "../support/wanted-factories";

test.setTimeout(90_000);

/** No horizontal overflow at 360 px (polled: the layout settles a frame after the resize). */
async function fitsAt360(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a member buys a shop's quote, the shop does the job, the member confirms and the shop is paid", async ({
  page,
  browser,
  db,
  member: requester,
  signIn,
}) => {
  const run = Date.now().toString(36);
  const quoteCents = 3_500;
  // The quote is sold like an add-on: Stoop keeps 5% of it, the shop gets the rest.
  const { feeCents, shopShareCents } = quoteShares(quoteCents);
  expect([feeCents, shopShareCents]).toEqual([175, 3_325]);
  const title = `My road bike's gears slip ${run}`;
  const shopName = `Gear Doctors ${run}`;

  // A request and a shop's quote on it, made as rows (the Wanted pages are another part of #16).
  const owner = await createUser(db, { displayName: "Gina Gears" });
  const shop = await createRetailer(db, { ownerId: owner.id, name: shopName });
  const request = await createWantedRequest(db, { requesterId: requester.id, title });
  const { answer } = await createQuote(db, request.id, { quoteCents, serviceTitle: "Gear adjustment", shop });

  const { context: ownerContext, page: shopPage } = await signedInPage(browser, signIn, owner);
  const shopAccount = await setUpPayouts(shopPage, `/retailers/${shop.slug}/payouts`);

  // The requester opens the quote's link: what, from which shop, for which request, the price.
  await signIn(requester);
  await page.goto(`/quotes/${answer.id}/buy`);
  await expect(page.getByRole("heading", { name: "Buy Gear adjustment", level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(shopName);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByRole("row", { name: `Total ${usd(quoteCents)}` })).toBeVisible();
  await expect(page.getByText("Stoop's fee is paid by the shop out of this amount.")).toBeVisible();
  await fitsAt360(page);
  await expectNoSeriousViolations(page, "the quote's buy page");
  const { sessionId, orderUrl } = await payForQuote(page, { quoteCents, requestTitle: title });

  // The shop's staff see the job on their board and do it.
  const row = await jobRow(shopPage, shop.slug, "Gear adjustment");
  await expect(row).toContainText(title);
  await expect(row).toContainText("your quote, done at the shop");
  await expect(row.getByRole("cell", { name: usd(shopShareCents), exact: true })).toBeVisible();
  await acceptAndMarkDone(shopPage, "Gear adjustment", title);
  await expect(row).toContainText("done");

  // The member confirms it's done: the order completes and the shop is paid.
  await page.goto(orderUrl);
  await fitsAt360(page);
  await confirmQuoteDone(page, { shopName, serviceTitle: "Gear adjustment", quoteCents });
  await expect(page.getByRole("button", { name: /Message the seller/ })).toHaveCount(0);

  // The purchases list shows it.
  await page.goto("/orders/purchases");
  await expect(page.getByRole("link", { name: title })).toBeVisible();

  // Stripe's objects: one payment of the quote, no refund, one transfer of the shop's share.
  await expectShopPaidOnStripe(sessionId, shopAccount, quoteCents);

  // The jobs board says the same: the share, paid.
  await shopPage.reload();
  await expect(row.getByRole("cell", { name: usd(shopShareCents), exact: true })).toBeVisible();
  await expect(row).toContainText("Paid");

  // The shop's staff see the same on the order's page: the quote, the fee, their share.
  await shopPage
    .getByRole("link", { name: /^Order / })
    .first()
    .click();
  await expect(shopPage.getByRole("heading", { name: `Job: ${title}` })).toBeVisible();
  const shopReceipt = shopPage.getByRole("region", { name: "Receipt" });
  await expect(shopReceipt.getByRole("row", { name: `Stoop fee −${usd(feeCents)}` })).toBeVisible();
  await expect(shopReceipt.getByRole("row", { name: `Your share ${usd(shopShareCents)}` })).toBeVisible();
  await fitsAt360(shopPage);

  // The member's email says what they paid.
  expect(await emailText(page, requester.email, "Payment received for Gear adjustment")).toContain(
    `You paid ${usd(quoteCents)}.`,
  );
  await ownerContext.close();
});
