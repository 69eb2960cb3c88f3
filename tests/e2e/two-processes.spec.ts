import { createListing } from "../support/factories";
import { expect, test } from "./fixtures";
import { startSecondProcess } from "./second-process";

// Two app processes on one PostgreSQL (PGlite is one process by nature), the second on this
// suite's own port: E2E_SECOND_PORT, else two above the first server's.
const secondPort = Number(process.env.E2E_SECOND_PORT ?? Number(process.env.E2E_PORT ?? 3310) + 2);
let second: Awaited<ReturnType<typeof startSecondProcess>> | null = null;

test.skip(!process.env.TEST_DATABASE_URL, "two processes share a PostgreSQL database");
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  second = await startSecondProcess(secondPort);
});
test.afterAll(() => second?.stop());

test("a listing sold through one app process leaves the other process's cached search within seconds", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const word = `twoproc${Date.now().toString(36)}`;
  const title = `Brass ${word} lamp`;
  await createListing(db, { sellerId: member.id, title });
  const searchOnSecond = async () => (await fetch(`${second!.url}/search?q=${word}`)).text();

  // The second process caches this results page (ADR 015: for up to 30 s without a notice).
  expect(await searchOnSecond()).toContain(title);
  expect(await searchOnSecond()).toContain(title);

  // The seller marks it sold on the first process, through the page.
  await signIn(member);
  await page.goto("/my/listings");
  await page.getByRole("button", { name: `Mark as sold ${title}` }).click();
  await expect(page.getByRole("status")).toHaveText("The listing is marked as sold.");

  // The first process's NOTIFY reaches the second, which drops its cached page (ADR 040).
  await expect.poll(searchOnSecond, { timeout: 5_000, intervals: [100] }).not.toContain(title);
});
