/**
 * Playwright's web server: starts the real production server code from the build (`startStoop`
 * out of build/index.js, as `npm start` does) on the embedded PGlite, or on a fresh PostgreSQL
 * database when TEST_DATABASE_URL is set, and serves that database to the test fixtures
 * (tests/support/remote-database.ts).
 */
import fs from "node:fs/promises";
import pg from "pg";
import { loadBuiltHost, rootDir } from "~/server/built-host";
import { e2eSettings } from "./e2e-env";
import { serveDatabase } from "./remote-database";

const settings = e2eSettings();
const cleanups: (() => Promise<unknown>)[] = [];

async function main() {
  if (settings.testDatabaseUrl) {
    const admin = new pg.Client({ connectionString: settings.testDatabaseUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${settings.databaseName}" with (force)`);
    await admin.query(`create database "${settings.databaseName}"`);
    await admin.end();
    cleanups.push(async () => {
      const dropper = new pg.Client({ connectionString: settings.testDatabaseUrl! });
      await dropper.connect();
      await dropper.query(`drop database if exists "${settings.databaseName}" with (force)`);
      await dropper.end();
    });
  }
  await fs.rm(settings.dataDir, { recursive: true, force: true });
  await fs.mkdir(settings.dataDir, { recursive: true });
  cleanups.push(() => fs.rm(settings.dataDir, { recursive: true, force: true }));

  const { build, host } = await loadBuiltHost();
  const config = host.loadConfig({
    ...process.env,
    NODE_ENV: "production",
    PAYMENTS: "stand-in",
    PORT: String(settings.port),
    HOST: "127.0.0.1",
    PUBLIC_URL: settings.baseURL,
    DATABASE_URL: settings.databaseUrl ?? "",
    DATA_DIR: settings.dataDir,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    // tests/e2e/push.spec.ts subscribes at a local push service (web-push-testing) over http.
    PUSH_ALLOW_LOCAL_ENDPOINTS: "true",
  });
  const stoop = await host.startStoop(config, host.createLogger(config.logLevel), { build, rootDir });
  cleanups.unshift(() => stoop.close());
  const fixtures = await serveDatabase(stoop.database.db, settings.fixturePort);
  cleanups.unshift(() => new Promise((resolve) => fixtures.close(resolve)));
  console.log(`E2E server on ${stoop.url} (${stoop.database.kind}); fixtures on port ${settings.fixturePort}`);
}

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error(error));
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));

main().catch(async (error: unknown) => {
  console.error("E2E server failed to start:", error);
  await stop(1);
});
