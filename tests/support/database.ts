import fs from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createPGlite, openPostgres, wrapPGlite, type DatabaseHandle } from "~db/index";
import { TEST_DATABASE_PREFIX, randomSuffix, withDatabase } from "./test-database-names";

export interface TestDatabase {
  /** The database handle for this test file; valid between beforeAll and afterAll. */
  readonly handle: DatabaseHandle;
  readonly db: DatabaseHandle["db"];
  readonly kind: DatabaseHandle["kind"];
}

/**
 * Gives the calling test file a database of its own, already migrated: a clone of the run's
 * template database on PostgreSQL, or a fresh PGlite loaded from the run's dump.
 */
export function useTestDatabase(): TestDatabase {
  let handle: DatabaseHandle | null = null;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const setup = inject("testDatabase");
    if (setup.kind === "postgres") {
      const name = `${TEST_DATABASE_PREFIX}${randomSuffix()}`;
      const admin = new pg.Client({ connectionString: setup.url });
      await admin.connect();
      await admin.query(`create database "${name}" template "${setup.template}"`);
      await admin.end();
      handle = openPostgres(withDatabase(setup.url, name), { maxConnections: 5 });
      cleanup = async () => {
        const dropper = new pg.Client({ connectionString: setup.url });
        await dropper.connect();
        await dropper.query(`drop database if exists "${name}" with (force)`);
        await dropper.end();
      };
    } else {
      const dump = new Blob([await fs.readFile(setup.dumpPath)]);
      const pglite = await createPGlite(undefined, dump);
      handle = wrapPGlite(pglite);
      cleanup = () => pglite.close();
    }
  });

  afterAll(async () => {
    await handle?.close();
    await cleanup();
  });

  const current = () => {
    if (!handle) throw new Error("useTestDatabase(): the database is only available inside tests and hooks");
    return handle;
  };
  return {
    get handle() {
      return current();
    },
    get db() {
      return current().db;
    },
    get kind() {
      return current().kind;
    },
  };
}
