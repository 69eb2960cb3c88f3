import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { literally, moneyOnStripe, payOnHostedCheckout, percentOf, standInStripe, usd } from "./money";

/**
 * Steps the community journeys share (community-journey.spec.ts, follow-feed.spec.ts,
 * wanted.spec.ts, quote-purchase.spec.ts): following a shop, a shop adding a service, posting and
 * answering a Wanted request, and a bought quote done, confirmed and paid. Each step goes through
 * the UI as a person would; the specs keep their own extra checks (no-JS, axe, 360 px) between them.
 */

type SignIn<Member> = (member: Member, context?: BrowserContext) => Promise<void>;

/** Another person's browser: a context of their own with them signed in, and a page in it. */
export async function signedInPage<Member>(browser: Browser, signIn: SignIn<Member>, member: Member) {
  const context = await browser.newContext();
  await signIn(member, context);
  return { context, page: await context.newPage() };
}

/** No horizontal overflow (polled: the layout settles a frame after a resize or a navigation). */
export async function expectNoSidewaysScroll(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), {
      message: `${page.url()} scrolls sideways`,
    })
    .toBeLessThanOrEqual(0);
}

/** On the shop's public page: the member follows it and the button turns into "Following". */
export async function followShop(page: Page, shop: { slug: string; name: string }) {
  await page.goto(`/retailers/${shop.slug}`);
  await page.getByRole("button", { name: `Follow ${shop.name}` }).click();
  await expect(page.getByRole("button", { name: `Following ${shop.name}: unfollow` })).toBeVisible();
}

export interface NewService {
  title: string;
  description: string;
  /** As typed into "Price in dollars": "30". */
  dollars: string;
  /** The label of the category checkbox: "Furniture (all)", "Bikes". */
  category: string;
}

/** The shop's staff add a service through the services page of its back office; its row shows. */
export async function addService(staffPage: Page, shopSlug: string, service: NewService) {
  await staffPage.goto(`/retailers/${shopSlug}/services`);
  await staffPage.getByLabel("Title").fill(service.title);
  await staffPage.getByLabel("Description").fill(service.description);
  await staffPage.getByLabel("Price in dollars").fill(service.dollars);
  await staffPage.getByLabel(service.category, { exact: true }).check();
  await staffPage.getByRole("button", { name: "Add the service" }).click();
  const price = usd(Math.round(Number(service.dollars) * 100));
  await expect(staffPage.getByRole("row", { name: literally(`${service.title} ${price}`) })).toBeVisible();
}

export interface NewRequest {
  title: string;
  category: string;
  budgetDollars: string;
  where: string;
}

/**
 * On the Wanted form (the caller opens it, by link or by address): fills it, posts it and returns
 * the new request's path once its page shows.
 */
export async function postWantedRequest(page: Page, request: NewRequest): Promise<string> {
  await page.getByLabel("What are you looking for?").fill(request.title);
  await page.getByLabel("Category").selectOption({ label: request.category });
  await page.getByLabel("Budget in dollars (optional)").fill(request.budgetDollars);
  await page.getByLabel("Where (postal code or town)").fill(request.where);
  await page.getByRole("button", { name: "Post request" }).click();
  await expect(page.getByRole("heading", { name: `Wanted: ${request.title}` })).toBeVisible();
  const requestPath = new URL(page.url()).pathname;
  expect(requestPath).toMatch(/^\/wanted\/[A-Za-z0-9_-]+$/);
  return requestPath;
}

/** A neighbour answers with one of their listings ("Kids bike 16 inch ($25.00)"): its card shows. */
export async function answerWithListing(
  page: Page,
  requestPath: string,
  answer: { listingOption: string; listingTitle: string; note: string },
) {
  await page.goto(requestPath);
  const form = page.getByRole("form", { name: "Answer with a listing" });
  await form.getByLabel("One of your listings").selectOption({ label: answer.listingOption });
  await form.getByLabel("A note (optional)").fill(answer.note);
  await form.getByRole("button", { name: "Post answer" }).click();
  await expect(page.getByRole("link", { name: answer.listingTitle })).toBeVisible();
}

