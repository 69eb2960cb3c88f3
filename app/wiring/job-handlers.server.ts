import { sendPasswordResetLink } from "~/modules/accounts/password-reset.server";
import { cleanUpExpiredAuthRecords } from "~/modules/accounts/housekeeping.server";
import { notifyFollowersOfListing, notifyFollowersOfService } from "~/modules/community/follows.server";
import { sendSavedSearchAlerts } from "~/modules/listings/alerts.server";
import { sendWantedExpiryNotices } from "~/modules/community/wanted.server";
import { isPriceAlertReason, sendPriceDropAlerts } from "~/modules/listings/price-drops.server";
import { sendNotificationDigests } from "~/modules/notifications/digest.server";
import { rollUpInsights } from "~/modules/insights/rollup.server";
import { deliverEmail, type DeliveryDeps } from "~/modules/notifications/deliver-email.server";
import {
  deliverPush,
  prunePushDeliveries,
  type PushDeliveryDeps,
  type PushMessage,
} from "~/modules/notifications/push.server";
import { attemptPayout, refundOrder } from "~/modules/orders/money.server";
import { askAboutNoShow, DEFAULT_NO_SHOW_DAYS, noShowTimeout } from "~/modules/orders/no-show.server";
import { expireDueOffers } from "~/modules/orders/offers.server";
import { autoReceive } from "~/modules/orders/orders.server";
import { reconcileCheckout } from "~/modules/orders/payment-events.server";
import { REMINDERS, sendPickupReminder, type ReminderKind } from "~/modules/orders/pickup-times.server";
import {
  declineUnansweredServiceJobs,
  refundServiceLine,
  remindUnansweredServiceJobs,
} from "~/modules/orders/service-jobs.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { pruneLiveEvents } from "~/modules/notifications/live-events.server";
import type { JobHandlers, RunnerDeps } from "~/modules/jobs/runner.server";

export interface JobDeps extends RunnerDeps {
  email: DeliveryDeps;
  /** Web Push settings (jobDepsFor always sets them; tests that send no push may leave them out). */
  push?: PushDeliveryDeps;
  /** The Stripe client, once payments are ready (the stand-in only after the server listens). */
  stripe: () => StripeClient;
  /** ORDER_PICKUP_NO_SHOW_DAYS (7 unless configured). */
  noShowDays?: number;
  /** The time zone pickup reminders state their window in (config PICKUP_TIME_ZONE; UTC if unset). */
  pickupTimeZone?: string;
}

function requireString(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (typeof value !== "string" || value.length === 0) throw new Error(`job data is missing "${field}"`);
  return value;
}

function pushMessageFrom(data: Record<string, unknown>): PushMessage {
  const message = data.message as Partial<PushMessage> | undefined;
  if (
    !message ||
    typeof message.title !== "string" ||
    typeof message.body !== "string" ||
    typeof message.kind !== "string"
  ) {
    throw new Error('job data is missing "message"');
  }
  return {
    title: message.title,
    body: message.body,
    url: typeof message.url === "string" ? message.url : null,
    kind: message.kind,
  };
}

/**
 * What each queue does: the app's wiring, above every module, so the queue (app/modules/jobs) stays
 * infrastructure that imports none of them (ADR 029). Every handler is idempotent: a retry after a crash (even one after the
 * side effect) must not repeat the effect. See each handler's module for how.
 */
