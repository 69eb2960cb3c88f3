import { openDatabase } from "~db/index";
import { prepareDatabase } from "~db/migrate";
import type { Config } from "~/lib/env.server";
import type { Logger } from "~/lib/logger.server";
import { startJobRunner } from "~/modules/jobs/runner.server";
import { createStripeClient } from "~/modules/payments/stripe.server";
import { jobDepsFor } from "~/wiring/job-deps.server";
import { JOB_HANDLERS } from "~/wiring/job-handlers.server";

/**
 * Runs the background jobs without the web server (`npm run worker`, app/worker.ts). Like
 * `startStoop` it runs inside the built server bundle, so the jobs use the app's one copy of
 * every module. Needs PostgreSQL: the caller checks `config.databaseUrl`.
 */
export async function startJobWorker(
  config: Config & { databaseUrl: string },
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
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
    JOB_HANDLERS,
  );
  return {
    async stop() {
      await runner.stop();
      await database.close();
    },
  };
}
