import path from "node:path";
import { withDatabase } from "./test-database-names";

/**
 * Settings shared by playwright.config.ts, the E2E server and the fixtures. The config sets them in
 * process.env once, so the server it spawns and every worker process read the same values.
 */
export function e2eSettings() {
  const runId = (process.env.E2E_RUN_ID ??= `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
  const port = Number((process.env.E2E_PORT ??= "3310"));
  const fixturePort = Number((process.env.E2E_FIXTURE_PORT ??= String(port + 1)));
  const testDatabaseUrl = process.env.TEST_DATABASE_URL || null;
  const databaseName = `stoop_e2e_${runId}`;
  return {
    runId,
    port,
    baseURL: `http://127.0.0.1:${port}`,
    fixturePort,
    testDatabaseUrl,
    databaseName,
    databaseUrl: testDatabaseUrl ? withDatabase(testDatabaseUrl, databaseName) : null,
    dataDir: path.resolve("tests/.tmp", `e2e-data-${runId}`),
  };
}
