import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import type { Config } from "~/lib/env.server";
import type { Logger } from "~/lib/logger.server";
import { transportFor } from "~/modules/notifications/mail-transport.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import type { JobDeps } from "./job-handlers.server";

/** The handlers' deps: the mail transport from the config, and Stripe once payments are ready. */
export function jobDepsFor(
  db: Kysely<Database>,
  config: Config,
  logger: Logger,
  stripe: () => StripeClient = () => {
    throw new Error(
      "Payments are not available to this worker: set STRIPE_SECRET_KEY, or run jobs in the web process.",
    );
  },
): JobDeps {
  return {
    db,
    logger,
    stripe,
    noShowDays: config.orderPickupNoShowDays,
    pickupTimeZone: config.pickupTimeZone,
    push: { config: config.push },
    email: { transport: transportFor(config), publicUrl: config.publicUrl, from: config.mailFrom },
  };
}
