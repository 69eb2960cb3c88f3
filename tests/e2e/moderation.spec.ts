import { createListing, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, test } from "./fixtures";

test("a member reports a listing, an admin removes it from the queue with a reason, and the owner sees why", async ({
  page,
  browser,
  db,
  member: reporter,
  signIn,
}) => {
  const seller = await createUser(db, { displayName: "Sid Seller" });
  const title = `Replica designer handbag ${Date.now().toString(36)}`;
  const listing = await createListing(db, { sellerId: seller.id, title });

  await signIn(reporter);
  await page.goto(`/listings/${listing.id}`);
  await page.getByText("Report this listing").click();
  await page.getByLabel("Reason").selectOption({ label: "Counterfeit or misleading" });
  await page.getByLabel("Note for the moderators (optional)").fill("The logo is misspelled.");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("status")).toHaveText("Thank you: the moderators will look at your report.");

  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  const adminContext = await browser.newContext();
  await signIn(admin, adminContext);
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/admin");
  await adminPage.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Reports" }).click();
  const entry = adminPage.getByRole("article", { name: `Listing: ${title}` });
  await expect(entry).toContainText("1 open report");
  await expect(entry).toContainText("“The logo is misspelled.”");
  await entry.getByLabel("Reason for removal (the owner sees it)").fill("Counterfeit goods are not allowed.");
  await entry.getByRole("button", { name: "Remove listing" }).click();
  await expect(adminPage.getByRole("status")).toHaveText("The listing was removed and its owner told why.");
  await expect(adminPage.getByRole("article", { name: `Listing: ${title}` })).toHaveCount(0);
  await adminContext.close();

  const sellerContext = await browser.newContext();
  await signIn(seller, sellerContext);
  const sellerPage = await sellerContext.newPage();
  await sellerPage.goto(`/listings/${listing.id}`);
  await expect(sellerPage.getByRole("status")).toHaveText(
    "This listing was removed by a moderator. Reason: Counterfeit goods are not allowed.",
  );
  await sellerPage.goto("/notifications");
  await expect(sellerPage.getByRole("heading", { name: `Unread: Your listing “${title}” was removed` })).toBeVisible();
  await sellerContext.close();

  // Anyone else now gets "not found".
  const response = await page.goto(`/listings/${listing.id}`);
  expect(response?.status()).toBe(404);
});

test("an admin suspends a member whose open session is signed out on the next request, then reads read-only", async ({
  page,
  browser,
  db,
  member,
  signIn,
}) => {
  await signIn(member);
  await page.goto("/settings");
  await expect(page.getByRole("link", { name: `Account settings for ${member.displayName}` })).toBeVisible();

  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  const adminContext = await browser.newContext();
  await signIn(admin, adminContext);
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/admin/users");
  await adminPage.getByLabel("Email or name").fill(member.email);
  await adminPage.getByRole("button", { name: "Find members" }).click();
  const row = adminPage.getByRole("row", { name: new RegExp(member.email.replace(/[.+]/g, "\\$&")) });
  await row.getByText("Moderate").click();
  await row.getByLabel("Reason for suspension (the member sees it)").fill("Repeated no-shows and abuse.");
  await row.getByRole("button", { name: "Suspend" }).click();
  await expect(adminPage.getByRole("status")).toHaveText("The member was suspended and signed out everywhere.");
  await expect(adminPage.getByRole("row", { name: /Suspended/ })).toBeVisible();
  await adminContext.close();

  // The member's next request finds no session.
  await page.reload();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings/);
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  // Signed in again, read-only: the reason on every page, their orders readable, no changes.
  const banner = page.getByRole("region", { name: "Account suspended" });
  await expect(banner).toContainText("Reason: Repeated no-shows and abuse.");
  await banner.getByRole("link", { name: "purchases" }).click();
  await expect(page.getByRole("heading", { name: "Purchases", level: 1 })).toBeVisible();
  await page.goto("/settings");
  await page.getByLabel("Display name").fill("Renamed while suspended");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});
