import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { OrderStatus } from "~db/schema-orders";
import { transaction } from "~db/transaction";
import { InvalidTransition, NotFound } from "~/lib/errors";
import { runEffects, type Effect } from "~/lib/effects.server";
import { newId } from "~/lib/ids.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { refundOrder } from "./money.server";
import { transitionOrder, type Order } from "./orders.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

const DAY_MS = 24 * 3600 * 1000;

/** After Stoop asks, each side has this many days to answer before the order is cancelled for them. */
export const NO_SHOW_ANSWER_DAYS = 3;
/** ORDER_PICKUP_NO_SHOW_DAYS's default. */
export const DEFAULT_NO_SHOW_DAYS = 7;

/** The order_events row that records the question (not a transition: the status stays). */
const ASKED_EVENT = "noShowAsked";
const OPEN: readonly OrderStatus[] = ["paid", "ready_for_pickup"];

type Locked = Pick<Order, "id" | "status" | "delivery" | "paidAt" | "buyerId" | "sellerId" | "listingId">;

async function lockOrder(trx: Trx, orderId: string): Promise<Locked | undefined> {
  return trx
    .selectFrom("orders")
    .select(["id", "status", "delivery", "paidAt", "buyerId", "sellerId", "listingId"])
    .where("id", "=", orderId)
    .forUpdate()
    .executeTakeFirst();
}

const waitingForPickup = (order: Locked | undefined): order is Locked & { paidAt: Date } =>
  !!order && order.delivery === "pickup" && OPEN.includes(order.status) && order.paidAt !== null;

async function askedAt(db: Db | Trx, orderId: string): Promise<Date | null> {
  const row = await db
    .selectFrom("orderEvents")
    .select("createdAt")
    .where("orderId", "=", orderId)
    .where("event", "=", ASKED_EVENT)
    .orderBy("createdAt")
    .executeTakeFirst();
  return row ? new Date(row.createdAt) : null;
}

export type AskOutcome = "asked" | "already-asked" | "not-due" | "skipped";

/**
 * The order-no-show-ask job: a paid pickup order with no handover `noShowDays` after payment.
 * Records the question on the order's timeline, tells both sides, and queues the timeout. Under
 * the order's row lock: a rerun finds the question asked, a handed-over or cancelled order is
 * skipped. Queued a day after payment (the webhook that pays knows no config): before the
 * configured day it queues itself for that day and does nothing else.
 */
export async function askAboutNoShow(
  db: Db,
  orderId: string,
  options: { noShowDays: number; now?: Date },
): Promise<AskOutcome> {
  const now = options.now ?? new Date();
  return transaction(db, async (trx) => {
    const order = await lockOrder(trx, orderId);
    if (!waitingForPickup(order)) return "skipped";
    if (await askedAt(trx, order.id)) return "already-asked";
    const due = new Date(new Date(order.paidAt).getTime() + options.noShowDays * DAY_MS);
    if (now < due) {
      await runEffects(trx, [
        {
          kind: "enqueueJob",
          queue: QUEUES.orderNoShowAsk,
          data: { orderId: order.id },
          startAfter: due,
          singletonKey: `${order.id}:due`,
        },
      ]);
      return "not-due";
    }
    await trx
      .insertInto("orderEvents")
      .values({
        id: newId(),
        orderId: order.id,
        actorId: null,
        event: ASKED_EVENT,
        fromStatus: order.status,
        toStatus: order.status,
        createdAt: now,
      })
      .execute();
    const deadline = new Date(now.getTime() + NO_SHOW_ANSWER_DAYS * DAY_MS);
    // Only pickup orders are asked, and a pickup order is an item order: listing and seller are set.
    const title = await listingTitle(trx, order.listingId!);
    const url = `/orders/${order.id}`;
    const notice = (userId: string, body: string): Effect => ({
      kind: "notify",
      userId,
      notification: "order_pickup_check",
      content: { title: `Did the pickup of ${title} happen?`, body, url },
      dedupeKey: `order:${order.id}:noShowAsked:${userId}`,
    });
    await runEffects(trx, [
      notice(
        order.buyerId,
        `The handover hasn't been recorded. If the seller didn't show up, cancel the order on its page for a full refund. Without an answer within ${NO_SHOW_ANSWER_DAYS} days the order is cancelled and refunded.`,
      ),
      notice(
        order.sellerId!,
        `The handover hasn't been recorded. If the buyer didn't show up, put the item back on sale on the order's page (the buyer is refunded). Without an answer within ${NO_SHOW_ANSWER_DAYS} days the order is cancelled and refunded.`,
      ),
      {
        kind: "enqueueJob",
        queue: QUEUES.orderNoShowTimeout,
        data: { orderId: order.id },
        startAfter: deadline,
        singletonKey: order.id,
      },
    ]);
    return "asked";
  });
}

