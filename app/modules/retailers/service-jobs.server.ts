import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ServiceKind, ServiceLineStatus } from "~db/schema-retailers";
import { transaction } from "~db/transaction";
import { InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { formatMoney } from "~/lib/money";
import { checkTransition, transitionCheck, type StateMachine, type TransitionRule } from "~/lib/transitions";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { notify } from "~/modules/notifications/notify.server";
import { orderLines, serviceLineKey, type OrderLine } from "~/modules/orders/lines.server";
import { refundOrder } from "~/modules/orders/money.server";
import { confirmReceipt, transitionOrder } from "~/modules/orders/orders.server";
import { payeeNet } from "~/modules/orders/fees";
import { planRefunds, sendPendingRefunds } from "~/modules/payments/gateway.server";
import { refundsByLineOfOrders } from "~/modules/payments/ledger.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { OPEN_SERVICE_STATUSES, openServiceLineCount } from "./order-services.server";
import { assertRetailerStaff } from "./retailers.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type Executor = Db | Trx;

/** The order's add-on lines, each paid to its retailer (lines.server.ts holds every line's shape). */
export async function serviceLinesFor(db: Executor, orderId: string): Promise<OrderLine[]> {
  return (await orderLines(db, orderId)).filter((line) => line.payee.kind === "retailer");
}

/** The service lines of an order, for its buyer and seller (the order page). */
export async function serviceLinesForOrderPage(db: Executor, orderId: string) {
  return db
    .selectFrom("orderServices")
    .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
    .select([
      "orderServices.id",
      "orderServices.title",
      "orderServices.priceCents",
      "orderServices.refundedCents",
      "orderServices.platformFeeCents",
      "orderServices.status",
      "orderServices.kind",
      "orderServices.performedAt",
      "retailers.name as retailerName",
      "retailers.slug as retailerSlug",
      "orderServices.retailerId",
    ])
    .where("orderServices.orderId", "=", orderId)
    .orderBy("orderServices.createdAt")
    .orderBy("orderServices.id")
    .execute();
}

/** A shop's incoming jobs: paid orders only (an unpaid checkout is not a job yet). */
export async function serviceJobsFor(db: Executor, retailerId: string, staffId: string) {
  await assertRetailerStaff(db, retailerId, staffId);
  return db
    .selectFrom("orderServices")
    .innerJoin("orders", "orders.id", "orderServices.orderId")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .innerJoin("users as buyer", "buyer.id", "orders.buyerId")
    .select([
      "orderServices.id",
      "orderServices.title",
      "orderServices.priceCents",
      "orderServices.platformFeeCents",
      "orderServices.status",
      "orderServices.kind",
      "orderServices.performedAt",
      "orderServices.leadDays",
      "orderServices.createdAt",
      "orders.id as orderId",
      "orders.status as orderStatus",
      "orders.delivery",
      "orders.shipCity",
      "orders.paidAt",
      "listings.title as listingTitle",
      "listings.placeName",
      "buyer.displayName as buyerName",
      // The shop's payout for the order (one per retailer and order), once the order completes.
      (eb) =>
        eb
          .selectFrom("payouts")
          .select("payouts.status")
          .whereRef("payouts.orderId", "=", "orders.id")
          .whereRef("payouts.retailerId", "=", "orderServices.retailerId")
          .limit(1)
          .as("payoutStatus"),
    ])
    .where("orderServices.retailerId", "=", retailerId)
    .where("orders.paidAt", "is not", null)
    .orderBy("orderServices.createdAt", "desc")
    .limit(200)
    .execute()
    .then(async (jobs) => {
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
        actions: (WORKABLE_ORDER_STATUSES as readonly string[]).includes(job.orderStatus) ? jobActionsFor(job) : [],
      }));
    });
}

export type JobAction = "accept" | "decline" | "done" | "pass" | "fail" | "dropOff" | "collect";

/** staff: the shop's own staff; system: the unanswered-job sweep, which only declines. */
type JobRole = "staff" | "system";

