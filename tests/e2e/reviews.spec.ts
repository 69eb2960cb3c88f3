import { createCompletedOrder, createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test("on a completed order, buyer and seller review each other; the reviews appear only after both have", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const seller = await createUser(db, { displayName: "Rita Reviewed" });
  const { order } = await createCompletedOrder(db, { buyerId: member.id, sellerId: seller.id, title: "Camping stove" });
  const otherListing = await createListing(db, { sellerId: seller.id, title: "Tent for two" });

  // The buyer leaves a review.
  await signIn(member);
  await page.goto(`/orders/${order.id}`);
  const reviews = page.getByRole("region", { name: "Reviews" });
  await reviews.getByRole("link", { name: "Leave a review" }).click();
  await expect(page.getByRole("heading", { name: "Review Rita Reviewed as seller" })).toBeVisible();
  await page.getByRole("group", { name: "Rating" }).getByLabel("4 stars").check();
  await page.getByLabel("Your review").fill("Stove works great, quick and friendly pickup.");
  await page.getByRole("button", { name: "Post review" }).click();
  await expect(reviews.getByRole("group", { name: "Your review" })).toContainText("Stove works great");
  await expect(reviews.getByRole("link", { name: "Leave a review" })).toHaveCount(0);

  // Not visible yet: neither on the seller's profile nor to the seller.
  await page.goto(`/members/${seller.id}`);
  await expect(page.getByRole("region", { name: "Reviews" }).getByText("No reviews yet.")).toBeVisible();
  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto(`/orders/${order.id}`);
  const sellerReviews = sellerPage.getByRole("region", { name: "Reviews" });
  await expect(sellerReviews.getByText("Pat Playwright has reviewed you.")).toBeVisible();
  await expect(sellerReviews.getByText("Stove works great")).toHaveCount(0);

  // The seller reviews back; now both see each other's review.
  await sellerReviews.getByRole("link", { name: "Leave a review" }).click();
  await expect(sellerPage.getByRole("heading", { name: "Review Pat Playwright as buyer" })).toBeVisible();
  await sellerPage.getByLabel("5 stars").check();
  await sellerPage.getByLabel("Your review").fill("On time and polite.");
  await sellerPage.getByRole("button", { name: "Post review" }).click();
  await expect(sellerReviews.getByRole("group", { name: "Pat Playwright's review of you" })).toContainText(
    "Stove works great",
  );
  await sellerContext.close();

  await page.goto(`/orders/${order.id}`);
  await expect(reviews.getByRole("group", { name: "Rita Reviewed's review of you" })).toContainText(
    "On time and polite.",
  );

  // The seller's profile and the seller card on their listings show the rating.
  await page.goto(`/members/${seller.id}`);
  await expect(page.getByRole("article", { name: "Review by Pat Playwright" })).toContainText("Stove works great");
  await expect(page.getByLabel("Reputation")).toContainText("4.0 out of 5 · 1 review");
  await page.goto(`/listings/${otherListing.id}`);
  await expect(page.getByRole("region", { name: "Seller" })).toContainText("Rated 4.0 out of 5 · 1 review");
});
