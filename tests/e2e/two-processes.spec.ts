import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createListing } from "../support/factories";
import { expect, test } from "./fixtures";

// Two app processes on one PostgreSQL (PGlite is one process by nature). The port is this
// suite's own: E2E_SECOND_PORT, else two above the first server's.
const secondPort = Number(process.env.E2E_SECOND_PORT ?? Number(process.env.E2E_PORT ?? 3310) + 2);
const secondUrl = `http://127.0.0.1:${secondPort}`;
let second: ChildProcess | null = null;

test.skip(!process.env.TEST_DATABASE_URL, "two processes share a PostgreSQL database");
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  second = spawn(process.execPath, ["--import", "tsx", "tests/support/e2e-second-server.ts", String(secondPort)], {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  second.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(second, "exit").then(([code]) => {
    throw new Error(`the second server exited with ${String(code)}: ${output}`);
  });
  // Up once it answers its health check.
  const up = expect
    .poll(
      () =>
        fetch(`${secondUrl}/healthz`).then(
          (response) => response.status,
          () => 0,
        ),
      { timeout: 80_000 },
    )
    .toBe(200);
  await Promise.race([up, exited]);
});

test.afterAll(async () => {
  if (!second || second.exitCode !== null) return;
  const exited = once(second, "exit");
  second.kill("SIGTERM");
  await exited;
});

test("a listing sold through one app process leaves the other process's cached search within seconds", async ({
  page,
  db,
  member,
  signIn,
}) => {
  const word = `twoproc${Date.now().toString(36)}`;
  const title = `Brass ${word} lamp`;
  await createListing(db, { sellerId: member.id, title });
  const searchOnSecond = async () => (await fetch(`${secondUrl}/search?q=${word}`)).text();

  // The second process caches this results page (ADR 015: for up to 30 s without a notice).
  expect(await searchOnSecond()).toContain(title);
  expect(await searchOnSecond()).toContain(title);

  // The seller marks it sold on the first process, through the page.
  await signIn(member);
  await page.goto("/my/listings");
  await page.getByRole("button", { name: `Mark as sold ${title}` }).click();
  await expect(page.getByRole("status")).toHaveText("The listing is marked as sold.");

  // The first process's NOTIFY reaches the second, which drops its cached page.
  await expect.poll(searchOnSecond, { timeout: 5_000, intervals: [100] }).not.toContain(title);
});
