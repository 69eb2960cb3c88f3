import PgBoss from "pg-boss";
import { pgBossDb } from "~/modules/jobs/pg-boss-adapter.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { createUser } from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { expect, test } from "./fixtures";

test("an admin sees the queues, the last failure, and retries it", async ({ page, db, signIn }) => {
  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET });
  // A job that failed for good (no retries left). It is scheduled in the future so the running
  // workers leave it alone while the test fails it.
  const boss = new PgBoss({ db: pgBossDb(db), schema: "pgboss" });
  const jobId = await boss.send(
    QUEUES.cleanUpExpiredAuthRecords,
    { e2e: true },
    {
      retryLimit: 0,
      startAfter: new Date(Date.now() + 3600_000),
    },
  );
  await boss.fail(QUEUES.cleanUpExpiredAuthRecords, jobId!, { message: `disk full (e2e ${jobId})` });

  await signIn(admin);
  await page.goto("/admin/jobs");
  await expect(page.getByRole("table", { name: "Jobs per queue and state" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: QUEUES.deliverEmail })).toBeVisible();
  const failure = page.getByRole("row", { name: new RegExp(`disk full \\(e2e ${jobId}\\)`) });
  await expect(failure).toBeVisible();
  await failure.getByRole("button", { name: /Retry/ }).click();
  await expect(page.getByRole("status")).toHaveText("The job is queued again.");
  await expect(page.getByRole("row", { name: new RegExp(`disk full \\(e2e ${jobId}\\)`) })).toHaveCount(0);
});

test("a member who is not an admin cannot open the jobs page", async ({ page, member, signIn }) => {
  await signIn(member);
  const response = await page.goto("/admin/jobs");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("an admin without two-factor sign-in is sent to set it up before the jobs page opens", async ({
  page,
  db,
  signIn,
}) => {
  const admin = await createUser(db, { role: "admin" });
  await signIn(admin);
  await page.goto("/admin/jobs");
  await expect(page).toHaveURL(/\/settings\/two-factor\?required=admin$/);
  await expect(page.getByRole("alert")).toContainText("Admins must turn on two-factor sign-in");
});
