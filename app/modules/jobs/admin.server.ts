import { sql, type Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { Database } from "~db/schema";
import { InvalidInput, NotFound } from "~/lib/errors";
import { enqueueJob } from "./queue.server";
import { JOB_QUEUE_SCHEMA, QUEUE_POLICIES, type QueueName } from "./definitions.server";
import { pgBossDb } from "./pg-boss-adapter.server";

import { JOB_STATES, type JobState } from "./job-states";

export interface QueueCounts {
  name: string;
  /** A sweep on a schedule: it needs no data, so an admin may run it at once. */
  scheduled: boolean;
  counts: Record<JobState, number>;
}

export interface FailedJob {
  id: string;
  queue: string;
  error: string;
  failedAt: Date | null;
  attempts: number;
}

/** For operators: how many jobs sit in each state of each queue, and the latest failures. */
export async function queueOverview(db: Kysely<Database>): Promise<{ queues: QueueCounts[]; failures: FailedJob[] }> {
  const counts = await sql<{ name: string; state: JobState; count: number }>`
    select name, state::text as state, count(*)::int as count
    from pgboss.job where name not like '\\_\\_pgboss%' group by name, state`.execute(db);
  const queues = QUEUE_POLICIES.map((policy) => {
    const empty = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    for (const row of counts.rows) if (row.name === policy.name) empty[row.state] = Number(row.count);
    return { name: policy.name, scheduled: Boolean(policy.cron), counts: empty };
  });
  const failures = await sql<{
    id: string;
    name: string;
    output: unknown;
    completedOn: Date | null;
    retryCount: number;
  }>`
    select id::text as id, name, output, completed_on, retry_count
    from pgboss.job where state = 'failed' and name not like '\\_\\_pgboss%'
    order by completed_on desc nulls last limit 20`.execute(db);
  return {
    queues,
    failures: failures.rows.map((row) => ({
      id: row.id,
      queue: row.name,
      error: errorMessage(row.output),
      failedAt: row.completedOn,
      attempts: Number(row.retryCount) + 1,
    })),
  };
}

function errorMessage(output: unknown): string {
  if (output && typeof output === "object" && "message" in output)
    return String((output as { message: unknown }).message);
  if (output === null || output === undefined) return "(no error recorded)";
  return JSON.stringify(output).slice(0, 300);
}

/** Puts a failed job back in the queue for one more attempt. */
export async function retryFailedJob(db: Kysely<Database>, queue: QueueName, jobId: string): Promise<void> {
  const boss = new PgBoss({ db: pgBossDb(db), schema: JOB_QUEUE_SCHEMA });
  // pg-boss's typings say void; the call returns { affected } (src/manager.js mapCommandResponse).
  const result = (await boss.retry(queue, jobId)) as unknown as { affected: number } | undefined;
  if (!result || result.affected === 0) throw new NotFound("That job is not failed any more (or never existed).");
}

/**
 * Runs a scheduled sweep now (the insights rollup after an incident, say). Only queues with a cron
 * schedule: their handlers need no data and are idempotent, so an extra run changes nothing twice.
 */
export async function runScheduledJobNow(db: Kysely<Database>, queue: QueueName): Promise<string | null> {
  const policy = QUEUE_POLICIES.find((candidate) => candidate.name === queue);
  if (!policy?.cron) throw new InvalidInput("Only scheduled jobs can be run at once.", {});
  return enqueueJob(db, queue, { requestedBy: "admin" });
}
