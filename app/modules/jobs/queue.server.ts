import type { Kysely, Transaction } from "kysely";
import PgBoss from "pg-boss";
import type { Database } from "~db/schema";
import { JOB_QUEUE_SCHEMA, QUEUE_POLICIES, queueOptions, type QueueName, type QueuePolicy } from "./definitions.server";
import { pgBossDb } from "./pg-boss-adapter.server";

type Executor = Kysely<Database> | Transaction<Database>;

// A pg-boss instance that is never started: it only builds the SQL for send/retry/fetch, and every
// call hands it the executor to run that SQL on. Cheap, stateless, safe to share.
const senders = new WeakMap<object, PgBoss>();
function senderFor(db: Executor): PgBoss {
  let sender = senders.get(db);
  if (!sender) {
    sender = new PgBoss({ db: pgBossDb(db), schema: JOB_QUEUE_SCHEMA, supervise: false, schedule: false });
    senders.set(db, sender);
  }
  return sender;
}

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
  return senderFor(executor).send(queue, data, { ...options, db: pgBossDb(executor) });
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
