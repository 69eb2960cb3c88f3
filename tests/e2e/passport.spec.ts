import type { Page } from "@playwright/test";
import { newId } from "~/lib/ids.server";
import { createListing, createUser } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";
import { buyWithAnAddOn } from "./money";

test.setTimeout(90_000);

const noSidewaysScroll = async (page: Page) => {
  await page.setViewportSize({ width: 360, height: 740 });
  // Polled: the layout settles a frame after the viewport changes.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);
};

test("the buyer of an inspected bike sells it again, and the new listing shows its history on Stoop", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  const run = Date.now().toString(36);
  const shopName = `Bike Hub ${run}`;
  const title = `Steel touring bike ${run}`;
  const { shop, shopPage, sellerPage, orderUrl } = await buyWithAnAddOn({
    page,
    browser,
    db,
    buyer,
    signIn,
    shop: {
      ownerName: "Ivo Inspector",
      name: shopName,
      service: { title: "Safety inspection", priceCents: 2_000, kind: "inspection" },
    },
    item: { title, priceCents: 18_000 },
  });

  // The shop passes the inspection; the seller hands the bike over; the buyer confirms: completed.
  await shopPage.goto(`/retailers/${shop.slug}/jobs`);
  await shopPage.getByRole("button", { name: `Accept: Safety inspection for ${title}` }).click();
  await expect(shopPage.getByRole("row", { name: /Safety inspection/ })).toContainText("accepted");
  await shopPage.getByRole("button", { name: `Inspection passed: Safety inspection for ${title}` }).click();
  await expect(shopPage.getByRole("row", { name: /Safety inspection/ })).toContainText("done");
  await sellerPage.goto(orderUrl);
  await sellerPage.getByRole("button", { name: "Mark ready for pickup" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Ready for pickup");
  // The seller's side of the order has no "Sell this again".
  await expect(sellerPage.getByRole("button", { name: "Sell this again" })).toHaveCount(0);
  await page.goto(orderUrl);
  await page.getByRole("button", { name: "I received the item" }).click();
  await expect(page.getByRole("status")).toHaveText("Status: Completed");

  // Sell this again: a draft filled in from the bought listing, opened for editing.
  await page.getByRole("button", { name: "Sell this again" }).click();
  await expect(page).toHaveURL(/\/listings\/[^/]+\/edit$/);
  await expect(page.getByLabel("Title")).toHaveValue(title);
  const draftId = /\/listings\/([^/]+)\/edit$/.exec(page.url())![1]!;

  await page.goto(`/listings/${draftId}`);
  const history = page.getByRole("region", { name: "History on Stoop" });
  await expect(history).toContainText(new RegExp(`Inspected by ${shopName} \\(\\w{3} \\d{4}\\), 2 owners on Stoop`));
  await expect(history).toContainText("✓ Verified shop");
  await expectNoSeriousViolations(page);
  await noSidewaysScroll(page);

  // A second visit to the order opens the same draft instead of making another.
  await page.goto(orderUrl);
  await page.getByRole("link", { name: "Open your draft" }).click();
  await expect(page).toHaveURL(`/listings/${draftId}/edit`);
  await shopPage.context().close();
  await sellerPage.context().close();
});

test("a seller sees what similar items sold for after choosing category and condition", async ({
  page,
  browser,
  db,
  member: seller,
  signIn,
}) => {
  // Seven completed sales of like-new winter gear in Portland: $80 … $140 (band $95-$125, median $110).
  for (const dollars of [80, 90, 100, 110, 120, 130, 140]) {
    const listing = await createListing(db, {
      categoryId: "winter-sports",
      condition: "like_new",
      priceCents: dollars * 100,
      status: "sold",
    });
    const buyer = await createUser(db);
    await db
      .insertInto("orders")
      .values({
        id: newId(),
        listingId: listing.id,
        buyerId: buyer.id,
        sellerId: listing.sellerId,
        delivery: "pickup",
        itemCents: dollars * 100,
        shippingCents: 0,
        totalCents: dollars * 100,
        platformFeeCents: 100,
        status: "completed",
        paidAt: new Date(),
        completedAt: new Date(),
      })
      .execute();
  }
  const sentence = "Similar items sold near you for $95-$125 (median $110, 7 sales in 90 days).";

  await signIn(seller);
  await page.goto("/listings/new");
  await page.getByLabel("Pickup area").fill("97214");
  await page.getByLabel("Category").selectOption({ label: "Winter sports" });
  await expect(page.getByText("Choose a category and condition to see what similar items sold for.")).toBeVisible();
  await page.getByLabel("Condition").selectOption({ label: "Like new" });
  await expect(page.getByText(sentence)).toBeVisible();
  await noSidewaysScroll(page);

  // Without JavaScript: the "Show price guidance" button re-renders the form with the figures.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  await signIn(seller, plain);
  const plainPage = await plain.newPage();
  await plainPage.goto("/listings/new");
  await plainPage.getByLabel("Title").fill("Snowshoes, barely used");
  await plainPage.getByLabel("Category").selectOption({ label: "Winter sports" });
  await plainPage.getByLabel("Condition").selectOption({ label: "Like new" });
  await plainPage.getByLabel("Pickup area").fill("97214");
  await plainPage.getByRole("button", { name: "Show price guidance" }).click();
  await expect(plainPage.getByText(sentence)).toBeVisible();
  await expect(plainPage.getByLabel("Title")).toHaveValue("Snowshoes, barely used");
  await plain.close();

  // The script's resource route refuses bad input with a 400.
  const bad = await page.request.get("/listings/price-guidance?categoryId=winter-sports&condition=mint");
  expect(bad.status()).toBe(400);
});