/**
 * What the order page's no-show panel shows: when Stoop asked and until when either side can
 * answer; null when it hasn't asked, or the order is no longer waiting for its pickup.
 */
export async function noShowState(
  db: Db,
  order: Pick<Order, "id" | "status" | "delivery">,
): Promise<{ askedAt: Date; deadline: Date } | null> {
  if (order.delivery !== "pickup" || !OPEN.includes(order.status)) return null;
  const asked = await askedAt(db, order.id);
  if (!asked) return null;
  return { askedAt: asked, deadline: new Date(asked.getTime() + NO_SHOW_ANSWER_DAYS * DAY_MS) };
}

/**
 * A member answers the question: the buyer that the seller didn't show up (sellerNoShow), the
 * seller that the buyer didn't (buyerNoShow). Either cancels the order, refunds the buyer in full
 * (the refund job queued with it retries if this attempt fails) and puts the item back on sale.
 * Only once Stoop has asked; until then the order's ordinary cancel is there.
 */
export async function reportNoShow(
  db: Db,
  stripe: StripeClient,
  options: { orderId: string; userId: string; event: "sellerNoShow" | "buyerNoShow" },
): Promise<Order> {
  const order = await transaction(db, async (trx) => {
    const locked = await lockOrder(trx, options.orderId);
    if (!locked || (locked.buyerId !== options.userId && locked.sellerId !== options.userId))
      throw new NotFound("That order doesn't exist.");
    // The state machine says who may and from which state; here only whether Stoop has asked yet.
    if (waitingForPickup(locked) && !(await askedAt(trx, locked.id)))
      throw new InvalidTransition(
        "You can report a missed pickup once Stoop asks what happened; until then you can cancel the order.",
      );
    return transitionOrder(trx, { orderId: locked.id, event: options.event, actor: { userId: options.userId } });
  });
  await refundOrder(db, stripe, order.id).catch(() => undefined);
  return order;
}

export type TimeoutOutcome = "cancelled" | "not-due" | "skipped";

/**
 * The order-no-show-timeout job: nobody answered within NO_SHOW_ANSWER_DAYS of the question, so
 * the order is cancelled (noShowTimeout) and refunded, and the item is for sale again. A rerun,
 * an answered, handed-over or disputed order does nothing.
 */
export async function noShowTimeout(db: Db, orderId: string, options: { now?: Date } = {}): Promise<TimeoutOutcome> {
  const now = options.now ?? new Date();
  return transaction(db, async (trx) => {
    const order = await lockOrder(trx, orderId);
    if (!waitingForPickup(order)) return "skipped";
    const asked = await askedAt(trx, order.id);
    if (!asked) return "skipped";
    if (now.getTime() < asked.getTime() + NO_SHOW_ANSWER_DAYS * DAY_MS) return "not-due";
    await transitionOrder(trx, { orderId: order.id, event: "noShowTimeout", actor: "system" });
    return "cancelled";
  });
}

async function listingTitle(trx: Trx, listingId: string): Promise<string> {
  const row = await trx.selectFrom("listings").select("title").where("id", "=", listingId).executeTakeFirst();
  return row?.title ?? "your item";
}