interface JobRule extends TransitionRule<ServiceLineStatus, JobRole> {
  kinds: readonly ServiceKind[];
}

/**
 * Which move a job may make from which state, per kind of service. Standard services are done;
 * an inspection passes or fails; a handoff point confirms the drop-off, then the collection.
 */
const JOB_MOVES: Record<JobAction, JobRule> = {
  accept: { from: ["requested"], to: "accepted", by: ["staff"], kinds: ["standard", "inspection", "handoff"] },
  decline: {
    from: ["requested", "accepted"],
    to: "declined",
    by: ["staff", "system"],
    kinds: ["standard", "inspection", "handoff"],
  },
  done: { from: ["accepted"], to: "done", by: ["staff"], kinds: ["standard"] },
  pass: { from: ["accepted"], to: "done", by: ["staff"], kinds: ["inspection"] },
  fail: { from: ["accepted"], to: "failed", by: ["staff"], kinds: ["inspection"] },
  dropOff: { from: ["accepted"], to: "dropped_off", by: ["staff"], kinds: ["handoff"] },
  collect: { from: ["dropped_off"], to: "done", by: ["staff"], kinds: ["handoff"] },
};

type JobSubject = { status: ServiceLineStatus; kind: ServiceKind };

const JOB_MACHINE: StateMachine<JobAction, ServiceLineStatus, JobRole, JobSubject, JobRule> = {
  rules: JOB_MOVES,
  notAllowed: () => "Only the shop's staff can move this job.",
  wrongState: (_action, line) => `A job that is ${line.status.replace("_", " ")} can't make that step.`,
  guard: (rule, line) => (rule.kinds.includes(line.kind) ? null : "That isn't a step of this kind of service."),
};

/** The moves staff can make on a job now (the jobs page offers these; moveJob enforces them). */
export function jobActionsFor(line: JobSubject): JobAction[] {
  return (Object.keys(JOB_MOVES) as JobAction[]).filter(
    (action) => transitionCheck(JOB_MACHINE, action, line, "staff").ok,
  );
}

// Orders whose add-ons a shop may still act on: paid and not finished, cancelled or frozen.
const WORKABLE_ORDER_STATUSES = ["paid", "shipped", "ready_for_pickup", "received"] as const;

const SYSTEM = Symbol("system");
type SystemActor = typeof SYSTEM;

/**
 * One move of a service job, in one transaction: staff check, conditional update, event row,
 * notifications, and what follows (a refund job for a decline; completing an order that was only
 * waiting for this service).
 */
