import { newId } from "~/lib/ids.server";
import { createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";
import { buyForPickup, handoverCodeOn, sellerWithPayouts } from "./pickup";

test("a pickup as people do it: pay, agree a time and a meetup spot, hand over with the code, the seller is paid", async ({
  page,
  browser,
  db,
  member: buyer,
  signIn,
}) => {
  test.setTimeout(120_000); // two people's pages through a whole pickup on a loaded two-core machine
  // A curated spot near the listing (Klamath Falls, OR: away from the other specs' spots and shops).
  // Curating spots through the admin page is meetup-spots.spec.ts's journey.
  const spotName = `Klamath Library ${Date.now()}`;
  await db
    .insertInto("meetupSpots")
    .values({
      id: newId(),
      name: spotName,
      area: "By the front doors",
      hours: "Daily 10:00-18:00",
      placeName: "Klamath Falls, OR",
      latitude: 42.22,
      longitude: -121.78,
    })
    .execute();
  const seller = await createUser(db, { displayName: "Jo Journey" });
  const { context: sellerContext, page: sellerPage } = await sellerWithPayouts(browser, signIn, seller);
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: "Oak rocking chair",
    priceCents: 4000,
    pickup: true,
    shipping: false,
    latitude: 42.23,
    longitude: -121.79,
  });

  // The buyer pays; the seller proposes a time, the buyer picks it and chooses where to meet.
  await signIn(buyer);
  await buyForPickup(page, listing.id, "$40.00");
  const orderUrl = page.url();
  const day = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
  const label = new Intl.DateTimeFormat("en", {
    timeZone: "UTC",
    weekday: "short",
    month: "short",
    day: "numeric",
  }).format(day);
  await sellerPage.goto(orderUrl);
  const window = sellerPage.getByRole("region", { name: "Pickup" }).getByRole("group", { name: "Window 1" });
  await window.getByLabel("Date").fill(day.toISOString().slice(0, 10));
  await window.getByLabel("From").fill("10:00");
  await window.getByLabel("To").fill("11:00");
  await sellerPage.getByRole("button", { name: "Propose these times" }).click();
  await expect(sellerPage.getByRole("region", { name: "Pickup" })).toContainText("Waiting for the buyer to pick");

  await page.reload();
  await page.getByRole("button", { name: `Pick ${label}, 10:00 – 11:00` }).click();
  await expect(page.getByRole("region", { name: "Pickup" })).toContainText(
    `Agreed pickup time: ${label}, 10:00 – 11:00`,
  );
  await page
    .getByRole("region", { name: "Meetup spot" })
    .getByRole("button", { name: `Meet at ${spotName}` })
    .click();
  await expect(page.getByRole("region", { name: "Meetup spot" })).toContainText(`Meet at ${spotName}`);
  const code = await handoverCodeOn(page);

  // At the meeting: the seller sees the time and the place, never the code, and types what the buyer shows.
  await sellerPage.reload();
  await expect(sellerPage.getByRole("region", { name: "Pickup" })).toContainText(`Agreed pickup time: ${label}`);
  await expect(sellerPage.getByRole("region", { name: "Meetup spot" })).toContainText(`Meet at ${spotName}`);
  await expect(sellerPage.getByText(code)).toHaveCount(0);
  await sellerPage.getByLabel("The buyer's 6-digit handover code").fill(code);
  await sellerPage.getByRole("button", { name: "Record the handover" }).click();
  await expect(sellerPage.getByRole("status")).toHaveText("Status: Completed");
  // $40.00 less the 5% + 30¢ fee.
  await expect(sellerPage.getByRole("region", { name: "Payout" })).toContainText("$37.70: Paid to your Stripe account");

  // The buyer's page: completed, and nothing left to cancel.
  await page.reload();
  await expect(page.getByRole("status")).toHaveText("Status: Completed");
  await expect(page.getByRole("button", { name: /Cancel/ })).toHaveCount(0);
  await sellerContext.close();
});
