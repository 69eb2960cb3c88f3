import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import type { Config } from "~/lib/env.server";
import type { Logger } from "~/lib/logger.server";
import { transportFor } from "~/modules/notifications/mail-transport.server";
import type { JobDeps } from "./handlers.server";

export function jobDepsFor(db: Kysely<Database>, config: Config, logger: Logger): JobDeps {
  return {
    db,
    logger,
    email: { transport: transportFor(config), publicUrl: config.publicUrl, from: config.mailFrom },
  };
}
