import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { sql } from "kysely";
import pg from "pg";
import { transaction } from "~db/transaction";
import { loadBuiltHost, rootDir } from "~/server/built-host";
import { e2eSettings } from "../support/e2e-env";
import { createListing } from "../support/factories";
import { randomSuffix, withDatabase } from "../support/test-database-names";

/**
 * The host runs only the built bundle, so the texts the bundle's listing page registers as prepared
 * statements (db/prepared-statements.ts, plain module state) are the ones its PostgreSQL pool sends
 * by name. With a second copy of db/ beside the bundle (the host opening the pool from its own copy,
 * as before), the page runs unprepared and this fails. Starts its own Stoop from build/index.js, as
 * `npm start` does, on a database of its own, so it can look at every connection of the pool.
 */
const settings = e2eSettings();

test("the production host's pool runs the listing page as the bundle's named prepared statement", async () => {
  test.skip(!settings.testDatabaseUrl, "PGlite has no prepared statements: run with TEST_DATABASE_URL");
  const serverUrl = settings.testDatabaseUrl!;
  const name = `stoop_one_copy_${randomSuffix()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-one-copy-"));
  const { build, host } = await loadBuiltHost();
  // A real port, so PUBLIC_URL names the address the server answers on (GETs on any other host are
  // redirected to PUBLIC_URL's).
  const port = await freePort();
  const config = host.loadConfig({
    NODE_ENV: "production",
    PAYMENTS: "stand-in",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: "127.0.0.1",
    DATABASE_URL: withDatabase(serverUrl, name),
    DATA_DIR: dataDir,
    JOBS_IN_PROCESS: "false",
    // "error": dropping the database at the end makes the closing pool warn about its backends.
    LOG_LEVEL: "error",
  });
  const stoop = await host.startStoop(config, host.createLogger(config.logLevel), { build, rootDir });
  try {
    const db = stoop.database.db;
    const listing = await createListing(db, { title: "Prepared teapot" });
    for (let view = 0; view < 2; view++) {
      const response = await fetch(`${stoop.url}/listings/${listing.id}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Prepared teapot");
    }

    // Prepared statements belong to a connection: hold every connection this pool has open at once
    // (each in a transaction that waits for the others) and read each one's statements.
    const { rows } = await sql<{ connections: number }>`
      select count(*)::int as connections from pg_stat_activity where datname = current_database()`.execute(db);
    const connections = rows[0]!.connections;
    let arrived = 0;
    let allArrived!: () => void;
    const everyoneHere = new Promise<void>((resolve) => (allArrived = resolve));
    const perConnection = await Promise.all(
      Array.from({ length: connections }, () =>
        transaction(db, async (trx) => {
          const statements = await sql<{ name: string; statement: string }>`
            select name, statement from pg_prepared_statements`.execute(trx);
          if (++arrived === connections) allArrived();
          await everyoneHere;
          return statements.rows;
        }),
      ),
    );
    const pageStatements = perConnection.flat().filter((row) => row.statement.includes(`"l"."seller_id"`));
    expect(pageStatements.length).toBeGreaterThan(0);
    expect(pageStatements.every((row) => row.name.startsWith("stoop_prepared_"))).toBe(true);
  } finally {
    await stoop.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
});

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
