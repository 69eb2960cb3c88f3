/**
 * How one charge is split between the seller and the platform. Pure integer arithmetic in cents:
 * the parts always add up to the charge and none is negative.
 */

export interface FeePolicy {
  /** Percent of the order total (item + shipping), e.g. 5 or 2.5. */
  percent: number;
  /** Added to the percentage, e.g. 30 cents. */
  fixedCents: number;
}

export const DEFAULT_FEE_POLICY: FeePolicy = { percent: 5, fixedCents: 30 };

export interface Split {
  totalCents: number;
  platformFeeCents: number;
  sellerCents: number;
}

function assertCents(value: number, name: string) {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole, non-negative number of cents`);
}

/** The platform fee on a total: percent (rounded half up to a cent) plus the fixed part, never more than the total. */
export function platformFee(totalCents: number, policy: FeePolicy = DEFAULT_FEE_POLICY): number {
  assertCents(totalCents, "totalCents");
  assertCents(policy.fixedCents, "fixedCents");
  if (!(policy.percent >= 0 && policy.percent <= 100)) throw new RangeError("percent must be between 0 and 100");
  // Basis points keep percentages like 2.5 exact; Math.round on an integer numerator rounds half up.
  const basisPoints = Math.round(policy.percent * 100);
  const percentPart = Math.floor((totalCents * basisPoints + 5_000) / 10_000);
  return Math.min(totalCents, percentPart + policy.fixedCents);
}

/** Splits a charge of item + shipping: the seller gets everything but the platform fee. */
export function splitCharge(itemCents: number, shippingCents: number, policy: FeePolicy = DEFAULT_FEE_POLICY): Split {
  assertCents(itemCents, "itemCents");
  assertCents(shippingCents, "shippingCents");
  const totalCents = itemCents + shippingCents;
  const platformFeeCents = platformFee(totalCents, policy);
  return { totalCents, platformFeeCents, sellerCents: totalCents - platformFeeCents };
}

/**
 * Splits an order's platform fee across its lines in proportion to their amounts (largest
 * remainder, ties to the earlier line): the shares are whole cents and add up to the fee exactly.
 */
export function allocateFee(feeCents: number, lineCents: readonly number[]): number[] {
  assertCents(feeCents, "feeCents");
  lineCents.forEach((cents, index) => assertCents(cents, `lineCents[${index}]`));
  const total = lineCents.reduce((sum, cents) => sum + cents, 0);
  if (total === 0) return lineCents.map((_, index) => (index === 0 ? feeCents : 0));
  if (feeCents > total) throw new RangeError("feeCents can't be more than the lines' total");
  const floors = lineCents.map((cents) => Math.floor((feeCents * cents) / total));
  let left = feeCents - floors.reduce((sum, cents) => sum + cents, 0);
  const byRemainder = lineCents
    .map((cents, index) => ({ index, remainder: (feeCents * cents) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    floors[index]! += 1;
    left -= 1;
  }
  return floors;
}

/**
 * What a payee is owed for their lines once refunds are taken off: line − refunds − their share of
 * the fee, never below zero. The fee is kept on a partial refund; a refund that reaches into the
 * fee share (a full refund) is absorbed by the platform, so a payee never owes more than they got.
 * Line = payee + fee kept + refunded, always.
 */
export function payeeNet(lineCents: number, refundedCents: number, feeShareCents: number): number {
  assertCents(lineCents, "lineCents");
  assertCents(refundedCents, "refundedCents");
  assertCents(feeShareCents, "feeShareCents");
  if (refundedCents > lineCents) throw new RangeError("refundedCents can't be more than the line");
  return Math.max(0, lineCents - refundedCents - feeShareCents);
}

/** The percentage part of the fee alone (rounded half up to a cent), never more than the amount. */
export function percentFee(amountCents: number, policy: FeePolicy = DEFAULT_FEE_POLICY): number {
  return platformFee(amountCents, { percent: policy.percent, fixedCents: 0 });
}

/**
 * What the buyer is charged for an order: item + shipping + every add-on they ticked, in cents.
 * The one rule for the total: splitOrder (what checkout sends to Stripe) and the buy page's live
 * total both use it, so the page can't show a different amount from the charge.
 */
export function chargeTotalCents(itemCents: number, shippingCents: number, addOnCents: readonly number[]): number {
  assertCents(itemCents, "itemCents");
  assertCents(shippingCents, "shippingCents");
  addOnCents.forEach((cents) => assertCents(cents, "addOnCents"));
  return addOnCents.reduce((sum, cents) => sum + cents, itemCents + shippingCents);
}

export interface OrderSplit extends Split {
  itemCents: number;
  shippingCents: number;
  servicesCents: number;
  /** The part of the fee the seller pays (on item + shipping, with the fixed part). */
  sellerFeeCents: number;
  /** Per add-on, in the order given: what the buyer pays, the fee on it, and what its retailer gets. */
  addOns: { amountCents: number; platformFeeCents: number; payeeCents: number }[];
}

/**
 * Splits a whole charge (item + shipping + add-ons) between the seller, each add-on's retailer
 * and the platform. The fee covers the whole charge: the seller's part as before (percent of
 * item + shipping plus the fixed part), each add-on the percentage of its price (the fixed part
 * is charged once per order). Every payee's share plus the fee always equals the charge.
 */
export function splitOrder(
  itemCents: number,
  shippingCents: number,
  addOnCents: readonly number[],
  policy: FeePolicy = DEFAULT_FEE_POLICY,
): OrderSplit {
  const seller = splitCharge(itemCents, shippingCents, policy);
  const addOns = addOnCents.map((amountCents) => {
    assertCents(amountCents, "addOnCents");
    const fee = percentFee(amountCents, policy);
    return { amountCents, platformFeeCents: fee, payeeCents: amountCents - fee };
  });
  const servicesCents = addOns.reduce((sum, line) => sum + line.amountCents, 0);
  const servicesFee = addOns.reduce((sum, line) => sum + line.platformFeeCents, 0);
  return {
    itemCents,
    shippingCents,
    servicesCents,
    totalCents: chargeTotalCents(itemCents, shippingCents, addOnCents),
    platformFeeCents: seller.platformFeeCents + servicesFee,
    sellerFeeCents: seller.platformFeeCents,
    sellerCents: seller.sellerCents,
    addOns,
  };
}
