import type { Delivery, OrderStatus } from "~db/schema-orders";
import type { OrderKind } from "~db/schema-service-orders";
import { transitionCheck, type StateMachine, type TransitionCheck, type TransitionRule } from "~/lib/transitions";

/**
 * The order state machine: the one table of which event moves an order from which state to which,
 * and who may trigger it. `transitionOrder` (orders.server.ts) is the only code that changes an
 * order's status, and it consults `checkOrderTransition` first.
 *
 *   pending_payment ─pay→ paid ─ship→ shipped ─────────┐
 *          │                 └─markReady→ ready_for_pickup ─confirmReceipt→ received ─complete→ completed
 *   paid, ready_for_pickup ─handOver (the seller enters the buyer's code; pickup)→ received
 *          ├─paymentFailed / expire / checkoutFailed / abandon → cancelled (listing released)
 *   paid, ready_for_pickup ─cancel (buyer or seller, full refund)→ cancelled
 *   paid, ready_for_pickup ─sellerNoShow (buyer) / buyerNoShow (seller) / noShowTimeout (system)→ cancelled
 *          (pickup only, once Stoop has asked what happened: no-show.server.ts; full refund, listing for sale)
 *   paid … completed ─dispute→ disputed (frozen until an admin resolves it)
 *   disputed ─refundInFull (admin)→ cancelled   disputed ─release (admin)→ completed
 *
 * A service-only order (a bought quote, ADR 038) has no item: no shipping, pickup or handover.
 *   paid ─confirmService (the buyer, once the shop marked the job done; or the system after the
 *          auto-receive window)→ received ─complete→ completed
 *   paid ─shopDeclined (the shop declined or never answered the job: full refund)→ cancelled
 */

export type OrderEvent =
  | "pay"
  | "paymentFailed"
  | "expire"
  | "checkoutFailed"
  | "ship"
  | "markReady"
  | "confirmReceipt"
  | "handOver"
  | "complete"
  | "abandon"
  | "cancel"
  | "dispute"
  | "refundInFull"
  | "release"
  | "inspectionFailed"
  | "sellerNoShow"
  | "buyerNoShow"
  | "noShowTimeout"
  | "confirmService"
  | "shopDeclined";

/** buyer / seller: the order's own members; system: webhooks and jobs. */
export type OrderRole = "buyer" | "seller" | "system" | "admin";

export interface OrderRule extends TransitionRule<OrderStatus, OrderRole> {
  /** Only for orders with this delivery method. */
  delivery?: Delivery;
  /** Only for orders of this kind (an item order, or a service-only order: ADR 038). */
  kind?: OrderKind;
}

