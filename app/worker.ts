/**
 * Runs the background jobs without the web server, for deployments that scale them apart:
 *
 *   JOBS_IN_PROCESS=false npm start      # web processes
 *   npm run worker                       # one or more job processes
 *
 * Needs PostgreSQL (DATABASE_URL): the embedded PGlite database belongs to one process.
 */
import { openDatabase } from "~db/index";
import { prepareDatabase } from "~db/migrate";
import { ConfigError, loadConfig } from "~/lib/env.server";
import { createLogger } from "~/lib/logger.server";
import { jobDepsFor } from "~/modules/jobs/deps.server";
import { createStripeClient } from "~/modules/payments/stripe.server";
import { startJobRunner } from "~/modules/jobs/runner.server";

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error(
      "npm run worker needs DATABASE_URL (PostgreSQL): the embedded database can only be opened by one process, " +
        "so with it the jobs run inside the web server (npm start).",
    );
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await prepareDatabase(database.db);
  // With real Stripe keys the worker pays out and refunds. The stand-in lives in the web process
  // only, so without keys those jobs fail here and are retried (run jobs in-process instead).
  const stripe = config.stripe ? createStripeClient({ secretKey: config.stripe.secretKey, standIn: null }) : null;
  const runner = await startJobRunner(
    jobDepsFor(database.db, config, logger, () => {
      if (!stripe) throw new Error("This worker has no Stripe keys; payments jobs run in the web process.");
      return stripe;
    }),
  );
  logger.info("job worker started");
  const stop = async () => {
    await runner.stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
