import { buyerMessagesNewSeller, sendMessage } from "./conversation";
import { expect, test } from "./fixtures";
import { startSecondProcess } from "./second-process";

// Two app processes on one PostgreSQL: a message sent through the first reaches a tab whose live
// stream is held by the second (ADR 045: LISTEN/NOTIFY between processes).
const secondPort = Number(process.env.E2E_SECOND_PORT ?? Number(process.env.E2E_PORT ?? 3310) + 2);
let second: Awaited<ReturnType<typeof startSecondProcess>> | null = null;

test.skip(!process.env.TEST_DATABASE_URL, "two processes share a PostgreSQL database");
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  second = await startSecondProcess(secondPort);
});
test.afterAll(() => second?.stop());

test("a message sent through one app process appears in a conversation open on the other within a second", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  // The buyer starts the conversation on the first process.
  const { seller, conversationPath } = await buyerMessagesNewSeller(
    { page, db, member, signIn },
    { sellerName: "Otto Other", listingTitle: "Copper kettle", message: "Does the kettle whistle?" },
  );

  // The seller reads it on the second process, whose stream is the one that must hear the reply.
  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  const stream = sellerPage.waitForResponse((response) => response.url().startsWith(`${second!.url}/events`));
  await sellerPage.goto(`${second!.url}${conversationPath}`);
  expect((await stream).status()).toBe(200);
  const sellerThread = sellerPage.getByRole("log", { name: "Messages" });
  await expect(sellerThread.getByText("Does the kettle whistle?")).toBeVisible();

  await sendMessage(page, "Asking for my grandmother.");
  await expect(sellerThread.getByText("Asking for my grandmother.")).toBeVisible({ timeout: 1_000 });
  await sellerContext.close();
});
