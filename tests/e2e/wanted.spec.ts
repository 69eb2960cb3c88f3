import { createListing, createRetailer, createUser } from "../support/factories";
import { createWantedRequest } from "../support/wanted-factories";
import {
  answerWithListing,
  answerWithQuote,
  expectNoSidewaysScroll,
  postWantedRequest,
  recommendShop,
  signedInPage,
} from "./community";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("a member posts a Wanted request; a neighbour answers with a listing, a shop quotes and another recommends a shop; the requester marks the neighbour's answer as solved", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const neighbour = await createUser(db, { displayName: "Nell Neighbour" });
  await createListing(db, { sellerId: neighbour.id, title: "Kids bike 16 inch", categoryId: "bikes" });
  const rita = await createUser(db, { displayName: "Rita Mechanic" });
  const bikeHub = await createRetailer(db, {
    ownerId: rita.id,
    name: "Bike Hub",
    services: [{ title: "Gear tune", priceCents: 4500, categoryIds: ["bikes"] }],
  });
  const sam = await createUser(db, { displayName: "Sam Movers" });
  const movers = await createRetailer(db, { ownerId: sam.id, name: "Eastside Movers" });
  await createRetailer(db, { name: "Spoke Shop" });

  // The member posts the request through the form.
  await signIn(member);
  await page.goto("/wanted");
  await expectNoSeriousViolations(page, "the Wanted list");
  await page.getByRole("link", { name: "Post a request" }).click();
  await expectNoSeriousViolations(page, "the Wanted form");
  const requestUrl = await postWantedRequest(page, {
    title: "Wanted: kids bike for a 6-year-old",
    category: "Bikes",
    budgetDollars: "60",
    where: "97214",
  });

  // A neighbour answers with one of their listings: its card shows.
  const neighbourBrowser = await signedInPage(browser, signIn, neighbour);
  await answerWithListing(neighbourBrowser.page, requestUrl, {
    listingOption: "Kids bike 16 inch ($25.00)",
    listingTitle: "Kids bike 16 inch",
    note: "My son outgrew it.",
  });
  await neighbourBrowser.context.close();

  // Bike Hub's staff member offers a quote; Eastside Movers' staff member recommends another shop.
  const ritaBrowser = await signedInPage(browser, signIn, rita);
  await answerWithQuote(ritaBrowser.page, requestUrl, {
    serviceOption: "Gear tune (usually $45.00)",
    serviceTitle: "Gear tune",
    dollars: "35",
    note: "We'd true the wheels and fit a bell.",
  });
  await ritaBrowser.context.close();

  const samBrowser = await signedInPage(browser, signIn, sam);
  await recommendShop(samBrowser.page, requestUrl, { shop: "Spoke Shop", why: "They specialise in kids' bikes." });
  await samBrowser.context.close();

  // The requester sees the quote's "Accept and pay" link (not followed here) and marks the neighbour's answer.
  await page.reload();
  const pay = page.getByRole("link", { name: "Accept and pay $35.00" });
  await expect(pay).toHaveAttribute("href", /^\/quotes\/[A-Za-z0-9_-]+\/buy$/);
  await expect(page.getByRole("link", { name: "Bike Hub" })).toBeVisible();
  await expect(page.getByText("✓ Verified shop").first()).toBeVisible();
  await expectNoSeriousViolations(page);
  const neighbourAnswer = page.getByRole("listitem").filter({ hasText: "My son outgrew it." });
  await neighbourAnswer.getByRole("button", { name: "This solved it" }).click();
  await expect(page.getByText("✓ Solved it")).toBeVisible();
  await expect(page.getByRole("link", { name: "Accept and pay $35.00" })).toHaveCount(0);

  // The counts: on the neighbour's profile, and Eastside Movers credited for pointing elsewhere.
  await page.goto(`/members/${neighbour.id}`);
  await expect(page.locator("dt:text-is('Wanted requests solved') + dd")).toHaveText("1");
  await page.goto(`/retailers/${movers.slug}`);
  await expect(
    page.getByText("Wanted: 0 requests solved · helped 1 neighbour, sometimes by pointing elsewhere"),
  ).toBeVisible();
  await page.goto(`/retailers/${bikeHub.slug}`);
  await expect(page.getByText(/Wanted: 0 requests solved · helped 0 neighbours/)).toBeVisible();

  // 360 px: the list and the request page don't scroll sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/wanted");
  await expectNoSidewaysScroll(page);
  await page.goto(requestUrl);
  await expectNoSidewaysScroll(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a member posts a request and another answers in words, with errors next to the fields", async ({
    page,
    browser,
    db,
    member,
    signIn,
  }) => {
    await signIn(member);
    await page.goto("/wanted/new");
    await page.getByLabel("What are you looking for?").fill("A ladder for gutter cleaning");
    await page.getByLabel("Budget in dollars (optional)").fill("lots");
    await page.getByLabel("Where (postal code or town)").fill("Atlantis");
    await page.getByRole("button", { name: "Post request" }).click();
    await expect(page.getByLabel("Category")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter a budget like 50 or 12.50, or leave it empty")).toBeVisible();
    await expect(page.getByLabel("What are you looking for?")).toHaveValue("A ladder for gutter cleaning");
    await page.getByLabel("Category").selectOption({ label: "Furniture" });
    await page.getByLabel("Budget in dollars (optional)").fill("20");
    await page.getByLabel("Where (postal code or town)").fill("97214");
    await page.getByRole("button", { name: "Post request" }).click();
    await expect(page.getByRole("heading", { name: "Wanted: A ladder for gutter cleaning" })).toBeVisible();
    const requestUrl = new URL(page.url()).pathname;

    const helper = await createUser(db, { displayName: "Hana Helper" });
    const helperContext = await browser.newContext({ javaScriptEnabled: false });
    await signIn(helper, helperContext);
    const helperPage = await helperContext.newPage();
    await helperPage.goto(requestUrl);
    const textForm = helperPage.getByRole("form", { name: "Answer in words" });
    await textForm.getByRole("button", { name: "Post answer" }).click();
    await expect(
      helperPage.getByRole("form", { name: "Answer in words" }).getByText("Write your answer (at least 2 characters)."),
    ).toBeVisible();
    await helperPage.getByRole("form", { name: "Answer in words" }).getByLabel("Your answer").fill("Borrow mine!");
    await helperPage
      .getByRole("form", { name: "Answer in words" })
      .getByRole("button", { name: "Post answer" })
      .click();
    await expect(helperPage.getByText("Borrow mine!")).toBeVisible();
    await helperContext.close();

    // Search on /wanted is a plain GET form.
    await createWantedRequest(db, { title: "Unrelated sewing machine" });
    await page.goto("/wanted");
    await page.getByLabel("Keywords").fill("ladder gutter");
    await page.getByRole("search", { name: "Wanted" }).getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("list", { name: "Open requests" }).getByRole("link")).toHaveText([
      "A ladder for gutter cleaning",
    ]);
  });
});
