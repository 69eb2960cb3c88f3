import { createListing, createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, expectNoSeriousViolations, test } from "./fixtures";

for (const path of ["/admin", "/admin/reports", "/admin/users", "/admin/audit", "/admin/meetup-spots"]) {
  test(`the admin page ${path} has no serious or critical accessibility violations`, async ({ page, db, signIn }) => {
    const admin = await createUser(db, { role: "admin", totpSecret: KNOWN_TOTP_SECRET });
    const listing = await createListing(db);
    const reporter = await createUser(db);
    await db
      .insertInto("reports")
      .values({
        id: `a11y-${listing.id}`,
        reporterId: reporter.id,
        subjectType: "listing",
        subjectId: listing.id,
        subjectOwnerId: listing.sellerId,
        reason: "spam",
        note: "Posted five times",
      })
      .execute();
    await signIn(admin);
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Admin" })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
}

test("the report page has no serious or critical accessibility violations", async ({ page, db, member, signIn }) => {
  const listing = await createListing(db);
  await signIn(member);
  await page.goto(`/report?subjectType=listing&subjectId=${listing.id}`);
  await expect(page.getByRole("heading", { name: "Report a listing" })).toBeVisible();
  await expectNoSeriousViolations(page);
});
