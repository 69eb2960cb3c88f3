import { createListing, createRetailer, createUser } from "../support/factories";
import { addService, expectNoSidewaysScroll, followShop, signedInPage } from "./community";
import { expect, test } from "./fixtures";

test.setTimeout(60_000);

test("a member follows a shop and a member from their pages; the shop's new service and the member's listing show in the feed", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  const suffix = Date.now().toString(36);
  const owner = await createUser(db, { displayName: "Fran Fixer" });
  const shop = await createRetailer(db, {
    ownerId: owner.id,
    name: `Fix Place ${suffix}`,
    slug: `fix-place-${suffix}`,
  });
  const seller = await createUser(db, { displayName: `Nora Neighbour ${suffix}` });

  await signIn(member);
  await page.goto(`/retailers/${shop.slug}`);
  await expect(page.getByText("0 followers")).toBeVisible();
  await followShop(page, shop);
  await expect(page.getByText("1 follower", { exact: true })).toBeVisible();

  await page.goto(`/members/${seller.id}`);
  await page.getByRole("button", { name: `Follow ${seller.displayName}` }).click();
  await expect(page.getByRole("button", { name: `Following ${seller.displayName}: unfollow` })).toBeVisible();

  // The shop's staff adds a service through its back office.
  const staff = await signedInPage(browser, signIn, owner);
  await addService(staff.page, shop.slug, {
    title: "Lamp rewiring",
    description: "New cord, plug and switch.",
    dollars: "30",
    category: "Furniture (all)",
  });
  await staff.context.close();

  // The followed member lists something.
  const listing = await createListing(db, {
    sellerId: seller.id,
    title: `Walnut side table ${suffix}`,
    priceCents: 4500,
  });

  await page.goto("/feed");
  const feed = page.getByRole("list", { name: "Feed" });
  await expect(feed.getByText("Lamp rewiring")).toBeVisible();
  await expect(feed.getByRole("link", { name: listing.title })).toBeVisible();
  await expect(feed.getByRole("link", { name: shop.name })).toBeVisible();

  // The signed-in home page starts with the feed.
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Latest from your feed" }).getByText("Lamp rewiring")).toBeVisible();

  for (const path of ["/feed", "/following", `/retailers/${shop.slug}`, `/members/${seller.id}`]) {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    await expectNoSidewaysScroll(page);
  }

  // Unfollowing from /following.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/following");
  await page.getByRole("button", { name: `Unfollow ${shop.name}` }).click();
  await expect(page.getByRole("link", { name: shop.name })).toHaveCount(0);
  // The home page's feed was read (and cached) above; the unfollow shows on the next load.
  await page.goto("/");
  const latest = page.getByRole("list", { name: "Latest from your feed" });
  await expect(latest.getByRole("link", { name: listing.title })).toBeVisible();
  await expect(latest.getByText("Lamp rewiring")).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("follow is a plain form and the feed pages with plain Older links", async ({ page, db, member, signIn }) => {
    const seller = await createUser(db, { displayName: "Plain Form Seller" });
    for (let i = 0; i < 23; i++)
      await createListing(db, {
        sellerId: seller.id,
        title: `Plain item ${String(i).padStart(2, "0")}`,
        publishedAt: new Date(Date.now() - (i + 1) * 60_000),
      });
    await page.goto(`/members/${seller.id}`);
    await expect(page.getByRole("link", { name: "Sign in to follow" })).toBeVisible();

    await signIn(member);
    await page.goto(`/members/${seller.id}`);
    await page.getByRole("button", { name: "Follow Plain Form Seller" }).click();
    await expect(page.getByRole("button", { name: "Following Plain Form Seller: unfollow" })).toBeVisible();

    await page.goto("/feed");
    const feed = page.getByRole("list", { name: "Feed" });
    await expect(feed.getByRole("listitem")).toHaveCount(20);
    await expect(feed.getByRole("link", { name: "Plain item 00" })).toBeVisible();
    await page.getByRole("link", { name: "Older" }).click();
    await expect(feed.getByRole("listitem")).toHaveCount(3);
    await expect(feed.getByRole("link", { name: "Plain item 22" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);

    const broken = await page.goto("/feed?after=not-a-cursor");
    expect(broken?.status()).toBe(400);
  });
});
