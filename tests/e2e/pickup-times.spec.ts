import { createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";
import { sellerWithPayouts, buyForPickup } from "./pickup";

test("the seller proposes pickup times, the buyer picks one, both see it and download the calendar file", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(90_000); // a multi-page journey on a loaded two-core machine
  const seller = await createUser(db, { displayName: "Tia Times" });
  const { context: sellerContext, page: sellerPage } = await sellerWithPayouts(browser, signIn, seller);
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Walnut side table",
    priceCents: 3000,
    pickup: true,
    shipping: false,
  });
  await signIn(buyer);
  await buyForPickup(page, listing.id, "$30.00");
  const orderUrl = page.url();
  // The buyer asks; the seller proposes two windows (times in the server's zone, UTC here).
  const buyerPanel = page.getByRole("region", { name: "Pickup" });
  await expect(buyerPanel).toContainText("The seller hasn't proposed pickup times yet.");
  await buyerPanel.getByRole("button", { name: "Ask the seller for pickup times" }).click();
  await expect(page).toHaveURL(orderUrl);

  const day = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
  const date = day.toISOString().slice(0, 10);
  const label = new Intl.DateTimeFormat("en", {
    timeZone: "UTC",
    weekday: "short",
    month: "short",
    day: "numeric",
  }).format(day);
  await sellerPage.goto(orderUrl);
  const sellerPanel = sellerPage.getByRole("region", { name: "Pickup" });
  await expect(sellerPage.getByRole("button", { name: "Message the buyer" })).toBeVisible();
  // Nonsense is refused next to the field, keeping what was typed.
  const first = sellerPanel.getByRole("group", { name: "Window 1" });
  await first.getByLabel("Date").fill(date);
  await first.getByLabel("From").fill("11:00");
  await first.getByLabel("To").fill("10:00");
  await sellerPanel.getByRole("button", { name: "Propose these times" }).click();
  await expect(sellerPage.getByText("The end must be after the start")).toBeVisible();
  const again = sellerPage.getByRole("group", { name: "Window 1" });
  await expect(again.getByLabel("Date")).toHaveValue(date);
  await again.getByLabel("To").fill("12:00");
  const second = sellerPage.getByRole("group", { name: "Window 2" });
  await second.getByLabel("Date").fill(date);
  await second.getByLabel("From").fill("17:00");
  await second.getByLabel("To").fill("18:30");
  await sellerPage.getByRole("button", { name: "Propose these times" }).click();
  await expect(sellerPage).toHaveURL(orderUrl);
  await expect(sellerPage.getByRole("region", { name: "Pickup" })).toContainText("Waiting for the buyer to pick");

  await page.reload();
  await page.getByRole("button", { name: `Pick ${label}, 17:00 – 18:30` }).click();
  await expect(page.getByRole("region", { name: "Pickup" })).toContainText(
    `Agreed pickup time: ${label}, 17:00 – 18:30`,
  );
  await sellerPage.reload();
  await expect(sellerPage.getByRole("region", { name: "Pickup" })).toContainText(
    `Agreed pickup time: ${label}, 17:00 – 18:30`,
  );

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to calendar (.ics)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^stoop-pickup-.+\.ics$/);
  const chunks: Buffer[] = [];
  for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
  const ics = Buffer.concat(chunks).toString("utf8");
  expect(ics).toContain(`DTSTART:${date.replace(/-/g, "")}T170000Z\r\n`);
  expect(ics).toContain(`DTEND:${date.replace(/-/g, "")}T183000Z\r\n`);
  expect(ics).toContain("SUMMARY:Stoop pickup: Walnut side table\r\n");
  await sellerContext.close();
});