async function moveJob(db: Db, lineId: string, staffId: string | SystemActor, action: JobAction) {
  // The unanswered-job sweep declines as the system: no staff check, no actor on the event row.
  const bySystem = staffId === SYSTEM;
  return transaction(db, async (trx) => {
    const line = await trx
      .selectFrom("orderServices")
      .selectAll()
      .where("id", "=", lineId)
      .forUpdate()
      .executeTakeFirst();
    if (!line) throw new NotFound("That job doesn't exist.");
    if (!bySystem) await assertRetailerStaff(trx, line.retailerId, staffId);
    const order = await trx
      .selectFrom("orders")
      .innerJoin("listings", "listings.id", "orders.listingId")
      .select(["orders.id", "orders.status", "orders.delivery", "orders.buyerId", "orders.sellerId", "listings.title"])
      .where("orders.id", "=", line.orderId)
      .executeTakeFirstOrThrow();
    const to = checkTransition(JOB_MACHINE, action, line, [bySystem ? "system" : "staff"]);
    if (!(WORKABLE_ORDER_STATUSES as readonly string[]).includes(order.status))
      throw new InvalidTransition(`The order is ${order.status.replace("_", " ")}; this job can't change now.`);
    const updated = await trx
      .updateTable("orderServices")
      .set({
        status: to,
        updatedAt: new Date(),
        ...(to === "done" ? { doneAt: new Date() } : {}),
        ...(action === "accept" || action === "decline" ? { decidedAt: new Date() } : {}),
      })
      .where("id", "=", line.id)
      .where("status", "=", line.status)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("orderServiceEvents")
      .values({
        id: newId(),
        orderServiceId: line.id,
        actorId: bySystem ? null : staffId,
        event: bySystem ? `unanswered_${action}` : action,
        fromStatus: line.status,
        toStatus: to,
        createdAt: sql<Date>`clock_timestamp()`,
      })
      .execute();
    const retailer = await trx
      .selectFrom("retailers")
      .select("name")
      .where("id", "=", line.retailerId)
      .executeTakeFirstOrThrow();
    const url = `/orders/${order.id}`;
    const dedupeKey = (who: string) => `order-service:${line.id}:${action}:${who}`;
    if (action === "decline") {
      await enqueueJob(trx, QUEUES.serviceRefund, { orderServiceId: line.id }, { singletonKey: line.id });
      for (const [userId, who] of [
        [order.buyerId, "buyer"],
        [order.sellerId, "seller"],
      ] as const)
        await notify(
          trx,
          userId,
          "service_update",
          {
            title: bySystem
              ? `${retailer.name} didn't answer in time: ${line.title} is cancelled`
              : `${retailer.name} declined ${line.title}`,
            body:
              who === "buyer"
                ? `The shop can't do "${line.title}" for ${order.title}. You get ${formatMoney(line.priceCents)} back; the rest of the order goes ahead.`
                : `The shop can't do "${line.title}" for ${order.title}; the buyer is refunded for it. Nothing changes for you.`,
            url,
          },
          { dedupeKey: dedupeKey(who) },
        );
    } else {
      const notices: Record<Exclude<JobAction, "decline">, { title: string; body: string }> = {
        accept: { title: `${retailer.name} accepted ${line.title}`, body: `The shop will do it for ${order.title}.` },
        done: { title: `${retailer.name} finished ${line.title}`, body: `The shop marked it done for ${order.title}.` },
        pass: {
          title: `${order.title} passed ${retailer.name}'s inspection`,
          body: "The shop checked the item and it is as described. The sale goes ahead.",
        },
        fail: {
          title: `${order.title} failed ${retailer.name}'s inspection`,
          body: "The shop found the item not as described. The order is cancelled, the buyer refunded in full and the item goes back to the seller.",
        },
        dropOff: {
          title: `${order.title} is waiting at ${retailer.name}`,
          body: "The seller dropped the item off at the shop. Collect it during opening hours.",
        },
        collect: {
          title: `${order.title} was collected at ${retailer.name}`,
          body: "The buyer collected the item at the shop; that counts as receipt.",
        },
      };
      const audience =
        action === "fail" || action === "collect" || action === "pass"
          ? ([
              [order.buyerId, "buyer"],
              [order.sellerId, "seller"],
            ] as const)
          : ([[order.buyerId, "buyer"]] as const);
      for (const [userId, who] of audience)
        await notify(trx, userId, "service_update", { ...notices[action], url }, { dedupeKey: dedupeKey(who) });
    }

    let completed = false;
    let cancelled = false;
    if (action === "fail") {
      // The whole order is refunded (the refund job is queued by the transition) and the listing released.
      await transitionOrder(trx, { orderId: order.id, event: "inspectionFailed", actor: "system" });
      cancelled = true;
    } else if (action === "dropOff" && order.delivery === "pickup" && order.status === "paid") {
      await transitionOrder(trx, { orderId: order.id, event: "markReady", actor: "system" });
    } else if (action === "collect" && (order.status === "ready_for_pickup" || order.status === "shipped")) {
      // Collection at the handoff point is the buyer's receipt (and completes the order if nothing else is open).
      completed = (await confirmReceipt(trx, order.id, "system")).status === "completed";
    } else if (
      action !== "accept" &&
      order.status === "received" &&
      (await openServiceLineCount(trx, order.id)) === 0
    ) {
      // The buyer already confirmed receipt and this was the last open service: the order completes.
      await transitionOrder(trx, { orderId: order.id, event: "complete", actor: "system" });
      completed = true;
    }
    return { line: updated, orderId: order.id, completed, cancelled };
  });
}

