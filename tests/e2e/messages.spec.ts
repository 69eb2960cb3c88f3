import { createUser } from "../support/factories";
import { buyerMessagesNewSeller, sendMessage } from "./conversation";
import { expect, test } from "./fixtures";

test("a buyer messages the seller; the seller sees the unread count and replies; the reply appears without a reload", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  // The buyer (member) opens the listing and starts the conversation.
  const { seller, thread } = await buyerMessagesNewSeller(
    { page, db, member, signIn },
    {
      sellerName: "Selma Seller",
      listingTitle: "Oak bookshelf",
      message: "Hi! Is the shelf still available? Could I pick it up Saturday?",
    },
  );
  await expect(page.getByLabel("Your message")).toHaveValue("");

  // The seller sees the unread count next to the bell and opens the inbox.
  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto("/");
  const account = sellerPage.getByRole("navigation", { name: "Account" });
  await account.getByRole("link", { name: "Messages, 1 unread" }).click();
  const conversations = sellerPage.getByRole("list", { name: "Conversations" });
  await expect(conversations.getByText("1 unread")).toBeVisible();
  await conversations.getByRole("link", { name: /Oak bookshelf · with Pat Playwright/ }).click();
  await expect(
    sellerPage.getByRole("log", { name: "Messages" }).getByText("Could I pick it up Saturday?"),
  ).toBeVisible();
  await expect(account.getByRole("link", { name: "Messages", exact: true })).toBeVisible();

  // The seller replies; the buyer's open page shows it without reloading.
  await sendMessage(sellerPage, "Yes, Saturday at 10 works.");
  await expect(sellerPage.getByRole("log", { name: "Messages" }).getByText("Yes, Saturday at 10 works.")).toBeVisible();
  await expect(thread.getByText("Yes, Saturday at 10 works.")).toBeVisible();
  await sellerContext.close();

  // Someone else cannot open the conversation.
  const strangerContext = await browser.newContext();
  await signIn(await createUser(db), strangerContext);
  const response = await strangerContext.request.get(page.url());
  expect(response.status()).toBe(404);
  await strangerContext.close();
});
