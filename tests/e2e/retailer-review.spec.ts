import { createCompletedOrder, createRetailer, createServiceLine, createUser } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("on a completed order with a done service, the buyer reviews the seller and the shop; the shop's rating shows on its page", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const seller = await createUser(db, { displayName: "Rita Reviewed" });
  const shop = await createRetailer(db, { name: "Bike Hub", services: [{ title: "Tune-up" }] });
  const { order } = await createCompletedOrder(db, { buyerId: member.id, sellerId: seller.id, title: "Road bike" });
  await createServiceLine(db, { orderId: order.id, service: shop.services[0]! });

  await signIn(member);
  await page.goto(`/retailers/${shop.slug}`);
  await expect(page.getByRole("region", { name: "Service reviews" }).getByText("No reviews yet")).toBeVisible();

  // The seller first.
  await page.goto(`/orders/${order.id}`);
  const reviews = page.getByRole("region", { name: "Reviews" });
  await reviews.getByRole("link", { name: "Leave a review" }).click();
  await page.getByLabel("5 stars").check();
  await page.getByLabel("Your review").fill("Bike as described.");
  await page.getByRole("button", { name: "Post review" }).click();
  await expect(reviews.getByRole("group", { name: "Your review" })).toContainText("Bike as described.");

  // Then the shop's service.
  await reviews.getByRole("link", { name: "Review Tune-up by Bike Hub" }).click();
  await expect(page.getByRole("heading", { name: "Review Tune-up by Bike Hub" })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByLabel("4 stars").check();
  await page.getByLabel("Your review").fill("Brakes and gears spot on.");
  await page.getByRole("button", { name: "Post review" }).click();
  const line = reviews.getByRole("group", { name: "Tune-up by Bike Hub" });
  await expect(line).toContainText("Brakes and gears spot on.");
  await expect(reviews.getByRole("link", { name: "Review Tune-up by Bike Hub" })).toHaveCount(0);

  // Revealed at once on the shop's page.
  await line.getByRole("link", { name: "Bike Hub" }).click();
  const shopReviews = page.getByRole("region", { name: "Service reviews" });
  await expect(shopReviews).toContainText("Rated 4.0 out of 5 · 1 review");
  await expect(shopReviews.getByRole("listitem")).toContainText("Brakes and gears spot on.");
  await expectNoSeriousViolations(page);
});
