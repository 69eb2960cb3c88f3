import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { InvalidInput, InvalidTransition } from "~/lib/errors";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { jobsBoardRows } from "~/modules/retailers/jobs-board.server";
import { notify } from "~/modules/notifications/notify.server";
import { refundsByLineOfOrders } from "~/modules/payments/ledger.server";
import { payeeNet } from "./fees";
import { serviceLineKey } from "./lines.server";
import { collectWithCode } from "./handover.server";
import { refundOrder } from "./money.server";
import { isWorkable, jobActionsFor, WORKABLE_ORDER_STATUSES } from "./service-line-machine";
import { moveServiceLine, refundServiceLine, SYSTEM } from "./service-lines.server";

/**
 * What a shop's staff do to an order's service lines (the jobs board's buttons), and the sweep
 * that answers for a shop that doesn't. Each move is service-lines.server.ts moveServiceLine; a
 * decline or a failed inspection then tries its refund at once (the queued job retries it).
 */

type Db = Kysely<Database>;

export { refundServiceLine };

/** A shop's incoming jobs (retailers' read model), each with the moves its staff can make now. */
export async function serviceJobsFor(db: Db, retailerId: string, staffId: string) {
  const jobs = await jobsBoardRows(db, retailerId, staffId);
  const refunds = await refundsByLineOfOrders(
    db,
    jobs.map((job) => job.orderId),
  );
  return jobs.map((job) => ({
    ...job,
    // What the shop is paid for the job: its price less the ledger's refunds on it and the fee
    // (the rule the transfer follows, lines.server.ts payeeTotals), not the price less the fee.
    shareCents: payeeNet(
      job.priceCents,
      Math.min(job.priceCents, refunds.get(job.orderId)?.get(serviceLineKey(job.id)) ?? 0),
      job.platformFeeCents,
    ),
    // Only orders still in progress can move a job.
    actions: isWorkable(job.orderStatus) ? jobActionsFor(job) : [],
  }));
}

export const acceptServiceJob = (db: Db, lineId: string, staffId: string) =>
  moveServiceLine(db, lineId, staffId, "accept");
/** autoConfirmDays: on a bought quote, when the member's confirmation is made for them (ORDER_AUTO_RECEIVE_DAYS). */
export const markServiceDone = (db: Db, lineId: string, staffId: string, options: { autoConfirmDays?: number } = {}) =>
  moveServiceLine(db, lineId, staffId, "done", options);
/** Inspection passed; handoff drop-off and collection. */
export const passInspection = (db: Db, lineId: string, staffId: string) => moveServiceLine(db, lineId, staffId, "pass");
export const confirmDropOff = (db: Db, lineId: string, staffId: string) =>
  moveServiceLine(db, lineId, staffId, "dropOff");
/**
 * The buyer collects at a handoff point: only with their handover code (handover.server.ts). A
 * wrong code is counted in its own committed transaction, then refused next to the code field.
 */
export async function confirmCollection(
  db: Db,
  lineId: string,
  staffId: string,
  handover: { code: string; secret: string | null },
) {
  if (!/^\d{6}$/.test(handover.code)) throw new InvalidInput("Enter the buyer's 6-digit handover code.");
  const collected = await collectWithCode(db, { lineId, staffId, ...handover });
  if (!collected.ok) throw new InvalidInput(collected.message);
  return collected.result;
}

/** Inspection failed: the order is cancelled and refunded in full at once (the queued job retries). */
export async function failInspection(db: Db, stripe: StripeClient, lineId: string, staffId: string) {
  const result = await moveServiceLine(db, lineId, staffId, "fail");
  try {
    await refundOrder(db, stripe, result.orderId);
  } catch {
    // Left to the order-refund job queued with the cancellation.
  }
  return result;
}

/**
 * Declining refunds exactly that line: the decline commits with a queued refund job, then the
 * refund is tried at once (the job retries it if Stripe is unreachable).
 */
export async function declineServiceJob(db: Db, stripe: StripeClient, lineId: string, staffId: string) {
  const result = await moveServiceLine(db, lineId, staffId, "decline");
  try {
    await refundServiceLine(db, stripe, lineId);
    // A service-only order is cancelled by its decline: its full refund (exactly the quote).
    if (result.cancelled) await refundOrder(db, stripe, result.orderId);
  } catch {
    // Left to the service-refund job queued with the decline.
  }
  return result;
}

