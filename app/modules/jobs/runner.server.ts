import type { Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { Database } from "~db/schema";
import type { Logger } from "~/lib/logger.server";
import { JOB_QUEUE_SCHEMA, QUEUE_POLICIES, type QueueName } from "./definitions.server";
import { pgBossDb } from "./pg-boss-adapter.server";

/** What the runner itself needs; the handlers' own deps (mail, Stripe) extend it. */
export interface RunnerDeps {
  db: Kysely<Database>;
  logger: Logger;
}

export type JobHandler<Deps extends RunnerDeps = RunnerDeps> = (
  data: Record<string, unknown>,
  deps: Deps,
) => Promise<unknown>;

/** One handler per queue: the queue knows no domain code, so whoever starts it passes them in. */
export type JobHandlers<Deps extends RunnerDeps = RunnerDeps> = Record<QueueName, JobHandler<Deps>>;

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Starts pg-boss's workers (polling with SKIP LOCKED, retries with backoff, cron schedules and its
 * own maintenance) for every queue. Runs inside the web server by default, or alone via
 * `npm run worker`; any number of runners may share one PostgreSQL database. The handlers come
 * from the app's wiring (app/wiring/job-handlers.server.ts), so this folder imports no module.
 */
export async function startJobRunner<Deps extends RunnerDeps>(
  deps: Deps,
  handlers: JobHandlers<Deps>,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<JobRunner> {
  const boss = new PgBoss({
    db: pgBossDb(deps.db),
    schema: JOB_QUEUE_SCHEMA,
    migrate: false,
    supervise: true,
    schedule: true,
  });
  boss.on("error", (error) => deps.logger.error({ err: error }, "job queue error"));
  await boss.start();

  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  for (const policy of QUEUE_POLICIES) {
    const handler = handlers[policy.name];
    await boss.work(policy.name, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
      if (!job) return;
      const log = deps.logger.child({ job: policy.name, jobId: job.id });
      try {
        const output = await handler(job.data as Record<string, unknown>, { ...deps, logger: log });
        log.info({ output }, "job done");
        return output;
      } catch (error) {
        log.warn({ err: error }, "job failed; pg-boss will retry it with backoff");
        throw error;
      }
    });
    if (policy.cron) await boss.schedule(policy.name, policy.cron, {}, { tz: "UTC" });
  }

  return {
    async stop() {
      await boss.stop({ graceful: true, close: false, wait: true, timeout: 5000 });
    },
  };
}
