import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase, type DatabaseHandle } from "~db/index";
import { prepareDatabase } from "~db/migrate";
import { seedDemoData } from "~db/seed";
import { requirePaymentsConfigured, type Config } from "~/lib/env.server";
import type { Logger } from "~/lib/logger.server";
import { jobDepsFor } from "~/modules/jobs/deps.server";
import { startJobRunner, type JobRunner } from "~/modules/jobs/runner.server";
import { PaymentsRuntime } from "~/modules/payments/runtime.server";
import { createHttpApp } from "./http";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningStoop {
  database: DatabaseHandle;
  server: Server;
  url: string;
  demoLogins: { email: string; password: string; role: string }[];
  payments: PaymentsRuntime;
  close(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL or the embedded PGlite), brings it up to date, optionally loads
 * the demo data, starts the job workers and serves the Remix build. `app/server.ts` (npm start)
 * and the end-to-end harness both start Stoop through here.
 */
export async function startStoop(
  config: Config,
  logger: Logger,
  options: { seedDemo: boolean },
): Promise<RunningStoop> {
  requirePaymentsConfigured(config);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleClientError: (error) => logger.warn({ err: error }, "an idle database connection failed; it was replaced"),
  });
  logger.info({ database: database.kind, location: database.location }, "database opened");

  for (const line of await prepareDatabase(database.db)) logger.info(line);
  const demoLogins = options.seedDemo ? await seedDemoData(database.db, { dataDir: config.dataDir }) : [];

  const payments = new PaymentsRuntime(config);
  let jobs: JobRunner | null = null;
  if (config.jobsInProcess) {
    jobs = await startJobRunner(jobDepsFor(database.db, config, logger, () => payments.stripe));
    logger.info("background jobs run in this process");
  }

  const build = (await import(pathToFileURL(path.join(rootDir, "build/index.js")).href)) as ServerBuild;
  const app = createHttpApp({ build, config, db: database.db, logger, rootDir, payments });

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  payments.attachToPort(config.host, port);
  const url = config.publicUrl.includes(`:${config.port}`)
    ? config.publicUrl.replace(`:${config.port}`, `:${port}`)
    : config.publicUrl;

  return {
    database,
    server,
    url,
    demoLogins,
    payments,
    async close() {
      // Keep-alive connections can hold close() open; don't wait on them forever.
      await Promise.race([
        new Promise((resolve) => server.close(resolve)),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]);
      await jobs?.stop();
      payments.close();
      await database.close();
    },
  };
}
