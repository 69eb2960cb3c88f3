import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/**
 * Steps the pickup journeys share (pickup-*.spec.ts, meetup-spots.spec.ts): a seller with payouts
 * set up, a buyer paying for a pickup-only listing, and the handover code as the buyer's page shows it.
 */

/** The seller, signed in in a context of their own, with payouts set up through the stand-in's onboarding. */
export async function sellerWithPayouts<Member>(
  browser: Browser,
  signIn: (member: Member, context?: BrowserContext) => Promise<void>,
  seller: Member,
) {
  const context = await browser.newContext();
  await signIn(seller, context);
  const page = await context.newPage();
  await page.goto("/settings/payouts");
  await page.getByRole("button", { name: "Set up payouts" }).click();
  await page.getByRole("button", { name: "Agree and submit" }).click();
  await expect(page.getByRole("status")).toHaveText(/Payouts are enabled/);
  return { context, page };
}

/** The buyer buys a pickup-only listing with the test card and lands on the paid order's page. */
export async function buyForPickup(page: Page, listingId: string, total: string) {
  await page.goto(`/listings/${listingId}`);
  await page.getByRole("link", { name: "Buy" }).click();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("heading", { name: `Pay ${total}` })).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: `Pay ${total}` }).click();
  await expect(page).toHaveURL(/\/orders\/[\w-]+$/);
  await expect(page.getByRole("status").first()).toHaveText("Status: Paid");
}

/** The 6 digits on the buyer's order page. */
export async function handoverCodeOn(page: Page): Promise<string> {
  const text = await page.getByText(/Handover code: \d{6}/).textContent();
  return text!.match(/\d{6}/)![0];
}
