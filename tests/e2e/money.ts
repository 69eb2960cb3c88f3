import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { createStripeClient, type StripeClient } from "~/modules/payments/stripe.server";
import { e2eSettings } from "../support/e2e-env";
import { createListing, createRetailer, createUser } from "../support/factories";

/**
 * Helpers for the journeys that check the money (agree-*.spec.ts): the order page, the receipt and
 * Stripe's own objects must state the same figures, and the tests compute those figures themselves.
 */

/**
 * Stoop's fee rule (app/modules/orders/fees.ts) with the E2E server's default policy, restated here
 * so a wrong fee in the app can't make the expected figures wrong too: 5% of item + shipping
 * (rounded half up to a cent) plus 30 cents, and 5% of each add-on (the fixed part once per order).
 */
export const FEE_PERCENT = 5;
export const FEE_FIXED_CENTS = 30;
export const percentOf = (cents: number) => Math.floor((cents * FEE_PERCENT + 50) / 100);
export const sellerFee = (itemCents: number, shippingCents = 0) =>
  percentOf(itemCents + shippingCents) + FEE_FIXED_CENTS;

/** Cents as the pages write them ("$1,234.50"; "−$45.00" for money going out). */
export const usd = (cents: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
export const minus = (cents: number) => `−${usd(cents)}`;

/** A regular expression matching `text` literally. */
export const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The real Stripe SDK pointed at the stand-in the E2E server mounts under /v1 (loopback only). */
export function standInStripe(): StripeClient {
  return createStripeClient({
    secretKey: "sk_test_e2e_money",
    standIn: { host: "127.0.0.1", port: e2eSettings().port },
  });
}

/**
 * On a payouts page (a member's or a shop's): goes through the stand-in's hosted onboarding and
 * returns the connected account's id, which the onboarding page shows to the person onboarding.
 */
export async function setUpPayouts(page: Page, payoutsPath: string): Promise<string> {
  await page.goto(payoutsPath);
  await page.getByRole("button", { name: "Set up payouts" }).click();
  await expect(page.getByRole("heading", { name: "Set up payouts for Stoop" })).toBeVisible();
  const accountId = /acct_\w+/.exec((await page.getByText(/onboarding account acct_/).textContent()) ?? "")?.[0];
  expect(accountId, "the onboarding page names the Stripe account").toBeTruthy();
  await page.getByRole("button", { name: "Agree and submit" }).click();
  await expect(page.getByRole("status")).toHaveText(/Payouts are enabled/);
  return accountId!;
}

/**
 * On Stripe's hosted checkout page (the stand-in's): checks the amount, pays with the test card
 * that succeeds and returns the Checkout Session's id (from the page's address, as Stripe's is).
 */
export async function payOnHostedCheckout(page: Page, totalCents: number): Promise<string> {
  await expect(page.getByRole("heading", { name: `Pay ${usd(totalCents)}` })).toBeVisible();
  const sessionId = /\/checkout\/(cs_test_\w+)/.exec(page.url())?.[1];
  expect(sessionId, "the hosted checkout's address names its session").toBeTruthy();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: `Pay ${usd(totalCents)}` }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Paid");
  return sessionId!;
}

export interface MoneyOnStripe {
  chargedCents: number;
  refundedCents: number;
  /** Each refund of the payment, oldest first. */
  refunds: number[];
  /** Per connected account asked about: the amounts transferred to it (oldest first) and reversed. */
  transfers: Record<string, { amounts: number[]; reversedCents: number; fromCharge: boolean }>;
}

/** What Stripe (the stand-in) says happened to the money of one checkout, read with the real SDK. */
export async function moneyOnStripe(
  stripe: StripeClient,
  sessionId: string,
  accountIds: string[],
): Promise<MoneyOnStripe> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const intent = await stripe.paymentIntents.retrieve(session.payment_intent as string);
  const charge = await stripe.charges.retrieve(intent.latest_charge as string);
  const refunds = await stripe.refunds.list({ payment_intent: intent.id, limit: 100 });
  const transfers: MoneyOnStripe["transfers"] = {};
  for (const accountId of accountIds) {
    const list = await stripe.transfers.list({ destination: accountId, limit: 100 });
    transfers[accountId] = {
      amounts: list.data.map((transfer) => transfer.amount).reverse(),
      reversedCents: list.data.reduce((sum, transfer) => sum + transfer.amount_reversed, 0),
      fromCharge: list.data.every((transfer) => transfer.source_transaction === charge.id),
    };
  }
  return {
    chargedCents: charge.amount,
    refundedCents: charge.amount_refunded,
    refunds: refunds.data.map((refund) => refund.amount).reverse(),
    transfers,
  };
}

/**
 * Waits for an email to `to` with `subject` in the development mailbox (it goes out through the
 * job queue), opens it and returns its plain-text body.
 */
export async function emailText(page: Page, to: string, subject: string): Promise<string> {
  const row = page.getByRole("row", { name: new RegExp(`${literally(to).source}.*${literally(subject).source}`) });
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(row.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await row.first().getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: subject, level: 1 })).toBeVisible();
  return (await page.getByRole("region", { name: "Plain text" }).textContent()) ?? "";
}

type Member = Awaited<ReturnType<typeof createUser>>;

export interface PurchaseWithAddOn {
  /** The journey's fixtures: the buyer's page and the means to make and sign in the others. */
  page: Page;
  browser: Browser;
  db: Kysely<Database>;
  buyer: Member;
  signIn: (member: Member, context?: BrowserContext) => Promise<void>;
  shop: { ownerName: string; name: string; service: { title: string; priceCents: number; kind?: "inspection" } };
  item: { title: string; priceCents: number };
}

/**
 * The first half of every money journey: a verified shop with one service for bikes and a seller,
 * both with payouts set up through the stand-in's onboarding, a pickup listing for a bike, and the
 * buyer paying for it with the add-on ticked in one hosted checkout. Returns the shop's and the
 * seller's signed-in pages, their Stripe accounts, the Checkout Session and the buyer's order URL.
 */
export async function buyWithAnAddOn(journey: PurchaseWithAddOn) {
  const { page, browser, db, buyer, signIn, shop: wanted, item } = journey;
  const owner = await createUser(db, { displayName: wanted.ownerName });
  const shop = await createRetailer(db, {
    ownerId: owner.id,
    name: wanted.name,
    services: [{ ...wanted.service, categoryIds: ["bikes"] }],
  });
  const ownerContext = await browser.newContext();
  await signIn(owner, ownerContext);
  const shopPage = await ownerContext.newPage();
  const shopAccount = await setUpPayouts(shopPage, `/retailers/${shop.slug}/payouts`);

  const seller = await createUser(db, { displayName: "Sam Seller" });
  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  const sellerAccount = await setUpPayouts(sellerPage, "/settings/payouts");
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: item.title,
    categoryId: "bikes",
    priceCents: item.priceCents,
    pickup: true,
    shipping: false,
  });

  await signIn(buyer);
  await page.goto(`/listings/${listing.id}/buy`);
  await page.getByLabel(`${wanted.service.title} by ${wanted.name}: ${usd(wanted.service.priceCents)}`).check();
  await page.getByRole("button", { name: "Pay" }).click();
  const sessionId = await payOnHostedCheckout(page, item.priceCents + wanted.service.priceCents);
  return { shop, shopPage, shopAccount, seller, sellerPage, sellerAccount, listing, sessionId, orderUrl: page.url() };
}
