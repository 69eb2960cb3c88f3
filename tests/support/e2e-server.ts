/**
 * Playwright's web server: prepares a database the tests can also reach, then runs the real
 * production server (`node --import tsx app/server.ts`, the same as `npm start`) against it.
 *
 * - TEST_DATABASE_URL set: a fresh PostgreSQL database for this run, dropped at the end.
 * - Otherwise: an in-memory PGlite served over the PostgreSQL wire protocol (pglite-socket), so the
 *   fixtures in the test workers can create members and sessions directly.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { openPostgres } from "~db/index";
import { prepareDatabase } from "~db/migrate";
import { e2eSettings } from "./e2e-env";

const settings = e2eSettings();
const cleanups: (() => Promise<void>)[] = [];

async function createE2eDatabase() {
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
  } else {
    const pglite = await PGlite.create();
    const socketServer = new PGLiteSocketServer({
      db: pglite,
      host: "127.0.0.1",
      port: settings.pglitePort,
      maxConnections: 50,
    });
    await socketServer.start();
    cleanups.push(async () => {
      await socketServer.stop();
      await pglite.close();
    });
  }
  const handle = openPostgres(settings.databaseUrl, { maxConnections: 1 });
  await prepareDatabase(handle.db);
  await handle.close();
}

async function main() {
  await createE2eDatabase();
  await fs.mkdir(settings.dataDir, { recursive: true });
  cleanups.push(() => fs.rm(settings.dataDir, { recursive: true, force: true }));

  const app = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(settings.port),
      HOST: "127.0.0.1",
      PUBLIC_URL: settings.baseURL,
      DATABASE_URL: settings.databaseUrl,
      DATA_DIR: settings.dataDir,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((resolve) => app.once("exit", resolve));
    }
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
    process.exit(code);
  };
  app.on("exit", (code) => void stop(code ?? 1));
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
}

main().catch(async (error: unknown) => {
  console.error("E2E server failed to start:", error);
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  process.exit(1);
});