export const ORDER_TRANSITIONS: Record<OrderEvent, OrderRule> = {
  pay: { from: ["pending_payment"], to: "paid", by: ["system"] },
  paymentFailed: { from: ["pending_payment"], to: "cancelled", by: ["system"] },
  expire: { from: ["pending_payment"], to: "cancelled", by: ["system"] },
  checkoutFailed: { from: ["pending_payment"], to: "cancelled", by: ["system"] },
  ship: { from: ["paid"], to: "shipped", by: ["seller"], delivery: "shipping", kind: "item" },
  // system: a handoff-point shop confirmed the seller's drop-off.
  markReady: { from: ["paid"], to: "ready_for_pickup", by: ["seller", "system"], delivery: "pickup", kind: "item" },
  // system: the automatic receipt some days after shipping.
  confirmReceipt: { from: ["shipped", "ready_for_pickup"], to: "received", by: ["buyer", "system"], kind: "item" },
  // The seller entered the buyer's handover code (orders/handover.server.ts checks it): the item
  // changed hands, which is the buyer's receipt. From received on nobody can cancel.
  handOver: { from: ["paid", "ready_for_pickup"], to: "received", by: ["seller"], delivery: "pickup", kind: "item" },
  complete: { from: ["received"], to: "completed", by: ["system"] },
  // The buyer leaves checkout before paying (the session is expired at Stripe first).
  abandon: { from: ["pending_payment"], to: "cancelled", by: ["buyer"] },
  // Before the item leaves the seller: a full refund, and the listing is for sale again.
  cancel: { from: ["paid", "ready_for_pickup"], to: "cancelled", by: ["buyer", "seller"], kind: "item" },
  // system: a chargeback. buyer: only within the dispute window (disputes.server.ts checks the dates).
  dispute: {
    from: ["paid", "shipped", "ready_for_pickup", "received", "completed"],
    to: "disputed",
    by: ["system", "buyer"],
  },
  // An admin's resolution of a dispute (admin/disputes): a full refund, or release to the payees.
  refundInFull: { from: ["disputed"], to: "cancelled", by: ["admin"] },
  release: { from: ["disputed"], to: "completed", by: ["admin"] },
  // A shop's inspection failed: full refund, the item goes back to the seller and is for sale again.
  inspectionFailed: {
    from: ["paid", "shipped", "ready_for_pickup", "received"],
    to: "cancelled",
    by: ["system"],
    kind: "item",
  },
  // Nobody showed up (issue #15): some days after payment Stoop asks both sides what happened
  // (no-show.server.ts, which also refuses these before it asked). The buyer says the seller didn't
  // come, the seller that the buyer didn't, or neither answers in time: each cancels the order
  // with a full refund and puts the item back on sale. Like cancel, impossible after the handover.
  sellerNoShow: { from: ["paid", "ready_for_pickup"], to: "cancelled", by: ["buyer"], delivery: "pickup" },
  buyerNoShow: { from: ["paid", "ready_for_pickup"], to: "cancelled", by: ["seller"], delivery: "pickup" },
  noShowTimeout: { from: ["paid", "ready_for_pickup"], to: "cancelled", by: ["system"], delivery: "pickup" },
  // A service-only order (ADR 038): the buyer confirms the shop's job is done (service-orders.server.ts
  // checks that the shop marked it done first); system: the automatic confirmation after the window.
  confirmService: { from: ["paid"], to: "received", by: ["buyer", "system"], kind: "service" },
  // The shop declined the job (or the unanswered-job sweep did): the whole order, i.e. the quote, is refunded.
  shopDeclined: { from: ["paid"], to: "cancelled", by: ["system"], kind: "service" },
};

/** The no-show events: each has its own form on the order page (components/no-show.tsx), not a button. */
export const NO_SHOW_EVENTS: ReadonlySet<OrderEvent> = new Set(["sellerNoShow", "buyerNoShow", "noShowTimeout"]);

export const ORDER_EVENTS = Object.keys(ORDER_TRANSITIONS) as OrderEvent[];

/** "You can't …": what each event does, said of "this order". */
export const EVENT_LABELS: Record<OrderEvent, string> = {
  pay: "record a payment for this order",
  paymentFailed: "fail the payment of this order",
  expire: "expire this order",
  checkoutFailed: "fail the checkout of this order",
  ship: "mark this order as shipped",
  markReady: "mark this order as ready for pickup",
  confirmReceipt: "confirm receipt of this order",
  handOver: "record the handover of this order",
  complete: "complete this order",
  abandon: "cancel this checkout",
  cancel: "cancel this order",
  dispute: "dispute this order",
  refundInFull: "refund this order in full",
  release: "release this order's payment",
  inspectionFailed: "fail the inspection of this order",
  sellerNoShow: "report that the seller didn't show up for this order",
  buyerNoShow: "report that the buyer didn't show up for this order",
  noShowTimeout: "cancel this order for a missed pickup",
  confirmService: "confirm this service is done",
  shopDeclined: "cancel this order for the shop",
};

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: "waiting for payment",
  paid: "paid",
  shipped: "shipped",
  ready_for_pickup: "ready for pickup",
  received: "received",
  completed: "completed",
  cancelled: "cancelled",
  disputed: "disputed",
};

export type OrderTransitionCheck = TransitionCheck<OrderStatus>;

type OrderSubject = { status: OrderStatus; delivery: Delivery; kind?: OrderKind };

