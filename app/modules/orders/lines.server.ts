import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { NotFound } from "~/lib/errors";
import type { Payee } from "~/modules/payments/gateway.server";
import { orderMoney, refundsByLine } from "~/modules/payments/ledger.server";
import { allocateFee, payeeNet } from "./fees";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * An order is a set of lines, each paid to one payee: the item and shipping to the seller, each
 * service add-on to its retailer. Every refund is a ledger row on its line (money_movements: a
 * cancellation, a declined add-on, a dispute's decision), so what is left on a line is always
 * its amount minus the sum of its refunds.
 */
export interface OrderLine {
  key: string;
  label: string;
  amountCents: number;
  refundedCents: number;
  /** The platform's fee on this line (the seller's fee spread over item and shipping). */
  feeCents: number;
  /** Whether the payee has earned it at completion (an add-on only once the shop marked it done). */
  payable: boolean;
  payee: { kind: "seller"; userId: string } | { kind: "retailer"; retailerId: string };
}

export const serviceLineKey = (orderServiceId: string) => `service:${orderServiceId}`;

/**
 * The lines of an order, with what has been refunded on each (refunds that are recorded but still
 * on their way to Stripe count: that money is spoken for).
 */
export async function orderLines(db: Executor, orderId: string): Promise<OrderLine[]> {
  const order = await db
    .selectFrom("orders")
    // A service-only order (a bought quote) has no listing and no seller: only its service line.
    .leftJoin("listings", "listings.id", "orders.listingId")
    .select([
      "orders.id",
      "orders.sellerId",
      "orders.itemCents",
      "orders.shippingCents",
      "orders.platformFeeCents",
      "listings.title",
    ])
    .where("orders.id", "=", orderId)
    .executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  const [refunds, services] = await Promise.all([
    refundsByLine(db, orderId),
    db
      .selectFrom("orderServices")
      .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
      .select([
        "orderServices.id",
        "orderServices.title",
        "orderServices.priceCents",
        "orderServices.platformFeeCents",
        "orderServices.status",
        "orderServices.retailerId",
        "retailers.name as retailerName",
      ])
      .where("orderServices.orderId", "=", orderId)
      .orderBy("orderServices.createdAt")
      .orderBy("orderServices.id")
      .execute(),
  ]);
  const refunded = (key: string) => refunds.get(key) ?? 0;
  // The seller's part of the fee is what the add-ons' own fees leave of the order's fee.
  const sellerFee = order.platformFeeCents - services.reduce((sum, service) => sum + service.platformFeeCents, 0);
  const [itemFee, shippingFee] = allocateFee(sellerFee, [order.itemCents, order.shippingCents]);
  const sellerId = order.sellerId;
  const seller = sellerId ? { kind: "seller" as const, userId: sellerId } : null;
  const lines: OrderLine[] = [];
  if (seller)
    lines.push({
      key: "item",
      label: order.title ?? "Item",
      amountCents: order.itemCents,
      refundedCents: refunded("item"),
      feeCents: itemFee!,
      payable: true,
      payee: seller,
    });
  if (seller && order.shippingCents > 0)
    lines.push({
      key: "shipping",
      label: "Shipping",
      amountCents: order.shippingCents,
      refundedCents: refunded("shipping"),
      feeCents: shippingFee!,
      payable: true,
      payee: seller,
    });
  for (const service of services)
    lines.push({
      key: serviceLineKey(service.id),
      label: `${service.title} by ${service.retailerName}`,
      amountCents: service.priceCents,
      refundedCents: refunded(serviceLineKey(service.id)),
      feeCents: service.platformFeeCents,
      payable: service.status === "done",
      payee: { kind: "retailer", retailerId: service.retailerId },
    });
  return lines;
}

/** Add-on lines the shop hasn't finished (so nobody is owed them) that still hold the buyer's money. */
export function unfinishedAddOns(lines: OrderLine[]): OrderLine[] {
  return lines.filter(
    (line) => line.payee.kind === "retailer" && !line.payable && line.amountCents > line.refundedCents,
  );
}

/** The ledger's name for a line's payee. */
export const ledgerPayee = (payee: OrderLine["payee"]): Payee =>
  payee.kind === "seller" ? { kind: "member", userId: payee.userId } : { kind: "shop", retailerId: payee.retailerId };

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

/** Per payee: their payable lines, refunds, the fee on those lines and what they are owed. */
export function payeeTotals(lines: OrderLine[]): PayeeTotals[] {
  const totals = new Map<string, Omit<PayeeTotals, "netCents">>();
  for (const line of lines) {
    if (!line.payable) continue;
    const key = payeeKey(line.payee);
    const current = totals.get(key) ?? { payee: line.payee, lineCents: 0, refundedCents: 0, feeShareCents: 0 };
    current.lineCents += line.amountCents;
    current.refundedCents += line.refundedCents;
    current.feeShareCents += line.feeCents;
    totals.set(key, current);
  }
  return [...totals.values()].map((total) => ({
    ...total,
    netCents: payeeNet(total.lineCents, total.refundedCents, total.feeShareCents),
  }));
}

/** One payee's money on an order, as the order page and the receipt show it. */
export interface PayeeStatement {
  /** The payee's lines (payable ones: an unfinished add-on earns nothing). */
  lineCents: number;
  /** Refunded, or on its way back, on those lines (the ledger). */
  refundedCents: number;
  /** The Stoop fee kept on them (given up where refunds leave less than the fee). */
  feeCents: number;
  /** What the payee is owed: lines − refunds − fee. The transfer's amount. */
  shareCents: number;
  /** Transferred minus reversed so far (the ledger's succeeded movements). */
  paidCents: number;
  reversedCents: number;
}

export async function payeeStatement(
  db: Executor,
  orderId: string,
  payee: OrderLine["payee"],
): Promise<PayeeStatement> {
  const [lines, money] = await Promise.all([orderLines(db, orderId), orderMoney(db, orderId)]);
  const total = payeeTotals(lines).find((candidate) => payeeKey(candidate.payee) === payeeKey(payee));
  const ledger = ledgerPayee(payee);
  const held = money.payees.find(
    (entry) =>
      entry.payee.kind === ledger.kind &&
      (ledger.kind === "member"
        ? entry.payee.kind === "member" && entry.payee.userId === ledger.userId
        : ledger.kind === "shop" && entry.payee.kind === "shop" && entry.payee.retailerId === ledger.retailerId),
  );
  const lineCents = total?.lineCents ?? 0;
  const refundedCents = total?.refundedCents ?? 0;
  const shareCents = total?.netCents ?? 0;
  return {
    lineCents,
    refundedCents,
    feeCents: lineCents - refundedCents - shareCents,
    shareCents,
    paidCents: held?.paidCents ?? 0,
    reversedCents: held?.reversedCents ?? 0,
  };
}
