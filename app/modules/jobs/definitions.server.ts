import type PgBoss from "pg-boss";

/**
 * Every queue, with its retry policy. The handlers live in the app's wiring
 * (app/wiring/job-handlers.server.ts): the queue is infrastructure and imports no module, so any
 * module may enqueue (inside its request transaction) without a cycle.
 */
export const JOB_QUEUE_SCHEMA = "pgboss";

export const QUEUES = {
  deliverEmail: "email-deliver",
  deliverPush: "push-deliver",
  cleanUpExpiredAuthRecords: "maintenance-auth-cleanup",
  savedSearchAlerts: "saved-search-alerts",
  sendPasswordReset: "account-password-reset",
  orderPayout: "order-payout",
  orderRefund: "order-refund",
  orderAutoReceive: "order-auto-receive",
  orderCheckoutTimeout: "order-checkout-timeout",
  orderNoShowAsk: "order-no-show-ask",
  orderNoShowTimeout: "order-no-show-timeout",
  offerExpire: "offer-expire",
  serviceRefund: "service-refund",
  serviceUnanswered: "service-unanswered",
  pickupReminder: "pickup-reminder",
  wantedExpiryNotices: "wanted-expiry-notices",
  followListing: "follow-listing",
  followService: "follow-service",
  priceDrop: "price-drop",
  notificationDigest: "notification-digest",
  insightsRollup: "insights-rollup",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface QueuePolicy {
  name: QueueName;
  /** Attempts after the first; with backoff the delay doubles each time (retryDelay · 2^n seconds). */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  /** Optional cron schedule (UTC) for recurring jobs. */
  cron?: string;
}

export const QUEUE_POLICIES: QueuePolicy[] = [
  { name: QUEUES.deliverEmail, retryLimit: 8, retryDelaySeconds: 15, retryBackoff: true, expireInSeconds: 120 },
  // One device per job: a push service that is down gets the message later; the push itself has a 24-hour TTL.
  { name: QUEUES.deliverPush, retryLimit: 6, retryDelaySeconds: 15, retryBackoff: true, expireInSeconds: 60 },
  { name: QUEUES.savedSearchAlerts, retryLimit: 6, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 300 },
  // A reset link is only useful for an hour: retry quickly, not for long.
  { name: QUEUES.sendPasswordReset, retryLimit: 3, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 60 },
  // Money jobs: every Stripe call carries an idempotency key, so a retry never pays twice.
  { name: QUEUES.orderPayout, retryLimit: 10, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 120 },
  { name: QUEUES.orderRefund, retryLimit: 10, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 120 },
  { name: QUEUES.serviceRefund, retryLimit: 10, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 120 },
  { name: QUEUES.orderCheckoutTimeout, retryLimit: 10, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 60 },
  // Each reminder is recorded on its window under the row's lock: a rerun sends nothing twice.
  { name: QUEUES.pickupReminder, retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 120 },
  { name: QUEUES.orderAutoReceive, retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 120 },
  // A pickup with no handover: ask both sides what happened, and cancel if neither answers (no-show.server.ts).
  { name: QUEUES.orderNoShowAsk, retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 120 },
  { name: QUEUES.orderNoShowTimeout, retryLimit: 5, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 120 },
  // A sweep: checkout already refuses a lapsed offer by its deadline; this records it and tells both sides.
  {
    name: QUEUES.offerExpire,
    retryLimit: 3,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 120,
    cron: "*/5 * * * *",
  },
  // A sweep: add-ons a shop left unanswered 48 hours after payment are declined and refunded.
  {
    name: QUEUES.serviceUnanswered,
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    cron: "*/15 * * * *",
  },
  // A sweep: each notice is keyed by request and expiry, so a rerun tells nobody twice.
  {
    name: QUEUES.wantedExpiryNotices,
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    cron: "41 * * * *",
  },
  // Fan-outs to followers and savers: each notification carries a dedupe key, so a retry tells nobody twice.
  { name: QUEUES.followListing, retryLimit: 6, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 300 },
  { name: QUEUES.followService, retryLimit: 6, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 300 },
  { name: QUEUES.priceDrop, retryLimit: 6, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 300 },
  // Once a day: one email per member and kind for the follow news still waiting (notifications/digest.server.ts).
  {
    name: QUEUES.notificationDigest,
    retryLimit: 3,
    retryDelaySeconds: 300,
    retryBackoff: true,
    expireInSeconds: 900,
    cron: "0 8 * * *",
  },
  // Shop insights (ADR 047): folds new search and add-on events past a watermark and recomputes
  // each shop's figures; a rerun folds nothing twice. Every 10 minutes, so new demand shows within the hour.
  {
    name: QUEUES.insightsRollup,
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 900,
    cron: "*/10 * * * *",
  },
  {
    name: QUEUES.cleanUpExpiredAuthRecords,
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    cron: "17 * * * *",
  },
];

export function queueOptions(policy: QueuePolicy): Omit<PgBoss.Queue, "name"> {
  return {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelaySeconds,
    retryBackoff: policy.retryBackoff,
    expireInSeconds: policy.expireInSeconds,
  };
}