/** A shop that hasn't accepted or declined an add-on this long after payment loses the job. */
export const UNANSWERED_JOB_HOURS = 48;

/** Half-way to the automatic decline, the shop's staff are reminded once. */
export const UNANSWERED_JOB_REMINDER_HOURS = 24;

/**
 * Part of the same sweep: every add-on still `requested` 24 hours after payment gets one reminder
 * to each of its shop's staff (a dedupe key per line and person, so reruns remind nobody twice),
 * saying when it will be declined.
 */
export async function remindUnansweredServiceJobs(db: Db, now: Date = new Date()): Promise<number> {
  const due = await db
    .selectFrom("orderServices")
    .innerJoin("orders", "orders.id", "orderServices.orderId")
    .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
    .innerJoin("retailerStaff", "retailerStaff.retailerId", "retailers.id")
    .select(["orderServices.id", "orderServices.title", "orders.paidAt", "retailers.slug", "retailerStaff.userId"])
    .where("orderServices.status", "=", "requested")
    .where("orders.paidAt", "<=", new Date(now.getTime() - UNANSWERED_JOB_REMINDER_HOURS * 3600 * 1000))
    .where("orders.paidAt", ">", new Date(now.getTime() - UNANSWERED_JOB_HOURS * 3600 * 1000))
    .where("orders.status", "in", WORKABLE_ORDER_STATUSES)
    .orderBy("orders.paidAt")
    .limit(1000)
    .execute();
  let reminded = 0;
  for (const job of due) {
    const declineAt = new Date(job.paidAt!.getTime() + UNANSWERED_JOB_HOURS * 3600 * 1000);
    const hoursLeft = Math.max(1, Math.round((declineAt.getTime() - now.getTime()) / (3600 * 1000)));
    const result = await transaction(db, (trx) =>
      notify(
        trx,
        job.userId,
        "service_job",
        {
          title: `Waiting for your answer: ${job.title}`,
          body: `Accept or decline "${job.title}" within about ${hoursLeft} hour${hoursLeft === 1 ? "" : "s"}; after that it is declined for you and the buyer refunded.`,
          url: `/retailers/${job.slug}/jobs`,
        },
        { dedupeKey: `order-service:${job.id}:reminder:${job.userId}` },
      ),
    );
    if (!result.duplicate) reminded += 1;
  }
  return reminded;
}

/**
 * The scheduled sweep (queue `service-unanswered`): declines every add-on still `requested`
 * 48 hours after its order was paid, through the same decline as staff use (event row, buyer and
 * seller notified, a partial refund of exactly that line keyed by order and line, and the order
 * completes if it was only waiting for that line). Each line is re-checked under its row lock,
 * so a rerun (or two runs at once) declines and refunds nothing twice.
 */
export async function declineUnansweredServiceJobs(
  db: Db,
  stripe: StripeClient,
  now: Date = new Date(),
): Promise<{ declined: number; completedOrderIds: string[] }> {
  const due = await db
    .selectFrom("orderServices")
    .innerJoin("orders", "orders.id", "orderServices.orderId")
    .select("orderServices.id")
    .where("orderServices.status", "=", "requested")
    .where("orders.paidAt", "<=", new Date(now.getTime() - UNANSWERED_JOB_HOURS * 3600 * 1000))
    .where("orders.status", "in", WORKABLE_ORDER_STATUSES)
    .orderBy("orders.paidAt")
    .limit(500)
    .execute();
  let declined = 0;
  const completedOrderIds: string[] = [];
  for (const { id } of due) {
    let result: Awaited<ReturnType<typeof moveServiceLine>>;
    try {
      result = await moveServiceLine(db, id, SYSTEM, "decline");
    } catch (error) {
      // Answered (or declined by another run) since the select: nothing to do.
      if (error instanceof InvalidTransition) continue;
      throw error;
    }
    declined += 1;
    try {
      await refundServiceLine(db, stripe, id);
      if (result.cancelled) await refundOrder(db, stripe, result.orderId);
    } catch {
      // Left to the service-refund job queued with the decline.
    }
    if (result.completed) completedOrderIds.push(result.orderId);
  }
  return { declined, completedOrderIds };
}
