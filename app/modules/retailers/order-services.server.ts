import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { planPayout } from "~/modules/payments/gateway.server";

/**
 * What the orders module asks of an order's service lines. Kept apart (and free of imports from
 * the orders module) so orders.server.ts can call it without an import cycle.
 */

type Executor = Kysely<Database> | Transaction<Database>;

/** Lines still waiting for the shop or accepted and not done: the order cannot complete yet. */
export const OPEN_SERVICE_STATUSES = ["requested", "accepted", "dropped_off"] as const;

export async function openServiceLineCount(db: Executor, orderId: string): Promise<number> {
  const row = await db
    .selectFrom("orderServices")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("orderId", "=", orderId)
    .where("status", "in", OPEN_SERVICE_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * At completion: one payout row per retailer for what its done lines earned (lines.server.ts's
 * totals: lines − refunds − the fee on them). The payout goes to the retailer's own Stripe
 * account; payeeId is its owner, who is told if the account isn't ready. The gateway keys it by
 * order, payee and purpose.
 */
export async function createServicePayouts(
  trx: Transaction<Database>,
  orderId: string,
  amounts: { retailerId: string; amountCents: number }[],
): Promise<number> {
  let created = 0;
  for (const { retailerId, amountCents } of amounts) {
    if (amountCents <= 0) continue;
    const retailer = await trx
      .selectFrom("retailers")
      .select("ownerId")
      .where("id", "=", retailerId)
      .executeTakeFirstOrThrow();
    await planPayout(trx, {
      orderId,
      payee: { kind: "shop", retailerId },
      notifyUserId: retailer.ownerId,
      purpose: "service",
      amountCents,
    });
    created += 1;
  }
  return created;
}

/** When the order is cancelled (full refund), its open lines are cancelled with it. */
export async function cancelServiceLines(
  trx: Transaction<Database>,
  orderId: string,
  newId: () => string,
  options: { openOnly?: boolean } = {},
) {
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

/** Tells each shop's staff about its new jobs once the order is paid. */
export async function staffToNotifyOfJobs(trx: Transaction<Database>, orderId: string) {
  return trx
    .selectFrom("orderServices")
    .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
    .innerJoin("retailerStaff", "retailerStaff.retailerId", "retailers.id")
    .select(["orderServices.id", "orderServices.title", "retailers.slug", "retailerStaff.userId"])
    .where("orderServices.orderId", "=", orderId)
    .execute();
}
