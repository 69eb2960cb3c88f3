import { createListing, createRetailer, createUser } from "../support/factories";
import {
  acceptAndMarkDone,
  addService,
  answerWithListing,
  answerWithQuote,
  confirmQuoteDone,
  expectNoSidewaysScroll,
  expectShopPaidOnStripe,
  followShop,
  jobRow,
  payForQuote,
  postWantedRequest,
  quoteShares,
  recommendShop,
  signedInPage,
} from "./community";
import { expect, test } from "./fixtures";
import { setUpPayouts, usd } from "./money";

// Four people's browsers, two hosted pages (onboarding, checkout) and a payout: a long journey.
test.setTimeout(120_000);

/**
 * Issue #16's journey, start to end, through the pages people use: a member follows a shop, the
 * shop adds a service and it shows in the member's feed; the member posts "Wanted: kids bike"; a
 * neighbour answers with a listing, the shop with a quote and another shop with a recommendation;
 * the member buys the quote, the shop does the job, the member confirms and the shop is paid.
 * Only the people, the shops and the neighbour's listing are made as rows.
 */
test("a member follows Bike Hub, sees its new service in the feed, posts Wanted: kids bike, buys Bike Hub's quote among the answers, and Bike Hub is paid once the job is confirmed", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const run = Date.now().toString(36);
  const service = { title: `Kids bike safety check ${run}`, dollars: "40", category: "Bikes" };
  const quoteCents = 3_000;
  const { feeCents, shopShareCents } = quoteShares(quoteCents);
  expect([feeCents, shopShareCents]).toEqual([150, 2_850]);
  const requestTitle = `Kids bike ${run}`;

  const rita = await createUser(db, { displayName: "Rita Mechanic" });
  const bikeHub = await createRetailer(db, { ownerId: rita.id, name: "Bike Hub", slug: `bike-hub-${run}` });
  const sam = await createUser(db, { displayName: "Sam Movers" });
  await createRetailer(db, { ownerId: sam.id, name: `Eastside Movers ${run}` });
  const spokeShop = await createRetailer(db, { name: `Spoke Shop ${run}` });
  const neighbour = await createUser(db, { displayName: "Nell Neighbour" });
  const bike = await createListing(db, {
    sellerId: neighbour.id,
    title: `Kids bike 16 inch ${run}`,
    categoryId: "bikes",
    priceCents: 2_500,
  });

  // The member follows Bike Hub on its page.
  await signIn(member);
  await followShop(page, bikeHub);

  // Bike Hub's staff set up payouts and add a service through the back office.
  const hub = await signedInPage(browser, signIn, rita);
  const shopAccount = await setUpPayouts(hub.page, `/retailers/${bikeHub.slug}/payouts`);
  await addService(hub.page, bikeHub.slug, { ...service, description: "Brakes, chain and bolts, ready to ride." });

  // It shows in the member's feed, which fits at 360 px.
  await page.goto("/feed");
  const feed = page.getByRole("list", { name: "Feed" });
  await expect(feed.getByText(service.title)).toBeVisible();
  await expect(feed.getByRole("link", { name: "Bike Hub" })).toBeVisible();
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The member posts "Wanted: kids bike".
  await page.goto("/wanted/new");
  const requestPath = await postWantedRequest(page, {
    title: requestTitle,
    category: "Bikes",
    budgetDollars: "60",
    where: "97214",
  });

  // A neighbour answers with their listing: its card shows.
  const nell = await signedInPage(browser, signIn, neighbour);
  await answerWithListing(nell.page, requestPath, {
    listingOption: `${bike.title} (${usd(bike.priceCents)})`,
    listingTitle: bike.title,
    note: "My son outgrew it.",
  });
  await nell.context.close();

  // Bike Hub's staff quote its new service for this request; Eastside Movers' staff recommend Spoke Shop.
  await answerWithQuote(hub.page, requestPath, {
    serviceOption: `${service.title} (usually ${usd(4_000)})`,
    serviceTitle: service.title,
    dollars: String(quoteCents / 100),
    note: "We'd check it over and fit a bell.",
  });
  const movers = await signedInPage(browser, signIn, sam);
  await recommendShop(movers.page, requestPath, { shop: spokeShop.name, why: "They specialise in kids' bikes." });
  await movers.context.close();

  // The member sees all three answers on the request, which fits at 360 px.
  await page.goto(requestPath);
  await expect(page.getByRole("link", { name: bike.title })).toBeVisible();
  await expect(page.getByText(`Quote: ${service.title} for ${usd(quoteCents)}`)).toBeVisible();
  await expect(page.getByText(`Recommends ${spokeShop.name}`)).toBeVisible();
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The member accepts the quote and pays on the hosted checkout.
  await page.getByRole("link", { name: `Accept and pay ${usd(quoteCents)}` }).click();
  await expect(page.getByRole("heading", { name: `Buy ${service.title}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: `Total ${usd(quoteCents)}` })).toBeVisible();
  const { sessionId, orderUrl } = await payForQuote(page, { quoteCents, requestTitle });

  // Bike Hub's staff accept the job on their jobs board and mark it done.
  const row = await jobRow(hub.page, bikeHub.slug, service.title);
  await expect(row).toContainText(requestTitle);
  await expect(row.getByRole("cell", { name: usd(shopShareCents), exact: true })).toBeVisible();
  await acceptAndMarkDone(hub.page, service.title, requestTitle);
  await expect(row).toContainText("done");

  // The member confirms; the receipt states the quote, and Stripe shows one charge and one transfer.
  await page.goto(orderUrl);
  await confirmQuoteDone(page, { shopName: bikeHub.name, serviceTitle: service.title, quoteCents });
  await expectShopPaidOnStripe(sessionId, shopAccount, quoteCents);

  // Bike Hub's jobs board: its share, paid.
  await hub.page.reload();
  await expect(row.getByRole("cell", { name: usd(shopShareCents), exact: true })).toBeVisible();
  await expect(row).toContainText("Paid");
  await hub.context.close();
});
