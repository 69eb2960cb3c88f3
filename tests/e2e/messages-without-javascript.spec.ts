import { createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("messaging works with JavaScript turned off: plain forms, post-redirect-get", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const seller = await createUser(db, { displayName: "Nora Nojs" });
  const listing = await createListing(db, { sellerId: seller.id, title: "Cast iron pan" });

  await signIn(member);
  await page.goto(`/listings/${listing.id}`);
  await page.getByRole("button", { name: "Message the seller" }).click();
  await page.getByLabel("Your message").fill("Does the pan have any rust?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("log", { name: "Messages" }).getByText("Does the pan have any rust?")).toBeVisible();

  const sellerContext = await browser.newContext({ javaScriptEnabled: false });
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto("/messages");
  await expect(sellerPage.getByRole("link", { name: "Messages, 1 unread" })).toBeVisible();
  await sellerPage.getByRole("link", { name: /Cast iron pan/ }).click();
  await sellerPage.getByLabel("Your message").fill("None at all, freshly seasoned.");
  await sellerPage.getByRole("button", { name: "Send" }).click();
  await expect(
    sellerPage.getByRole("log", { name: "Messages" }).getByText("None at all, freshly seasoned."),
  ).toBeVisible();
  await sellerContext.close();

  await page.reload();
  await expect(page.getByRole("log", { name: "Messages" }).getByText("None at all, freshly seasoned.")).toBeVisible();
});
