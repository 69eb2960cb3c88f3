import { sql } from "kysely";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "~db/transaction";
import { createLogger } from "~/lib/logger.server";
import { QUEUE_POLICIES, QUEUES, type QueueName } from "~/modules/jobs/definitions.server";
import { pgBossDb } from "~/modules/jobs/pg-boss-adapter.server";
import { enqueueJob, installJobQueues } from "~/modules/jobs/queue.server";
import { startJobRunner, type JobRunner } from "~/modules/jobs/runner.server";
import { notify } from "~/modules/notifications/notify.server";
import { JOB_HANDLERS } from "~/wiring/job-handlers.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { temporaryMailbox } from "../../support/mail";

const database = useTestDatabase();

async function jobsIn(queue: QueueName, marker: string) {
  const result = await sql<{ state: string; retryCount: number; startAfter: Date }>`
    select state, retry_count, start_after from pgboss.job where name = ${queue} and data->>'marker' = ${marker}`.execute(
    database.db,
  );
  return result.rows;
}

describe("the job queue", () => {
  it("never runs a job enqueued inside a transaction that rolled back", async () => {
    await expect(
      transaction(database.db, async (trx) => {
        await enqueueJob(trx, QUEUES.cleanUpExpiredAuthRecords, { marker: "rolled-back" });
        throw new Error("the order failed");
      }),
    ).rejects.toThrow("the order failed");
    expect(await jobsIn(QUEUES.cleanUpExpiredAuthRecords, "rolled-back")).toEqual([]);

    await transaction(database.db, async (trx) => {
      await enqueueJob(trx, QUEUES.cleanUpExpiredAuthRecords, { marker: "committed" });
    });
    expect(await jobsIn(QUEUES.cleanUpExpiredAuthRecords, "committed")).toMatchObject([{ state: "created" }]);
  });

  it("retries a failing job with a growing delay and marks it failed after its retry limit", async () => {
    const policy = QUEUE_POLICIES.find((candidate) => candidate.name === QUEUES.cleanUpExpiredAuthRecords)!;
    await installJobQueues(database.db, [{ ...policy, retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true }]);
    const boss = new PgBoss({ db: pgBossDb(database.db), schema: "pgboss" });
    await sql`delete from pgboss.job where name = ${policy.name}`.execute(database.db);
    await enqueueJob(database.db, policy.name, { marker: "flaky" });

    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [job] = await boss.fetch(policy.name, { ignoreStartAfter: true });
      expect(job, `attempt ${attempt + 1} should be fetchable`).toBeTruthy();
      await boss.fail(policy.name, job!.id, { message: `boom ${attempt + 1}` });
      const [row] = await jobsIn(policy.name, "flaky");
      if (attempt < 2) {
        // pg-boss counts a retry when it hands the job out again.
        expect(row).toMatchObject({ state: "retry", retryCount: attempt });
        delays.push(row!.startAfter.getTime() - Date.now());
        // Not due yet: an ordinary fetch does not see it until the delay has passed.
        expect(await boss.fetch(policy.name)).toEqual([]);
      } else {
        expect(row).toMatchObject({ state: "failed" });
      }
    }
    expect(delays[0]).toBeGreaterThan(10_000);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
  });
});

describe("the job runner", () => {
  let mailbox: Awaited<ReturnType<typeof temporaryMailbox>>;
  let runner: JobRunner | null = null;
  let failNextDeliveryAfterSending = false;

  beforeAll(async () => {
    mailbox = await temporaryMailbox();
    // Retry at once so the test sees the retry without waiting out a real backoff.
    await installJobQueues(
      database.db,
      QUEUE_POLICIES.map((policy) => ({ ...policy, retryDelaySeconds: 0, retryBackoff: false })),
    );
    runner = await startJobRunner(
      {
        db: database.db,
        logger: createLogger("silent"),
        stripe: () => {
          throw new Error("no payments in this test");
        },
        email: {
          transport: mailbox.transport,
          publicUrl: "http://stoop.test",
          from: "Stoop <no-reply@stoop.test>",
          afterSend: () => {
            if (failNextDeliveryAfterSending) {
              failNextDeliveryAfterSending = false;
              throw new Error("the process died right after the SMTP server accepted the email");
            }
          },
        },
      },
      JOB_HANDLERS,
      { pollingIntervalSeconds: 0.5 },
    );
  });

  afterAll(async () => {
    await runner?.stop();
    await mailbox.remove();
  });

  it("delivers a notification's email once, even when the first attempt dies after sending", async () => {
    const member = await createUser(database.db);
    failNextDeliveryAfterSending = true;
    await transaction(database.db, (trx) =>
      notify(trx, member.id, "account_security", { title: "Your password was changed", body: "It was you, we hope." }),
    );
    await expect
      .poll(
        async () =>
          (await database.db
            .selectFrom("emailOutbox")
            .select(["sentAt", "attempts"])
            .where("userId", "=", member.id)
            .executeTakeFirst()) ?? null,
        { timeout: 15_000, interval: 200 },
      )
      .toMatchObject({ sentAt: expect.any(Date), attempts: 2 });

    // Sent twice to the transport (the crash came after it), yet one email in the mailbox.
    expect(mailbox.sent.filter((email) => email.to === member.email)).toHaveLength(2);
    const delivered = (await mailbox.messages()).filter((message) => message.to === member.email);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ subject: "Your password was changed" });
    expect(delivered[0]!.text).toContain("Unsubscribe from these emails: http://stoop.test/email/unsubscribe/");
  });
});
