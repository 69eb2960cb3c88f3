import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { CamelCasePlugin, Kysely, PostgresDialect, type Dialect } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pglite-dialect";
import { runRegisteredTextsByName } from "./prepared-statements";
import { openPGliteBus, openPostgresBus, type NotifyBus } from "./notify-bus";
import type { Database } from "./schema";
import { guardTransactions } from "./transaction";

export type { Database } from "./schema";
export { transaction, StrayDatabaseCallError } from "./transaction";

export type DatabaseKind = "postgres" | "pglite";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, for logs: the server URL without its password, or the PGlite directory. */
  location: string;
  /** A LISTEN/NOTIFY bus on this database (db/notify-bus.ts); each call opens a new one to close. */
  openNotifyBus(options?: { onError?: (error: Error) => void }): NotifyBus;
  close(): Promise<void>;
}

const INT8_OID = 20;

// int8 (count(*), sums) arrives as a string from pg; every amount we store fits in 2^53,
// so both drivers parse it to a number in this one place.
const parseInt8 = (value: string) => Number(value);

export function createKysely(dialect: Dialect): Kysely<Database> {
  return new Kysely<Database>({ dialect: guardTransactions(dialect), plugins: [new CamelCasePlugin()] });
}

export function openPostgres(
  databaseUrl: string,
  options: { maxConnections?: number; onIdleClientError?: (error: Error) => void } = {},
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client can die under us (server restart, a dropped test database). pg discards it and
  // the next query opens a fresh one; without a listener the error would crash the process.
  pool.on("error", (error) => options.onIdleClientError?.(error));
  pool.on("connect", runRegisteredTextsByName);
  const db = createKysely(new PostgresDialect({ pool }));
  return {
    db,
    kind: "postgres",
    location: redactPassword(databaseUrl),
    openNotifyBus: (busOptions = {}) => openPostgresBus(databaseUrl, busOptions),
    close: () => db.destroy(),
  };
}

export async function createPGlite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create(dataDir, {
    parsers: { [INT8_OID]: parseInt8 },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
}

/** Wraps an existing PGlite instance (tests share one); closing the handle leaves the instance open. */
export function wrapPGlite(pglite: PGlite, location = "memory"): DatabaseHandle {
  const db = createKysely(new PGliteDialect(pglite));
  return { db, kind: "pglite", location, openNotifyBus: () => openPGliteBus(pglite), close: () => db.destroy() };
}

export async function openPGlite(dataDir: string): Promise<DatabaseHandle> {
  const directory = path.join(dataDir, "pglite");
  await fs.mkdir(directory, { recursive: true });
  const pglite = await createPGlite(directory);
  const handle = wrapPGlite(pglite, directory);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await pglite.close();
    },
  };
}

/** PostgreSQL when a URL is configured, otherwise the embedded PGlite under the data directory. */
export function openDatabase(options: {
  databaseUrl: string | null;
  dataDir: string;
  onIdleClientError?: (error: Error) => void;
}): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? Promise.resolve(openPostgres(options.databaseUrl, { onIdleClientError: options.onIdleClientError }))
    : openPGlite(options.dataDir);
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
