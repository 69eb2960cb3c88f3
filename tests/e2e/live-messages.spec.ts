import { buyerMessagesNewSeller, sendMessage } from "./conversation";
import { expect, test } from "./fixtures";

/**
 * Messages in real time (ADR 045): two browsers in one conversation. The other's message must
 * appear within a second, well inside the 3-second polling that stays only as the fallback.
 */
test("two members in one conversation see each other's messages, typing and Seen without reloading; the bell counts at once", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const {
    seller,
    thread: buyerThread,
    conversationPath,
  } = await buyerMessagesNewSeller(
    { page, db, member, signIn },
    { sellerName: "Selma Seller", listingTitle: "Walnut desk", message: "Is the desk still available?" },
  );

  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  const sellerStream = sellerPage.waitForResponse((response) => new URL(response.url()).pathname === "/events");
  await sellerPage.goto(conversationPath);
  expect((await sellerStream).status()).toBe(200);
  const sellerThread = sellerPage.getByRole("log", { name: "Messages" });
  await expect(sellerThread.getByText("Is the desk still available?")).toBeVisible();

  // The seller opened it: "Seen" under the buyer's message, on the buyer's open page.
  await expect(buyerThread.getByText("Seen", { exact: true })).toBeVisible();

  // The seller types: the buyer sees it; then the reply arrives within a second of sending.
  await sellerPage.getByLabel("Your message").fill("Yes, it is. Come by Sunday?");
  await expect(page.getByText("Selma Seller is typing…")).toBeVisible();
  await sellerPage.getByRole("button", { name: "Send" }).click();
  await expect(buyerThread.getByText("Yes, it is. Come by Sunday?")).toBeVisible({ timeout: 1_000 });
  await expect(page.getByText("Selma Seller is typing…")).toBeHidden();

  // And back: the buyer's reply reaches the seller's open page within a second.
  await sendMessage(page, "Sunday works, see you at 11.");
  await expect(sellerThread.getByText("Sunday works, see you at 11.")).toBeVisible({ timeout: 1_000 });

  // The buyer moves on to the front page: a new message raises the bell and the Messages count
  // there without a reload (that page never polls, so only the stream can do it).
  await page.goto("/");
  const account = page.getByRole("navigation", { name: "Account" });
  await expect(account.getByRole("link", { name: "Messages", exact: true })).toBeVisible();
  const bell = page.getByRole("link", { name: /^Notifications/ });
  const before = (await bell.getAttribute("aria-label")) ?? "";
  await sendMessage(sellerPage, "One more thing: it has a drawer.");
  await expect(account.getByRole("link", { name: "Messages, 1 unread" })).toBeVisible();
  await expect(bell).not.toHaveAttribute("aria-label", before);
  await expect(bell).toHaveAttribute("aria-label", /^Notifications, \d+ unread$/);
  await sellerContext.close();
});
