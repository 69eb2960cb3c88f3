import { createListing, createRetailer, createUser } from "../support/factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

test("only a shop's staff reach its back office, and only admins the applications", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const shop = await createRetailer(db, { services: [{ title: "Bike tune-up", categoryIds: ["bikes"] }] });
  const pending = await createRetailer(db, { status: "pending" });
  await signIn(member);
  for (const path of ["services", "jobs", "staff", "payouts"]) {
    const response = await page.goto(`/retailers/${shop.slug}/${path}`);
    expect(response?.status(), path).toBe(404);
  }
  // A stranger's POST is refused too, and nothing changes.
  const post = await page.request.post(`/retailers/${shop.slug}/services`, {
    form: { intent: "pause", serviceId: shop.services[0]!.id },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(post.status()).toBe(404);
  const service = await db
    .selectFrom("services")
    .select("active")
    .where("id", "=", shop.services[0]!.id)
    .executeTakeFirstOrThrow();
  expect(service.active).toBe(true);
  expect((await page.goto(`/retailers/${pending.slug}`))?.status()).toBe(404);
  expect((await page.goto("/admin/retailers"))?.status()).toBe(403);
});

test("the shop pages have no serious accessibility violations", async ({ page, db, signIn }) => {
  const owner = await createUser(db, { displayName: "Olive Owner" });
  const shop = await createRetailer(db, {
    ownerId: owner.id,
    name: "Accessible Bikes",
    services: [{ title: "Bike tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
  });
  const listing = await createListing(db, { title: "Accessible bike", categoryId: "bikes", photoKeys: [] });
  await signIn(owner);
  for (const path of [
    `/retailers`,
    `/retailers/${shop.slug}`,
    `/retailers/${shop.slug}/services`,
    `/retailers/${shop.slug}/jobs`,
    `/retailers/${shop.slug}/staff`,
    `/retailers/new`,
    `/listings/${listing.id}/buy`,
  ]) {
    await page.goto(path);
    await expectNoSeriousViolations(page, path);
  }
});

test("the buy page keeps the ticked add-ons when the form comes back with an error", async ({
  page,
  db,
  member,
  signIn,
}) => {
  await createRetailer(db, {
    name: "Keep Bikes",
    services: [{ title: "Wheel truing", priceCents: 1500, categoryIds: ["bikes"] }],
  });
  const listing = await createListing(db, {
    title: "Road bike",
    categoryId: "bikes",
    priceCents: 30000,
    shipping: true,
    shippingCents: 2000,
  });
  await signIn(member);
  await page.goto(`/listings/${listing.id}/buy`);
  await page.getByLabel("Wheel truing by Keep Bikes: $15.00").check();
  await page.getByLabel(/^Shipping: /).check();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByText("Enter the street address")).toBeVisible();
  await expect(page.getByLabel("Wheel truing by Keep Bikes: $15.00")).toBeChecked();
  const orders = await db.selectFrom("orders").select("id").where("listingId", "=", listing.id).execute();
  expect(orders).toHaveLength(0);
});

test("the owner removes a staff member, who loses the back office at once", async ({ page, db, member, signIn }) => {
  const owner = await createUser(db, { displayName: "Owen Owner" });
  const shop = await createRetailer(db, { ownerId: owner.id });
  await db.insertInto("retailerStaff").values({ retailerId: shop.id, userId: member.id, role: "staff" }).execute();
  await signIn(member);
  expect((await page.goto(`/retailers/${shop.slug}/jobs`))?.status()).toBe(200);
  // Staff see the list but no Remove buttons: only the owner removes.
  await page.goto(`/retailers/${shop.slug}/staff`);
  await expect(page.getByRole("heading", { name: /^Staff of / })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);

  await signIn(owner);
  await page.goto(`/retailers/${shop.slug}/staff`);
  await page.getByRole("button", { name: "Remove Pat Playwright from the staff" }).click();
  await expect(page.getByText("Removed from the staff.")).toBeVisible();
  await expect(page.getByText("Pat Playwright (staff)")).toHaveCount(0);

  await signIn(member);
  expect((await page.goto(`/retailers/${shop.slug}/jobs`))?.status()).toBe(404);
});
