import type { Delivery, OrderStatus } from "~db/schema-orders";
import type { OrderKind } from "~db/schema-service-orders";
import type { ServiceKind, ServiceLineStatus } from "~db/schema-retailers";
import type { Effect } from "~/lib/effects.server";
import { formatMoney } from "~/lib/money";
import { transitionCheck, type StateMachine, type TransitionRule } from "~/lib/transitions";
import { QUEUES } from "~/modules/jobs/definitions.server";

/**
 * A service line (a shop's add-on on an order) has its own small state machine: the shop accepts
 * or declines it, then does it (standard), passes or fails it (inspection), or confirms the
 * drop-off and the collection (handoff point). It belongs to its order: what a move does to the
 * order (complete it, cancel it) is an effect the move returns (serviceLineEffects below).
 */

export type JobAction = "accept" | "decline" | "done" | "pass" | "fail" | "dropOff" | "collect";

/** staff: the shop's own staff; system: the unanswered-job sweep, which only declines. */
export type JobRole = "staff" | "system";

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

export type JobSubject = { status: ServiceLineStatus; kind: ServiceKind };

export const JOB_MACHINE: StateMachine<JobAction, ServiceLineStatus, JobRole, JobSubject, JobRule> = {
  rules: JOB_MOVES,
  notAllowed: () => "Only the shop's staff can move this job.",
  wrongState: (_action, line) => `A job that is ${line.status.replace("_", " ")} can't make that step.`,
  guard: (rule, line) => (rule.kinds.includes(line.kind) ? null : "That isn't a step of this kind of service."),
};

/** The moves staff can make on a job now (the jobs page offers these; moveServiceLine enforces them). */
export function jobActionsFor(line: JobSubject): JobAction[] {
  return (Object.keys(JOB_MOVES) as JobAction[]).filter(
    (action) => transitionCheck(JOB_MACHINE, action, line, "staff").ok,
  );
}

/** Orders whose add-ons a shop may still act on: paid and not finished, cancelled or frozen. */
export const WORKABLE_ORDER_STATUSES = ["paid", "shipped", "ready_for_pickup", "received"] as const;

export const isWorkable = (status: OrderStatus) => (WORKABLE_ORDER_STATUSES as readonly string[]).includes(status);

/** What the planner needs about the move, read in its transaction. */
export interface ServiceLineMove {
  action: JobAction;
  /** The unanswered-job sweep declined it (no staff member acted). */
  bySystem: boolean;
  line: { id: string; title: string; priceCents: number; retailerId: string };
  /** sellerId is null on a service-only order (a bought quote: ADR 038), whose title is the service's. */
  order: {
    id: string;
    kind: OrderKind;
    /** null on a service-only order: it has no item, so no passport entry. */
    listingId: string | null;
    status: OrderStatus;
    delivery: Delivery;
    buyerId: string;
    sellerId: string | null;
    title: string;
  };
  retailerName: string;
  /** The order's service lines still open after this move. */
  openLinesAfter: number;
  now: Date;
  /** A service-only order: days after "done" when the buyer's confirmation is made for them. */
  autoConfirmDays: number;
}

/** The moves that finish a service on the item, and the passport entry each one makes. */
const PASSPORT_KIND_OF: Partial<Record<JobAction, "service" | "inspection" | "handoff">> = {
  done: "service",
  pass: "inspection",
  collect: "handoff",
};

/**
 * The effects of one service-line move: who is told, the refund job of a decline, and what it
 * does to the order: an inspection that failed cancels and refunds it, a drop-off at a handoff
 * point makes a pickup order ready, a collection there is the buyer's receipt, and the last open
 * line of a received order completes it.
 */
