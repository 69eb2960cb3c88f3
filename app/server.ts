/**
 * Starts Stoop: parse the configuration, open the database (PostgreSQL or the embedded PGlite),
 * apply migrations, optionally load demo data, then serve the Remix build.
 *
 *   node --import tsx app/server.ts [--seed-demo]
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase } from "~db/index";
import { migrateToLatest } from "~db/migrate";
import { seedDemoData } from "~db/seed";
import { ConfigError, loadConfig } from "~/lib/env.server";
import { createLogger } from "~/lib/logger.server";
import { createHttpApp } from "./server/http";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ database: database.kind, location: database.location }, "database opened");

  const applied = await migrateToLatest(database.db);
  for (const line of applied) logger.info(line);

  let demoLogins: { email: string; password: string; role: string }[] = [];
  if (process.argv.includes("--seed-demo")) demoLogins = await seedDemoData(database.db, { dataDir: config.dataDir });

  const buildPath = path.join(rootDir, "build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createHttpApp({ build, config, db: database.db, logger, rootDir });

  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = config.publicUrl.includes(`:${config.port}`)
      ? config.publicUrl.replace(`:${config.port}`, `:${port}`)
      : config.publicUrl;
    const lines = [
      "",
      `  Stoop is running at ${url}`,
      `  database: ${database.kind === "pglite" ? `embedded PGlite in ${database.location}` : database.location}`,
    ];
    if (demoLogins.length > 0) {
      lines.push("  demo logins:");
      for (const login of demoLogins) lines.push(`    ${login.email.padEnd(24)} ${login.password}   (${login.role})`);
    }
    lines.push("");
    console.log(lines.join("\n"));
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    server.close(async () => {
      await database.close();
      process.exit(0);
    });
    // Keep-alive connections can hold close() open; don't wait on them forever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Stoop failed to start: ${error.message}` : error);
  process.exit(1);
});
