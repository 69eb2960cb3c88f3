import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { OPEN_SERVICE_LINE_STATUSES } from "~db/schema-retailers";
import { transaction } from "~db/transaction";
import { runEffects } from "~/lib/effects.server";
import { InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { checkTransition } from "~/lib/transitions";
import { planRefunds, sendPendingRefunds } from "~/modules/payments/gateway.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { assertRetailerStaff } from "~/modules/retailers/retailers.server";
import { orderLines, serviceLineKey, type OrderLine } from "./lines.server";
import { isWorkable, JOB_MACHINE, serviceLineEffects, type JobAction } from "./service-line-machine";

/**
 * An order's service lines (a shop's add-ons): their state, their moves and the refund of a
 * declined one. The order owns them; the shop's side (staff, catalogue, the jobs board's query)
 * stays in retailers/.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type Executor = Db | Trx;

export const OPEN_SERVICE_STATUSES = OPEN_SERVICE_LINE_STATUSES;

export async function openServiceLineCount(db: Executor, orderId: string): Promise<number> {
  const row = await db
    .selectFrom("orderServices")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("orderId", "=", orderId)
    .where("status", "in", OPEN_SERVICE_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** When the order is cancelled (full refund), its open lines are cancelled with it. */
export async function cancelServiceLines(trx: Trx, orderId: string, options: { openOnly?: boolean } = {}) {
  const lines = await trx
    .updateTable("orderServices")
    .set({ status: "cancelled", updatedAt: new Date() })
    .where("orderId", "=", orderId)
    .where("status", "in", options.openOnly ? [...OPEN_SERVICE_STATUSES] : [...OPEN_SERVICE_STATUSES, "done"])
    .returning(["id"])
    .execute();
  if (lines.length)
    await trx
      .insertInto("orderServiceEvents")
      .values(
        lines.map((line) => ({
          id: newId(),
          orderServiceId: line.id,
          actorId: null,
          event: "orderCancelled",
          fromStatus: null,
          toStatus: "cancelled",
        })),
      )
      .execute();
}

/** Each shop's staff, per add-on of the order: told about their new jobs once the order is paid. */
export async function staffToNotifyOfJobs(trx: Executor, orderId: string) {
  return trx
    .selectFrom("orderServices")
    .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
    .innerJoin("retailerStaff", "retailerStaff.retailerId", "retailers.id")
    .select(["orderServices.id", "orderServices.title", "retailers.slug", "retailerStaff.userId"])
    .where("orderServices.orderId", "=", orderId)
    .execute();
}

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

/** The unanswered-job sweep declines as the system: no staff check, no actor on the event row. */
export const SYSTEM = Symbol("system");
export type SystemActor = typeof SYSTEM;

/**
 * One move of a service line, in one transaction: staff check, the table's check, conditional
 * update, event row, then its effects (notifications, a decline's refund job, and what it does to
 * the order: service-line-machine.ts serviceLineEffects), run by the dispatcher in the same
 * transaction. `completed`: this move completed the order.
 */
export async function moveServiceLine(
  db: Db,
  lineId: string,
  staffId: string | SystemActor,
  action: JobAction,
  options: { autoConfirmDays?: number } = {},
) {
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
      .leftJoin("listings", "listings.id", "orders.listingId")
      .select([
        "orders.id",
        "orders.listingId",
        "orders.kind",
        "orders.status",
        "orders.delivery",
        "orders.buyerId",
        "orders.sellerId",
        "listings.title",
      ])
      .where("orders.id", "=", line.orderId)
      .executeTakeFirstOrThrow();
    const to = checkTransition(JOB_MACHINE, action, line, [bySystem ? "system" : "staff"]);
    if (!isWorkable(order.status))
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
    await runEffects(
      trx,
      serviceLineEffects({
        action,
        bySystem,
        line,
        // A service-only order (a bought quote) is named after its service.
        order: { ...order, title: order.title ?? line.title },
        retailerName: retailer.name,
        openLinesAfter: await openServiceLineCount(trx, order.id),
        now: new Date(),
        autoConfirmDays: options.autoConfirmDays ?? 7,
      }),
    );
    const after = await trx.selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow();
    return {
      line: updated,
      orderId: order.id,
      completed: after.status === "completed",
      // A failed inspection, or a declined service-only order: the order's full refund is due.
      cancelled: after.status === "cancelled",
    };
  });
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