export const ORDER_MACHINE: StateMachine<OrderEvent, OrderStatus, OrderRole, OrderSubject, OrderRule> = {
  rules: ORDER_TRANSITIONS,
  notAllowed: (event) => `You can't ${EVENT_LABELS[event]}.`,
  wrongState: (event, order) => `An order that is ${STATUS_LABELS[order.status]} can't be ${pastTense(event)}.`,
  guard: (rule, order, event) =>
    rule.kind && rule.kind !== (order.kind ?? "item")
      ? `A ${order.kind === "service" ? "service" : "item"} order can't be ${pastTense(event)}.`
      : rule.delivery && rule.delivery !== order.delivery
        ? `A ${order.delivery === "pickup" ? "pickup" : order.delivery === "shipping" ? "shipping" : "service"} order can't be ${pastTense(event)}.`
        : null,
};

export function checkOrderTransition(event: OrderEvent, order: OrderSubject, role: OrderRole): OrderTransitionCheck {
  return transitionCheck(ORDER_MACHINE, event, order, role);
}

function pastTense(event: OrderEvent): string {
  switch (event) {
    case "ship":
      return "marked as shipped";
    case "markReady":
      return "marked as ready for pickup";
    case "confirmReceipt":
      return "confirmed as received";
    case "handOver":
      return "handed over";
    case "pay":
      return "paid";
    case "paymentFailed":
      return "failed";
    case "checkoutFailed":
      return "failed";
    case "expire":
      return "expired";
    case "complete":
      return "completed";
    case "abandon":
    case "cancel":
      return "cancelled";
    case "dispute":
      return "disputed";
    case "refundInFull":
      return "refunded";
    case "release":
      return "released";
    case "inspectionFailed":
      return "cancelled after a failed inspection";
    case "sellerNoShow":
    case "buyerNoShow":
    case "noShowTimeout":
      return "cancelled for a missed pickup";
    case "confirmService":
      return "confirmed as done";
    case "shopDeclined":
      return "cancelled for the shop";
  }
}

/**
 * The events a member may trigger on an order now (the UI offers these; the module enforces them).
 * A dispute has its own form (reason, statement, photos) and window, and the handover its code
 * form, so neither is a button here.
 */
export function actionsFor(
  order: { status: OrderStatus; delivery: Delivery; kind?: OrderKind },
  role: "buyer" | "seller",
): OrderEvent[] {
  return ORDER_EVENTS.filter(
    (event) =>
      event !== "dispute" &&
      // Its own button, shown once the shop marked the job done (the module checks that too).
      event !== "confirmService" &&
      event !== "handOver" &&
      !NO_SHOW_EVENTS.has(event) &&
      checkOrderTransition(event, order, role).ok,
  );
}

/** Headings for the order pages (shared by server and browser). */
export const ORDER_STATUS_TITLES: Record<OrderStatus, string> = {
  pending_payment: "Waiting for payment",
  paid: "Paid",
  shipped: "Shipped",
  ready_for_pickup: "Ready for pickup",
  received: "Received",
  completed: "Completed",
  cancelled: "Cancelled",
  disputed: "Disputed",
};

/** "noShowAsked": not a transition, the timeline's record that Stoop asked about a missed pickup. */
export const EVENT_TITLES: Record<OrderEvent | "create" | "noShowAsked", string> = {
  create: "Order placed",
  pay: "Payment received",
  paymentFailed: "Payment failed",
  expire: "Checkout expired",
  checkoutFailed: "Checkout could not start",
  ship: "Shipped",
  markReady: "Ready for pickup",
  confirmReceipt: "Receipt confirmed",
  handOver: "Handed over (the seller entered the buyer's code)",
  complete: "Completed",
  abandon: "Checkout cancelled",
  cancel: "Cancelled",
  dispute: "Disputed",
  refundInFull: "Dispute resolved: refunded in full",
  release: "Dispute resolved: released to the seller",
  inspectionFailed: "Failed the shop's inspection",
  noShowAsked: "No handover yet: Stoop asked both sides what happened",
  sellerNoShow: "Cancelled: the buyer reported that the seller didn't show up (refunded in full)",
  buyerNoShow: "Cancelled: the seller reported that the buyer didn't show up (refunded in full)",
  noShowTimeout: "Cancelled: nobody answered about the missed pickup (refunded in full)",
  confirmService: "The buyer confirmed the shop's job is done",
  shopDeclined: "Cancelled: the shop declined the job (refunded in full)",
};