/** A shop's staff answer with a quote: one of the shop's services at a price for this request. */
export async function answerWithQuote(
  page: Page,
  requestPath: string,
  quote: { serviceOption: string; serviceTitle: string; dollars: string; note: string },
) {
  await page.goto(requestPath);
  const form = page.getByRole("form", { name: "Offer a quote as your shop" });
  await form.getByLabel("Service").selectOption({ label: quote.serviceOption });
  await form.getByLabel("Your price for this request, in dollars").fill(quote.dollars);
  await form.getByLabel("What you would do (optional)").fill(quote.note);
  await form.getByRole("button", { name: "Post answer" }).click();
  const price = usd(Math.round(Number(quote.dollars) * 100));
  await expect(page.getByText(`Quote: ${quote.serviceTitle} for ${price}`)).toBeVisible();
}

/** Another shop's staff recommend a shop (by its name in the list) to the requester. */
export async function recommendShop(page: Page, requestPath: string, recommendation: { shop: string; why: string }) {
  await page.goto(requestPath);
  const form = page.getByRole("form", { name: "Recommend another shop" });
  await form.getByLabel("Shop", { exact: true }).selectOption({ label: recommendation.shop });
  await form.getByLabel("Why them (optional)").fill(recommendation.why);
  await form.getByRole("button", { name: "Post answer" }).click();
  await expect(page.getByText(`Recommends ${recommendation.shop}`)).toBeVisible();
}

/** What a bought quote splits into: Stoop keeps 5% of it (as of an add-on), the shop gets the rest. */
export function quoteShares(quoteCents: number) {
  const feeCents = percentOf(quoteCents);
  return { feeCents, shopShareCents: quoteCents - feeCents };
}

/**
 * On the quote's buy page: the member pays on the stand-in's hosted checkout and lands on the
 * service-only order, waiting for the shop. Returns the Checkout Session's id and the order's URL.
 */
export async function payForQuote(page: Page, bought: { quoteCents: number; requestTitle: string }) {
  await page.getByRole("button", { name: `Pay ${usd(bought.quoteCents)}` }).click();
  const sessionId = await payOnHostedCheckout(page, bought.quoteCents);
  await expect(page.getByRole("heading", { name: `Purchase: ${bought.requestTitle}` })).toBeVisible();
  await expect(page.getByRole("region", { name: "The service" })).toContainText("Job: waiting for the shop");
  return { sessionId, orderUrl: page.url() };
}

/** The shop's jobs board, opened, and the row of the job for `serviceTitle`. */
export async function jobRow(shopPage: Page, shopSlug: string, serviceTitle: string) {
  await shopPage.goto(`/retailers/${shopSlug}/jobs`);
  return shopPage.getByRole("row", { name: new RegExp(serviceTitle) });
}

/** On the jobs board: the shop's staff accept the job, then mark it done. */
export async function acceptAndMarkDone(shopPage: Page, serviceTitle: string, requestTitle: string) {
  const job = `${serviceTitle} for ${requestTitle}`;
  await shopPage.getByRole("button", { name: `Accept: ${job}` }).click();
  const markDone = shopPage.getByRole("button", { name: `Mark done: ${job}` });
  await markDone.click();
  await expect(markDone).toHaveCount(0);
}

/**
 * On the bought quote's order page: the member confirms the job is done, the order completes and
 * the receipt states the quote as the only line (no item) and as the total.
 */
export async function confirmQuoteDone(
  page: Page,
  bought: { shopName: string; serviceTitle: string; quoteCents: number },
) {
  await page.getByRole("button", { name: "Confirm it's done" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Completed");
  const receipt = page.getByRole("region", { name: "Receipt" });
  await expect(receipt.getByRole("row", { name: /^Item/ })).toHaveCount(0);
  await expect(
    receipt.getByRole("row", { name: `${bought.shopName}: ${bought.serviceTitle} (done) ${usd(bought.quoteCents)}` }),
  ).toBeVisible();
  await expect(receipt.getByRole("row", { name: `Total paid by the buyer ${usd(bought.quoteCents)}` })).toBeVisible();
  await expect(receipt).toContainText("Done at the shop");
}

/** Stripe's objects (read from the stand-in): one payment of the quote, no refund, one transfer of the shop's share. */
export async function expectShopPaidOnStripe(sessionId: string, shopAccount: string, quoteCents: number) {
  await expect
    .poll(() => moneyOnStripe(standInStripe(), sessionId, [shopAccount]), { timeout: 10_000 })
    .toEqual({
      chargedCents: quoteCents,
      refundedCents: 0,
      refunds: [],
      transfers: {
        [shopAccount]: { amounts: [quoteShares(quoteCents).shopShareCents], reversedCents: 0, fromCharge: true },
      },
    });
}
