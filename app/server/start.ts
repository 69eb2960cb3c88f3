import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import type { Kysely } from "kysely";
import { openDatabase, type DatabaseHandle } from "~db/index";
import { prepareDatabase } from "~db/migrate";
import type { Database } from "~db/schema";
import { requirePaymentsConfigured, type Config } from "~/lib/env.server";
import type { Logger } from "~/lib/logger.server";
import { startJobRunner, type JobRunner } from "~/modules/jobs/runner.server";
import { headerCounts } from "~/modules/community/messages.server";
import { vapidKeys } from "~/modules/notifications/push.server";
import { followListingChanges } from "~/modules/listings/search-cache.server";
import { followFeedChanges } from "~/modules/community/feed-cache.server";
import { PaymentsRuntime } from "~/modules/payments/runtime.server";
import { jobDepsFor } from "~/wiring/job-deps.server";
import { JOB_HANDLERS } from "~/wiring/job-handlers.server";
import { createHttpApp } from "./http";
import { startLiveStreams, type LiveStreams } from "./live-streams";

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
}

export interface StartOptions {
  /** The built server bundle this code is part of (build/index.js), as the host imported it. */
  build: ServerBuild;
  /** The project directory: `public/` is served from there. */
  rootDir: string;
  /** Loads the demo data (db/seed.ts, only with --seed-demo): the host passes it in, so the bundle never carries it. */
  seedDemo?: (db: Kysely<Database>, options: { dataDir: string; s3: Config["s3"] }) => Promise<DemoLogin[]>;
}

export interface RunningStoop {
  database: DatabaseHandle;
  server: Server;
  url: string;
  demoLogins: DemoLogin[];
  payments: PaymentsRuntime;
  close(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL or the embedded PGlite), brings it up to date, optionally loads
 * the demo data, starts the job workers and serves the Remix build. It runs inside the built server
 * bundle (app/server/host.server.ts): `app/server.ts` (npm start) and the end-to-end harness import
 * build/index.js and call it from there.
 */
export async function startStoop(config: Config, logger: Logger, options: StartOptions): Promise<RunningStoop> {
  const { build, rootDir } = options;
  requirePaymentsConfigured(config);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleClientError: (error) => logger.warn({ err: error }, "an idle database connection failed; it was replaced"),
  });
  logger.info({ database: database.kind, location: database.location }, "database opened");

  for (const line of await prepareDatabase(database.db)) logger.info(line);
  // Web Push signs with one VAPID key pair for good: generated here at first boot unless configured (ADR 044).
  const vapid = await vapidKeys(database.db, config.push);
  logger.info({ configured: Boolean(config.push.vapidKeys), publicKey: vapid.publicKey }, "web push keys ready");
  // Other app processes on this database announce their listing changes; drop our cached search
  // pages when they do (ADR 040).
  const bus = database.openNotifyBus({
    onError: (error) =>
      logger.warn({ err: error }, "the notify bus (search caches, live streams) lost its connection; retrying"),
  });
  await followListingChanges(bus);
  // And their follows, feed places, shops' services and answers: drop our cached feed pages (ADR 049).
  await followFeedChanges(bus);
  // Messages, read receipts and the bell reach open tabs through the same bus (ADR 045).
  const live: LiveStreams = await startLiveStreams({
    db: database.db,
    bus,
    logger,
    countsFor: (userId) => headerCounts(database.db, userId),
    maxStreamsPerUser: config.liveStreamsPerMember,
  });
  const demoLogins = options.seedDemo
    ? await options.seedDemo(database.db, { dataDir: config.dataDir, s3: config.s3 })
    : [];

  const payments = new PaymentsRuntime(config);
  let jobs: JobRunner | null = null;
  if (config.jobsInProcess) {
    jobs = await startJobRunner(
      jobDepsFor(database.db, config, logger, () => payments.stripe),
      JOB_HANDLERS,
    );
    logger.info("background jobs run in this process");
  }

  const app = createHttpApp({ build, config, db: database.db, logger, rootDir, payments, live });

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
      // Open event streams would hold server.close() for its whole grace period; end them first
      // (the browsers reconnect, to another process if there is one).
      await live.close();
      // Keep-alive connections can hold close() open; don't wait on them forever.
      await Promise.race([
        new Promise((resolve) => server.close(resolve)),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]);
      await jobs?.stop();
      payments.close();
      await bus.close();
      await database.close();
    },
  };
}
