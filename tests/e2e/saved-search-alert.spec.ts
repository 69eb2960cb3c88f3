import sharp from "sharp";
import { createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test("a member saves a search; when a neighbour lists a match, the bell and the mailbox tell them", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const word = `theremin${Date.now().toString(36)}`;
  await signIn(member);
  await page.goto(`/search?q=${word}`);
  await expect(page.getByText("No listings match.")).toBeVisible();
  await page.getByRole("button", { name: "Alert me about new matches" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  // A neighbour lists a matching item through the sell form.
  const seller = await createUser(db, { displayName: "Sam Seller" });
  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto("/listings/new");
  await sellerPage.getByLabel("Title").fill(`Vintage ${word} kit`);
  await sellerPage.getByLabel("Description").fill("Spooky sounds, works.");
  await sellerPage.getByLabel("Category").selectOption({ label: "Keyboards & pianos" });
  await sellerPage.getByLabel("Condition").selectOption({ label: "Good" });
  await sellerPage.getByLabel("Price (USD)", { exact: true }).fill("120");
  await sellerPage.getByLabel("Pickup area").fill("97214");
  await sellerPage.getByLabel("Photos").setInputFiles([
    {
      name: "kit.jpg",
      mimeType: "image/jpeg",
      buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: "#335577" } })
        .jpeg()
        .toBuffer(),
    },
  ]);
  await sellerPage.getByRole("button", { name: "Publish listing" }).click();
  await expect(sellerPage.getByRole("heading", { name: `Vintage ${word} kit`, level: 1 })).toBeVisible();
  await sellerContext.close();

  // The alert is sent by a background job; the bell counts it once the job has run.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("link", { name: "Notifications, 1 unread" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`New match for .*Vintage ${word} kit`) })).toBeVisible();
  await page.getByRole("link", { name: "Open" }).click();
  await expect(page.getByRole("heading", { name: `Vintage ${word} kit`, level: 1 })).toBeVisible();

  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(
      page.getByRole("row", { name: new RegExp(member.email) }).getByRole("link", { name: new RegExp(word) }),
    ).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
});
