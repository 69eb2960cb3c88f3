import { createCompletedOrder, createOrderServiceLine, createRetailer, createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test("a buyer messages a shop about its add-on from the order page; the shop's staff reply from the jobs page", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey: on a loaded two-core CI machine it outgrows 30 s
  const owner = await createUser(db, { displayName: "Rita Retailer" });
  const shop = await createRetailer(db, {
    ownerId: owner.id,
    name: "Spoke Street Cycles",
    services: [{ title: "Brake tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
  });
  const seller = await createUser(db, { displayName: "Sam Seller" });
  const { order } = await createCompletedOrder(db, { buyerId: buyer.id, sellerId: seller.id, title: "Used city bike" });
  // Paid and waiting for the shop.
  await db
    .updateTable("orders")
    .set({ status: "paid", receivedAt: null, completedAt: null })
    .where("id", "=", order.id)
    .execute();
  await createOrderServiceLine(db, order.id, shop.services[0]!);

  // The buyer opens the order and messages the shop.
  await signIn(buyer);
  await page.goto(`/orders/${order.id}`);
  await page.getByRole("button", { name: "Message Spoke Street Cycles" }).click();
  await expect(page.getByRole("heading", { name: "Spoke Street Cycles about Used city bike" })).toBeVisible();
  await page.getByLabel("Your message").fill("Can you also check the brakes?");
  await page.getByRole("button", { name: "Send" }).click();
  const thread = page.getByRole("log", { name: "Messages" });
  await expect(thread.getByText("Can you also check the brakes?")).toBeVisible();

  // The shop's owner sees the unread count and answers through the jobs page's link.
  const shopContext = await browser.newContext();
  await signIn(owner, shopContext);
  const shopPage = await shopContext.newPage();
  await shopPage.goto(`/retailers/${shop.slug}/jobs`);
  const account = shopPage.getByRole("navigation", { name: "Account" });
  await expect(account.getByRole("link", { name: "Messages, 1 unread" })).toBeVisible();
  await shopPage.getByRole("button", { name: "Message the buyer: Brake tune-up for Used city bike" }).click();
  await expect(shopPage.getByRole("heading", { name: "Spoke Street Cycles about Used city bike" })).toBeVisible();
  await expect(
    shopPage.getByRole("log", { name: "Messages" }).getByText("Can you also check the brakes?"),
  ).toBeVisible();
  await expect(account.getByRole("link", { name: "Messages", exact: true })).toBeVisible();
  await shopPage.getByLabel("Your message").fill("Yes, brakes are part of the tune-up.");
  await shopPage.getByRole("button", { name: "Send" }).click();
  await expect(
    shopPage.getByRole("log", { name: "Messages" }).getByText("brakes are part of the tune-up"),
  ).toBeVisible();
  // The buyer's open page shows the reply without a reload.
  await expect(thread.getByText("Yes, brakes are part of the tune-up.")).toBeVisible();

  // The shop edits the add-on's price; a bad price is refused next to the field and keeps the rest.
  await shopPage.goto(`/retailers/${shop.slug}/services`);
  await shopPage.getByRole("link", { name: "Edit Brake tune-up" }).click();
  // The services page has an "Add a service" form with the same labels: wait for the edit page.
  await expect(shopPage.getByRole("heading", { name: "Edit Brake tune-up", level: 1 })).toBeVisible();
  await shopPage.getByLabel("Title").fill("Full bike tune-up");
  await shopPage.getByLabel("Price in dollars").fill("forty");
  await shopPage.getByRole("button", { name: "Save the service" }).click();
  await expect(shopPage.getByText("Enter a price like 45 or 45.50")).toBeVisible();
  await expect(shopPage.getByLabel("Title")).toHaveValue("Full bike tune-up");
  await shopPage.getByLabel("Price in dollars").fill("50");
  await shopPage.getByRole("button", { name: "Save the service" }).click();
  await expect(shopPage.getByRole("row", { name: /Full bike tune-up \$50\.00 At the shop Active/ })).toBeVisible();
  const editUrl = `/retailers/${shop.slug}/services/${shop.services[0]!.id}/edit`;
  await shopContext.close();

  // The item's seller is not part of the shop's conversation, nor of the shop's back office.
  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  expect((await sellerContext.request.get(page.url())).status()).toBe(404);
  expect((await sellerContext.request.get(editUrl)).status()).toBe(404);
  await sellerContext.close();
});
