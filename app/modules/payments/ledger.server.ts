import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { payeeOf, type Payee } from "./gateway.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Reading the ledger (money_movements; the gateway writes it). Every refunded or paid amount the
 * app shows or decides on is one of these sums, so a page and the money can't disagree.
 */

/** Per order line: what is refunded or on its way back (pending refunds are spoken for). */
export async function refundsByLine(db: Executor, orderId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("moneyMovements")
    .select(["lineKey", sql<number>`sum(amount_cents)::int`.as("cents")])
    .where("orderId", "=", orderId)
    .where("kind", "=", "refund")
    .where("status", "!=", "failed")
    .where("lineKey", "is not", null)
    .groupBy("lineKey")
    .execute();
  return new Map(rows.map((row) => [row.lineKey!, row.cents]));
}

/** refundsByLine for the orders of a list page at once: order id → line key → cents. */
export async function refundsByLineOfOrders(
  db: Executor,
  orderIds: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const byOrder = new Map<string, Map<string, number>>();
  if (!orderIds.length) return byOrder;
  const rows = await db
    .selectFrom("moneyMovements")
    .select(["orderId", "lineKey", sql<number>`sum(amount_cents)::int`.as("cents")])
    .where("orderId", "in", [...new Set(orderIds)])
    .where("kind", "=", "refund")
    .where("status", "!=", "failed")
    .where("lineKey", "is not", null)
    .groupBy(["orderId", "lineKey"])
    .execute();
  for (const row of rows) {
    const lines = byOrder.get(row.orderId) ?? new Map<string, number>();
    lines.set(row.lineKey!, row.cents);
    byOrder.set(row.orderId, lines);
  }
  return byOrder;
}

export interface PayeeMoney {
  payee: Payee;
  transferredCents: number;
  reversedCents: number;
  /** Transfers − reversals: what the payee holds from this order. */
  paidCents: number;
}

export interface OrderMoney {
  chargedCents: number;
  /** Refunds Stripe has made (succeeded). */
  refundedCents: number;
  payees: PayeeMoney[];
}

/** The settled money of an order: the charge, what went back to the buyer, what each payee holds. */
export async function orderMoney(db: Executor, orderId: string): Promise<OrderMoney> {
  const rows = await db
    .selectFrom("moneyMovements")
    .select(["kind", "payeeKind", "payeeId", sql<number>`sum(amount_cents)::int`.as("cents")])
    .where("orderId", "=", orderId)
    .where("status", "=", "succeeded")
    .groupBy(["kind", "payeeKind", "payeeId"])
    .execute();
  const sum = (kind: string) => rows.filter((row) => row.kind === kind).reduce((total, row) => total + row.cents, 0);
  const payees = new Map<string, PayeeMoney>();
  for (const row of rows) {
    if (row.kind !== "transfer" && row.kind !== "reversal") continue;
    const key = `${row.payeeKind}:${row.payeeId}`;
    const entry = payees.get(key) ?? { payee: payeeOf(row), transferredCents: 0, reversedCents: 0, paidCents: 0 };
    if (row.kind === "transfer") entry.transferredCents += row.cents;
    else entry.reversedCents += row.cents;
    entry.paidCents = entry.transferredCents - entry.reversedCents;
    payees.set(key, entry);
  }
  return { chargedCents: sum("charge"), refundedCents: sum("refund"), payees: [...payees.values()] };
}

/** The refunds and reversals of a dispute's decision, as the admin's page lists them. */
export function movementsOfOrder(db: Executor, orderId: string) {
  return db
    .selectFrom("moneyMovements")
    .select([
      "id",
      "kind",
      "lineKey",
      "payeeKind",
      "payeeId",
      "purpose",
      "amountCents",
      "status",
      "stripeId",
      "payoutId",
      "disputeId",
      "createdAt",
    ])
    .where("orderId", "=", orderId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

/** What one dispute's decision refunded (or is refunding). */
export async function refundedByDispute(db: Executor, disputeId: string): Promise<number> {
  const row = await db
    .selectFrom("moneyMovements")
    .select(sql<number>`coalesce(sum(amount_cents), 0)::int`.as("cents"))
    .where("disputeId", "=", disputeId)
    .where("kind", "=", "refund")
    .where("status", "!=", "failed")
    .executeTakeFirstOrThrow();
  return row.cents;
}
