import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { NotFound } from "~/lib/errors";
import { allocateFee, payeeNet } from "./fees";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * An order is a set of lines, each paid to one payee (docs: /work/briefs/lines.md, the contract
 * shared with the retailers work, whose `serviceLinesFor` adds `service:<id>` lines at merge).
 */
export interface OrderLine {
  key: string;
  label: string;
  amountCents: number;
  refundedCents: number;
  payee: { kind: "seller"; userId: string } | { kind: "retailer"; retailerId: string };
}

export const lineRefundKey = (disputeId: string, lineKey: string) => `dispute:${disputeId}:line:${lineKey}:refund`;

/**
 * The item and shipping lines of an order, with what has been refunded on each (refunds that are
 * recorded but still on their way to Stripe count: that money is spoken for).
 */
export async function orderLines(db: Executor, orderId: string): Promise<OrderLine[]> {
  const order = await db
    .selectFrom("orders")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .select(["orders.id", "orders.sellerId", "orders.itemCents", "orders.shippingCents", "listings.title"])
    .where("orders.id", "=", orderId)
    .executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  const refunds = await db
    .selectFrom("orderLineRefunds")
    .select(["lineKey", "amountCents"])
    .where("orderId", "=", orderId)
    .execute();
  const refunded = (key: string) =>
    refunds.filter((refund) => refund.lineKey === key).reduce((sum, refund) => sum + refund.amountCents, 0);
  const seller = { kind: "seller" as const, userId: order.sellerId };
  const lines: OrderLine[] = [
    { key: "item", label: order.title, amountCents: order.itemCents, refundedCents: refunded("item"), payee: seller },
  ];
  if (order.shippingCents > 0)
    lines.push({
      key: "shipping",
      label: "Shipping",
      amountCents: order.shippingCents,
      refundedCents: refunded("shipping"),
      payee: seller,
    });
  return lines;
}

export const payeeKey = (payee: OrderLine["payee"]) =>
  payee.kind === "seller" ? `seller:${payee.userId}` : `retailer:${payee.retailerId}`;

export interface PayeeTotals {
  payee: OrderLine["payee"];
  lineCents: number;
  refundedCents: number;
  feeShareCents: number;
  /** What the payee should end up with: lines − refunds − fee share (fees.ts payeeNet). */
  netCents: number;
}

/** Per payee: their lines, refunds, share of the order's platform fee and what they are owed. */
export function payeeTotals(lines: OrderLine[], platformFeeCents: number): PayeeTotals[] {
  const shares = allocateFee(
    platformFeeCents,
    lines.map((line) => line.amountCents),
  );
  const totals = new Map<string, Omit<PayeeTotals, "netCents">>();
  lines.forEach((line, index) => {
    const key = payeeKey(line.payee);
    const current = totals.get(key) ?? { payee: line.payee, lineCents: 0, refundedCents: 0, feeShareCents: 0 };
    current.lineCents += line.amountCents;
    current.refundedCents += line.refundedCents;
    current.feeShareCents += shares[index]!;
    totals.set(key, current);
  });
  return [...totals.values()].map((total) => ({
    ...total,
    netCents: payeeNet(total.lineCents, total.refundedCents, total.feeShareCents),
  }));
}

/** The seller's payout for an order as it stands (refunds taken off). */
export async function sellerNetCents(db: Executor, orderId: string, platformFeeCents: number): Promise<number> {
  const totals = payeeTotals(await orderLines(db, orderId), platformFeeCents);
  return totals.find((total) => total.payee.kind === "seller")?.netCents ?? 0;
}
