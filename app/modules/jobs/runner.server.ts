import PgBoss from "pg-boss";
import { JOB_QUEUE_SCHEMA, QUEUE_POLICIES } from "./definitions.server";
import { JOB_HANDLERS, type JobDeps } from "./handlers.server";
import { pgBossDb } from "./pg-boss-adapter.server";

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Starts pg-boss's workers (polling with SKIP LOCKED, retries with backoff, cron schedules and its
 * own maintenance) for every queue. Runs inside the web server by default, or alone via
 * `npm run worker`; any number of runners may share one PostgreSQL database.
 */
export async function startJobRunner(
  deps: JobDeps,
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
    const handler = JOB_HANDLERS[policy.name];
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