export function serviceLineEffects(move: ServiceLineMove): Effect[] {
  const { action, bySystem, line, order, retailerName } = move;
  const url = `/orders/${order.id}`;
  const dedupeKey = (who: string) => `order-service:${line.id}:${action}:${who}`;
  const effects: Effect[] = [];
  const service = order.kind === "service";
  if (service) return serviceOrderEffects(move, url, dedupeKey);
  if (action === "decline") {
    effects.push({
      kind: "enqueueJob",
      queue: QUEUES.serviceRefund,
      data: { orderServiceId: line.id },
      singletonKey: line.id,
    });
    for (const [userId, who] of [
      [order.buyerId, "buyer"],
      [order.sellerId, "seller"],
    ] as const)
      if (userId)
        effects.push({
          kind: "notify",
          userId,
          notification: "service_update",
          content: {
            title: bySystem
              ? `${retailerName} didn't answer in time: ${line.title} is cancelled`
              : `${retailerName} declined ${line.title}`,
            body:
              who === "buyer"
                ? `The shop can't do "${line.title}" for ${order.title}. You get ${formatMoney(line.priceCents)} back; the rest of the order goes ahead.`
                : `The shop can't do "${line.title}" for ${order.title}; the buyer is refunded for it. Nothing changes for you.`,
            url,
          },
          dedupeKey: dedupeKey(who),
        });
  } else {
    const notices: Record<Exclude<JobAction, "decline">, { title: string; body: string }> = {
      accept: { title: `${retailerName} accepted ${line.title}`, body: `The shop will do it for ${order.title}.` },
      done: { title: `${retailerName} finished ${line.title}`, body: `The shop marked it done for ${order.title}.` },
      pass: {
        title: `${order.title} passed ${retailerName}'s inspection`,
        body: "The shop checked the item and it is as described. The sale goes ahead.",
      },
      fail: {
        title: `${order.title} failed ${retailerName}'s inspection`,
        body: "The shop found the item not as described. The order is cancelled, the buyer refunded in full and the item goes back to the seller.",
      },
      dropOff: {
        title: `${order.title} is waiting at ${retailerName}`,
        body: "The seller dropped the item off at the shop. Collect it during opening hours.",
      },
      collect: {
        title: `${order.title} was collected at ${retailerName}`,
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
      if (userId)
        effects.push({
          kind: "notify",
          userId,
          notification: "service_update",
          content: { ...notices[action], url },
          dedupeKey: dedupeKey(who),
        });
  }

  // The shop's staff finished something on the item: it goes on the item's passport, with the shop.
  // A service-only order (a bought quote) has no item to carry a passport.
  const passportKind = PASSPORT_KIND_OF[action];
  if (passportKind && !bySystem && order.listingId)
    effects.push({
      kind: "passport.record",
      listingId: order.listingId,
      entry: {
        kind: passportKind,
        retailerId: line.retailerId,
        title: line.title,
        orderId: order.id,
        orderServiceId: line.id,
      },
    });

  if (action === "fail") {
    // The whole order is refunded (the refund job is queued by the order's transition) and the listing released.
    effects.push({ kind: "order.advance", orderId: order.id, step: "inspectionFailed" });
  } else if (action === "dropOff" && order.delivery === "pickup" && order.status === "paid") {
    effects.push({ kind: "order.advance", orderId: order.id, step: "markReady" });
  } else if (action === "collect" && (order.status === "ready_for_pickup" || order.status === "shipped")) {
    // Collection at the handoff point is the buyer's receipt (and completes the order if nothing else is open).
    effects.push({ kind: "order.advance", orderId: order.id, step: "receive" });
  } else if (action !== "accept" && order.status === "received" && move.openLinesAfter === 0) {
    // The buyer already confirmed receipt and this was the last open service: the order completes.
    effects.push({ kind: "order.advance", orderId: order.id, step: "complete" });
  }
  return effects;
}

/**
 * A service-only order's one line is the order (ADR 038): a decline (by the shop or the
 * unanswered-job sweep) cancels the order, whose full refund is exactly the quote; "done" asks the
 * buyer to confirm and queues the automatic confirmation after the window, as shipping does for
 * receipt. Only the buyer is told: there is no seller.
 */
function serviceOrderEffects(move: ServiceLineMove, url: string, dedupeKey: (who: string) => string): Effect[] {
  const { action, bySystem, line, order, retailerName } = move;
  const tell = (title: string, body: string): Effect => ({
    kind: "notify",
    userId: order.buyerId,
    notification: "service_update",
    content: { title, body, url },
    dedupeKey: dedupeKey("buyer"),
  });
  switch (action) {
    case "decline":
      return [
        tell(
          bySystem
            ? `${retailerName} didn't answer in time: ${line.title} is cancelled`
            : `${retailerName} declined ${line.title}`,
          `The shop can't do "${line.title}". You get ${formatMoney(line.priceCents)} back.`,
        ),
        { kind: "order.advance", orderId: order.id, step: "shopDeclined" },
      ];
    case "accept":
      return [tell(`${retailerName} accepted ${line.title}`, "The shop will do it; you'll hear when it's done.")];
    case "done":
      return [
        tell(
          `${retailerName} finished ${line.title}`,
          `The shop marked it done. Confirm it's done on the order page; without an answer it is confirmed for you in ${move.autoConfirmDays} days.`,
        ),
        {
          kind: "enqueueJob",
          queue: QUEUES.orderAutoReceive,
          data: { orderId: order.id },
          startAfter: new Date(move.now.getTime() + move.autoConfirmDays * 24 * 3600 * 1000),
          singletonKey: order.id,
        },
      ];
    default:
      // Quotes are for standard services (startServiceCheckout refuses the other kinds).
      return [];
  }
}