export const JOB_HANDLERS: JobHandlers<JobDeps> = {
  [QUEUES.deliverEmail]: async (data, deps) => {
    const outcome = await deliverEmail(deps.db, deps.email, requireString(data, "outboxId"));
    if (outcome === "in-progress") throw new Error("another worker is sending this email; retry later");
    return { outcome };
  },

  // 404/410 delete the device's subscription; other failures throw, and the retry sends the same message.
  // A push the device's service accepted is recorded, so a rerun of the job does not post it again (ADR 048).
  [QUEUES.deliverPush]: async (data, deps) => {
    if (!deps.push) throw new Error("this worker was started without push settings");
    const pushId = typeof data.pushId === "string" ? data.pushId : null;
    return {
      outcome: await deliverPush(
        deps.db,
        deps.push,
        requireString(data, "subscriptionId"),
        pushMessageFrom(data),
        pushId,
      ),
    };
  },

  [QUEUES.savedSearchAlerts]: async (data, deps) => sendSavedSearchAlerts(deps.db, requireString(data, "listingId")),
  // Followers and savers: every notification carries a dedupe key (per item and member), so a retry tells nobody twice.
  [QUEUES.followListing]: async (data, deps) => notifyFollowersOfListing(deps.db, requireString(data, "listingId")),
  [QUEUES.followService]: async (data, deps) => notifyFollowersOfService(deps.db, requireString(data, "serviceId")),
  [QUEUES.priceDrop]: async (data, deps) => {
    const reason = requireString(data, "reason");
    if (!isPriceAlertReason(reason)) throw new Error(`unknown price alert reason "${reason}"`);
    return sendPriceDropAlerts(deps.db, requireString(data, "listingId"), reason);
  },
  // Items are marked digested in the transaction that writes their email: a rerun sends nothing twice.
  [QUEUES.notificationDigest]: async (_data, deps) => sendNotificationDigests(deps.db),
  // A watermark under a row lock: a rerun (or two runs at once) folds no event twice (rollup.server.ts).
  [QUEUES.insightsRollup]: async (_data, deps) => ({ ...(await rollUpInsights(deps.db)) }),
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

  // A pickup with no handover: ask both sides (a handed-over or cancelled order, or a rerun, does nothing).
  [QUEUES.orderNoShowAsk]: async (data, deps) => ({
    outcome: await askAboutNoShow(deps.db, requireString(data, "orderId"), {
      noShowDays: deps.noShowDays ?? DEFAULT_NO_SHOW_DAYS,
    }),
  }),
  // Nobody answered: cancel and refund (the refund job queued with the cancellation retries a failure).
  [QUEUES.orderNoShowTimeout]: async (data, deps) => {
    const orderId = requireString(data, "orderId");
    const outcome = await noShowTimeout(deps.db, orderId);
    if (outcome === "cancelled") await refundOrder(deps.db, deps.stripe(), orderId).catch(() => undefined);
    return { outcome };
  },
  // Recorded on the window under its lock: a rerun, a duplicate job or a withdrawn window sends nothing.
  [QUEUES.pickupReminder]: async (data, deps) => {
    const kind = requireString(data, "kind");
    if (!Object.hasOwn(REMINDERS, kind)) throw new Error(`unknown pickup reminder "${kind}"`);
    return {
      outcome: await sendPickupReminder(deps.db, {
        windowId: requireString(data, "windowId"),
        kind: kind as ReminderKind,
        timeZone: deps.pickupTimeZone ?? "UTC",
      }),
    };
  },

  // Lost webhooks must not keep a listing reserved forever. Still open: retry later.
  [QUEUES.orderCheckoutTimeout]: async (data, deps) => {
    const outcome = await reconcileCheckout(deps.db, deps.stripe(), requireString(data, "orderId"));
    if (outcome === "still-open") throw new Error("the checkout session is still open; retry later");
    return { outcome };
  },

  // Each notice is keyed by request and expiry: a rerun (or two at once) notifies nobody twice.
  [QUEUES.wantedExpiryNotices]: async (_data, deps) => ({ notified: await sendWantedExpiryNotices(deps.db) }),

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
  // The live stream's replay log (kept a day: ADR 045) and the push delivery records (two days: ADR 048) ride the same hourly sweep.
  [QUEUES.cleanUpExpiredAuthRecords]: async (_data, deps) => ({
    ...(await cleanUpExpiredAuthRecords(deps.db)),
    liveEvents: await pruneLiveEvents(deps.db),
    pushDeliveries: await prunePushDeliveries(deps.db),
  }),
};
