import { buyerMessagesNewSeller, sendMessage } from "./conversation";
import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("messaging works with JavaScript turned off: plain forms, post-redirect-get", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const { seller } = await buyerMessagesNewSeller(
    { page, db, member, signIn },
    { sellerName: "Nora Nojs", listingTitle: "Cast iron pan", message: "Does the pan have any rust?" },
  );

  const sellerContext = await browser.newContext({ javaScriptEnabled: false });
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto("/messages");
  await expect(sellerPage.getByRole("link", { name: "Messages, 1 unread" })).toBeVisible();
  await sellerPage.getByRole("link", { name: /Cast iron pan/ }).click();
  await sendMessage(sellerPage, "None at all, freshly seasoned.");
  await expect(
    sellerPage.getByRole("log", { name: "Messages" }).getByText("None at all, freshly seasoned."),
  ).toBeVisible();
  await sellerContext.close();

  await page.reload();
  await expect(page.getByRole("log", { name: "Messages" }).getByText("None at all, freshly seasoned.")).toBeVisible();
});
