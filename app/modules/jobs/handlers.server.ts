import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import type { Logger } from "~/lib/logger.server";
import { sendPasswordResetLink } from "~/modules/accounts/password-reset.server";
import { deleteStaleRateLimits } from "~/modules/accounts/rate-limit.server";
import { sendSavedSearchAlerts } from "~/modules/listings/alerts.server";
import { deliverEmail, type DeliveryDeps } from "~/modules/notifications/deliver-email.server";
import { attemptPayout, refundOrder } from "~/modules/orders/money.server";
import { expireDueOffers } from "~/modules/orders/offers.server";
import { autoReceive } from "~/modules/orders/orders.server";
import { reconcileCheckout } from "~/modules/orders/payment-events.server";
import {
  declineUnansweredServiceJobs,
  refundServiceLine,
  remindUnansweredServiceJobs,
} from "~/modules/orders/service-jobs.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { QUEUES, type QueueName } from "./definitions.server";

export interface JobDeps {
  db: Kysely<Database>;
  logger: Logger;
  email: DeliveryDeps;
  /** The Stripe client, once payments are ready (the stand-in only after the server listens). */
  stripe: () => StripeClient;
}

export type JobHandler = (data: Record<string, unknown>, deps: JobDeps) => Promise<unknown>;

function requireString(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (typeof value !== "string" || value.length === 0) throw new Error(`job data is missing "${field}"`);
  return value;
}

/**
 * What each queue does. Every handler is idempotent: a retry after a crash (even one after the
 * side effect) must not repeat the effect. See each handler's module for how.
 */
export const JOB_HANDLERS: Record<QueueName, JobHandler> = {
  [QUEUES.deliverEmail]: async (data, deps) => {
    const outcome = await deliverEmail(deps.db, deps.email, requireString(data, "outboxId"));
    if (outcome === "in-progress") throw new Error("another worker is sending this email; retry later");
    return { outcome };
  },

  [QUEUES.savedSearchAlerts]: async (data, deps) => sendSavedSearchAlerts(deps.db, requireString(data, "listingId")),
  // A retry may send a second link; the newest link wins, so the first simply stops working.
  [QUEUES.sendPasswordReset]: async (data, deps) => {
    // The outcome is not logged with the address: the log must not become an account directory.
    await sendPasswordResetLink(deps.db, requireString(data, "email"));
    return { done: true };
  },

  // Each Stripe call carries an idempotency key per order, payee and purpose: a rerun never pays twice.
  [QUEUES.orderPayout]: async (data, deps) => ({
    outcomes: await attemptPayout(deps.db, deps.stripe(), requireString(data, "orderId")),
  }),
  [QUEUES.orderRefund]: async (data, deps) => ({
    outcome: await refundOrder(deps.db, deps.stripe(), requireString(data, "orderId")),
  }),
  // A declined add-on: a partial refund keyed by order and line.
  [QUEUES.serviceRefund]: async (data, deps) => ({
    outcome: await refundServiceLine(deps.db, deps.stripe(), requireString(data, "orderServiceId")),
  }),
  // Only orders still "shipped" are received automatically; a confirmed or disputed order is skipped.
  [QUEUES.orderAutoReceive]: async (data, deps) => {
    const orderId = requireString(data, "orderId");
    const outcome = await autoReceive(deps.db, orderId);
    if (outcome === "received") await attemptPayout(deps.db, deps.stripe(), orderId).catch(() => undefined);
    return { outcome };
  },

  // Lost webhooks must not keep a listing reserved forever. Still open: retry later.
  [QUEUES.orderCheckoutTimeout]: async (data, deps) => {
    const outcome = await reconcileCheckout(deps.db, deps.stripe(), requireString(data, "orderId"));
    if (outcome === "still-open") throw new Error("the checkout session is still open; retry later");
    return { outcome };
  },

  // Each offer is re-checked under its row lock: a rerun (or two at once) expires nothing twice.
  [QUEUES.offerExpire]: async (_data, deps) => ({ expired: await expireDueOffers(deps.db) }),

  // Each line is re-checked under its row lock; refunds carry a key per order and line.
  [QUEUES.serviceUnanswered]: async (_data, deps) => {
    const stripe = deps.stripe();
    const reminded = await remindUnansweredServiceJobs(deps.db);
    const { declined, completedOrderIds } = await declineUnansweredServiceJobs(deps.db, stripe);
    // The orders that were only waiting for those lines completed: pay everyone (the queued job retries).
    for (const orderId of completedOrderIds) await attemptPayout(deps.db, stripe, orderId).catch(() => undefined);
    return { reminded, declined, completed: completedOrderIds.length };
  },

  // Deleting what has expired is naturally idempotent.
  [QUEUES.cleanUpExpiredAuthRecords]: async (_data, deps) => {
    const now = new Date();
    const sessions = await deps.db.deleteFrom("sessions").where("expiresAt", "<=", now).executeTakeFirst();
    const rateLimits = await deleteStaleRateLimits(deps.db, new Date(Date.now() - 24 * 3600 * 1000));
    const tokens = await deps.db
      .deleteFrom("accountTokens")
      .where("expiresAt", "<=", new Date(now.getTime() - 7 * 24 * 3600 * 1000))
      .executeTakeFirst();
    const challenges = await deps.db.deleteFrom("loginChallenges").where("expiresAt", "<=", now).executeTakeFirst();
    return {
      sessions: Number(sessions.numDeletedRows),
      rateLimits,
      accountTokens: Number(tokens.numDeletedRows),
      loginChallenges: Number(challenges.numDeletedRows),
    };
  },
};
