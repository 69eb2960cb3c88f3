/**
 * A second app process on the E2E server's PostgreSQL database (tests/e2e/two-processes.spec.ts):
 * the same built bundle and `startStoop`, its own port and data directory, no job workers (the
 * first process runs them). It neither creates nor drops the database; the first server owns it.
 *
 *   node --import tsx tests/support/e2e-second-server.ts <port>
 */
import fs from "node:fs/promises";
import { loadBuiltHost, rootDir } from "~/server/built-host";
import { e2eSettings } from "./e2e-env";

const settings = e2eSettings();
const port = Number(process.argv[2]);

async function main() {
  if (!settings.databaseUrl) throw new Error("A second process needs PostgreSQL (TEST_DATABASE_URL).");
  const dataDir = `${settings.dataDir}-port${port}`;
  await fs.mkdir(dataDir, { recursive: true });
  const { build, host } = await loadBuiltHost();
  const config = host.loadConfig({
    ...process.env,
    NODE_ENV: "production",
    PAYMENTS: "stand-in",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: settings.databaseUrl,
    DATA_DIR: dataDir,
    JOBS_IN_PROCESS: "false",
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
  });
  const stoop = await host.startStoop(config, host.createLogger(config.logLevel), { build, rootDir });
  const stop = async () => {
    await stoop.close();
    await fs.rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  console.log(`second E2E server on ${stoop.url}`);
}

main().catch((error: unknown) => {
  console.error("second E2E server failed to start:", error);
  process.exit(1);
});