export const acceptServiceJob = (db: Db, lineId: string, staffId: string) => moveJob(db, lineId, staffId, "accept");
export const markServiceDone = (db: Db, lineId: string, staffId: string) => moveJob(db, lineId, staffId, "done");
/** Inspection passed; handoff drop-off and collection. */
export const passInspection = (db: Db, lineId: string, staffId: string) => moveJob(db, lineId, staffId, "pass");
export const confirmDropOff = (db: Db, lineId: string, staffId: string) => moveJob(db, lineId, staffId, "dropOff");
export const confirmCollection = (db: Db, lineId: string, staffId: string) => moveJob(db, lineId, staffId, "collect");

/** Inspection failed: the order is cancelled and refunded in full at once (the queued job retries). */
export async function failInspection(db: Db, stripe: StripeClient, lineId: string, staffId: string) {
  const result = await moveJob(db, lineId, staffId, "fail");
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
  const result = await moveJob(db, lineId, staffId, "decline");
  try {
    await refundServiceLine(db, stripe, lineId);
  } catch {
    // Left to the service-refund job queued with the decline.
  }
  return result;
}

/**
 * The partial refund of one declined line, planned in the ledger under the key (order, shop,
 * decline, line) and sent through the gateway. The order's refunded_cents is the ledger's sum
 * (a trigger keeps it so), so it always equals everything refunded on the order.
 */
export async function refundServiceLine(
  db: Db,
  stripe: StripeClient,
  lineId: string,
): Promise<"refunded" | "nothing-to-refund"> {
  const line = await db
    .selectFrom("orderServices")
    .innerJoin("orders", "orders.id", "orderServices.orderId")
    .select([
      "orderServices.id",
      "orderServices.orderId",
      "orderServices.retailerId",
      "orderServices.status",
      "orderServices.stripeRefundId",
      "orders.stripePaymentIntentId",
      "orders.status as orderStatus",
    ])
    .where("orderServices.id", "=", lineId)
    .executeTakeFirst();
  if (!line) throw new NotFound("That job doesn't exist.");
  // A cancelled order's full refund already covers the line.
  if (
    line.status !== "declined" ||
    line.stripeRefundId ||
    !line.stripePaymentIntentId ||
    line.orderStatus === "cancelled"
  )
    return "nothing-to-refund";
  const lineKey = serviceLineKey(line.id);
  await transaction(db, async (trx) => {
    await trx.selectFrom("orders").select("id").where("id", "=", line.orderId).forUpdate().execute();
    const left = (await orderLines(trx, line.orderId)).find((candidate) => candidate.key === lineKey);
    if (!left || left.amountCents <= left.refundedCents) return;
    await planRefunds(trx, {
      orderId: line.orderId,
      purpose: "decline",
      lines: [
        {
          lineKey,
          payee: { kind: "shop", retailerId: line.retailerId },
          amountCents: left.amountCents - left.refundedCents,
        },
      ],
    });
  });
  const settled = await sendPendingRefunds(db, stripe, {
    orderId: line.orderId,
    purpose: "decline",
    lineKey,
    metadata: { orderServiceId: line.id },
    onRefunded: async (trx, refund) => {
      await trx
        .updateTable("orderServices")
        .set({ stripeRefundId: refund.stripeRefundId, updatedAt: new Date() })
        .where("id", "=", line.id)
        .where("stripeRefundId", "is", null)
        .execute();
    },
  });
  return settled.length ? "refunded" : "nothing-to-refund";
}

export { OPEN_SERVICE_STATUSES };

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
    let result: Awaited<ReturnType<typeof moveJob>>;
    try {
      result = await moveJob(db, id, SYSTEM, "decline");
    } catch (error) {
      // Answered (or declined by another run) since the select: nothing to do.
      if (error instanceof InvalidTransition) continue;
      throw error;
    }
    declined += 1;
    try {
      await refundServiceLine(db, stripe, id);
    } catch {
      // Left to the service-refund job queued with the decline.
    }
    if (result.completed) completedOrderIds.push(result.orderId);
  }
  return { declined, completedOrderIds };
}
