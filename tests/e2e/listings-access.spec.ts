import { createListing, createUser } from "../support/factories";
import { expect, test } from "./fixtures";

test("only the seller can open a listing's edit page: 403 on a public listing, 404 on a draft", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const seller = await createUser(db);
  const active = await createListing(db, { sellerId: seller.id, title: "Someone else's chair" });
  const draft = await createListing(db, { sellerId: seller.id, status: "draft" });
  await signIn(member);

  const forbidden = await page.goto(`/listings/${active.id}/edit`);
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByText("Only the seller can change this listing.")).toBeVisible();

  const missing = await page.goto(`/listings/${draft.id}/edit`);
  expect(missing?.status()).toBe(404);
  expect((await page.goto(`/listings/${draft.id}`))?.status()).toBe(404);

  await page.goto(`/listings/${active.id}`);
  await expect(page.getByRole("heading", { name: "Someone else's chair" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit listing and photos" })).toHaveCount(0);
});
