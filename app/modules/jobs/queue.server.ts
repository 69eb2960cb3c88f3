import type { Kysely, Transaction } from "kysely";
import PgBoss from "pg-boss";
import type { Database } from "~db/schema";
import { JOB_QUEUE_SCHEMA, QUEUE_POLICIES, queueOptions, type QueueName, type QueuePolicy } from "./definitions.server";
import { pgBossDb } from "./pg-boss-adapter.server";

type Executor = Kysely<Database> | Transaction<Database>;

// One pg-boss instance that is never started: it only builds the SQL for send(), and every call
// passes the executor (often a transaction) to run that SQL on, so its own db is never used.
const sender = new PgBoss({
  db: {
    executeSql: () => Promise.reject(new Error("enqueueJob always passes its executor to pg-boss")),
  },
  schema: JOB_QUEUE_SCHEMA,
  supervise: false,
  schedule: false,
});

export interface EnqueueOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
  /** At most one queued job per key and queue (e.g. one alert per listing). */
  singletonKey?: string;
}

/**
 * Adds a job through `executor`: pass the transaction that causes the job, and the job exists only
 * if that transaction commits (a rolled-back order never sends its email).
 */
export async function enqueueJob(
  executor: Executor,
  queue: QueueName,
  data: Record<string, unknown>,
  options: EnqueueOptions = {},
): Promise<string | null> {
  return sender.send(queue, data, { ...options, db: pgBossDb(executor) });
}

/**
 * Installs pg-boss's schema (or migrates it) and creates every queue. Idempotent; run at boot and
 * by `npm run db:migrate`, after the app's own migrations.
 */
export async function installJobQueues(db: Kysely<Database>, policies: QueuePolicy[] = QUEUE_POLICIES): Promise<void> {
  const boss = new PgBoss({
    db: pgBossDb(db),
    schema: JOB_QUEUE_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: true,
  });
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
    for (const policy of policies) {
      if (existing.has(policy.name))
        await boss.updateQueue(policy.name, { name: policy.name, ...queueOptions(policy) });
      else await boss.createQueue(policy.name, { name: policy.name, ...queueOptions(policy) });
    }
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
}

export { QUEUES } from "./definitions.server";
