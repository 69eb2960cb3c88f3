import {
  createCompletedOrder,
  createRetailer,
  createReview,
  createServiceLine,
  createUser,
} from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("a shop's staff reply to a service review from the shop page; the reply shows under it for everyone", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const buyer = await createUser(db, { displayName: "Rhea Reviewer" });
  const shop = await createRetailer(db, { name: `Reply Bikes ${Date.now()}`, services: [{ title: "Brake bleed" }] });
  await db.insertInto("retailerStaff").values({ retailerId: shop.id, userId: member.id, role: "staff" }).execute();
  const { order } = await createCompletedOrder(db, { buyerId: buyer.id, title: "Mountain bike" });
  const line = await createServiceLine(db, { orderId: order.id, service: shop.services[0]!, status: "done" });
  await createReview(db, {
    orderId: order.id,
    subject: "service",
    reviewerId: buyer.id,
    revieweeId: shop.ownerId,
    rating: 2,
    body: "The brakes squeal now.",
    orderServiceId: line.id,
    retailerId: shop.id,
  });

  // A visitor sees the review but no way to reply.
  await page.goto(`/retailers/${shop.slug}`);
  const reviews = page.getByRole("region", { name: "Service reviews" });
  await expect(reviews).toContainText("The brakes squeal now.");
  await expect(reviews.getByRole("link", { name: "Reply to this review" })).toHaveCount(0);

  await signIn(member);
  await page.goto(`/retailers/${shop.slug}`);
  await reviews.getByRole("link", { name: "Reply to this review" }).click();
  await expect(page.getByRole("heading", { name: "Reply to a review" })).toBeVisible();
  await expectNoSeriousViolations(page);
  // Too short: a clear message, nothing saved.
  await page.getByLabel("Your reply").fill("x");
  await page.getByRole("button", { name: "Post the reply" }).click();
  await expect(page.getByText("Your reply needs at least 2 characters")).toBeVisible();
  const untouched = await db.selectFrom("reviews").select("replyBody").where("orderServiceId", "=", line.id).execute();
  expect(untouched).toEqual([{ replyBody: null }]);
  await page.getByLabel("Your reply").fill("Sorry about that: bring it by and we'll adjust them for free.");
  await page.getByRole("button", { name: "Post the reply" }).click();

  await expect(page.getByRole("heading", { level: 1, name: shop.name })).toBeVisible();
  await expect(reviews).toContainText(`Reply from ${shop.name}`);
  await expect(reviews).toContainText("we'll adjust them for free");
  await expect(reviews.getByRole("link", { name: "Reply to this review" })).toHaveCount(0);
});
