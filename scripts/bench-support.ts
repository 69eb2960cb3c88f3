/**
 * What the benchmark scripts share: their command-line numbers, percentiles, the PostgreSQL
 * database they write to (DATABASE_URL, migrated here) and the production server they measure.
 * Scripts only: nothing in app/ imports this file.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "~db/index";
import { prepareDatabase } from "~db/migrate";
import { loadConfig } from "~/lib/env.server";

/** `--name N`: a positive whole number, or `fallback` when the flag is absent. */
export function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

/** `--name 10,50`: a list of positive whole numbers, or null when the flag is absent. */
export function argumentList(name: string): number[] | null {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return null;
  const values = (process.argv[index + 1] ?? "").split(",").map(Number);
  if (values.some((value) => !Number.isInteger(value) || value < 1))
    throw new Error(`--${name} needs positive whole numbers separated by commas, e.g. --${name} 1,2`);
  return values;
}

/** The p-th percentile (0-100) of an ascending list; NaN for an empty one. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The PostgreSQL database at DATABASE_URL, brought up to date (migrations and the job queue's
 * schema, as at boot). A benchmark writes to it, so the embedded PGlite is refused.
 */
export async function openBenchDatabase(): Promise<{
  database: DatabaseHandle;
  config: ReturnType<typeof loadConfig>;
}> {
  const config = loadConfig();
  if (!config.databaseUrl?.startsWith("postgres"))
    throw new Error("Set DATABASE_URL to a PostgreSQL database (the benchmark writes to it).");
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await prepareDatabase(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { database, config };
}

/** Tops the listings up to `wanted` with the bulk seed (scripts/seed-bulk.ts) if there are fewer. */
export async function topUpListings(database: DatabaseHandle, wanted: number): Promise<void> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from listings`.execute(database.db);
  const have = rows[0]!.count;
  if (have >= wanted) return;
  console.log(`Topping up ${have.toLocaleString("en")} listings to ${wanted.toLocaleString("en")}…`);
  const seeded = spawnSync("npx", ["tsx", "scripts/seed-bulk.ts", "--listings", String(wanted - have)], {
    stdio: "inherit",
  });
  if (seeded.status !== 0) throw new Error("the bulk seed failed");
}

/**
 * The environment of a production app process on 127.0.0.1:port. PUBLIC_URL is the address the
 * load generator uses: under any other name every GET would be a redirect there. No money moves in
 * a benchmark, but production refuses to start without choosing payments.
 */
export function productionServerEnv(port: number, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    PAYMENTS: "stand-in",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
  };
}

/** A node child process with this process's environment plus `env`; its stderr shows here. */
export function startNode(command: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, command, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...env } });
}

/** Waits until `url` answers 2xx (a server coming up), for up to a minute. */
export async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ok = await fetch(url)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not come up`);
}
