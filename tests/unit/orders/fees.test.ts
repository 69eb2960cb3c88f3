import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateFee, chargeTotalCents, payeeNet, platformFee, splitCharge, splitOrder } from "~/modules/orders/fees";

describe("platform fee", () => {
  it("takes 5% plus 30 cents by default", () => {
    expect(splitCharge(2500, 800)).toEqual({ totalCents: 3300, platformFeeCents: 165 + 30, sellerCents: 3105 });
  });

  it("rounds the percentage half up to a whole cent", () => {
    expect(platformFee(10, { percent: 5, fixedCents: 0 })).toBe(1); // 0.5 → 1
    expect(platformFee(9, { percent: 5, fixedCents: 0 })).toBe(0); // 0.45 → 0
    expect(platformFee(1000, { percent: 2.5, fixedCents: 0 })).toBe(25);
  });

  it("never takes more than the whole charge", () => {
    expect(splitCharge(20, 0)).toEqual({ totalCents: 20, platformFeeCents: 20, sellerCents: 0 });
  });

  it("refuses fractional or negative cents", () => {
    expect(() => splitCharge(10.5, 0)).toThrow(RangeError);
    expect(() => splitCharge(-1, 0)).toThrow(RangeError);
    expect(() => platformFee(100, { percent: 120, fixedCents: 0 })).toThrow(RangeError);
  });

  const cents = fc.integer({ min: 0, max: 10_000_000 });
  const policy = fc.record({
    percent: fc.integer({ min: 0, max: 5000 }).map((basisPoints) => basisPoints / 100),
    fixedCents: fc.integer({ min: 0, max: 10_000 }),
  });

  it("always splits into parts that add up to the charge and are never negative", () => {
    fc.assert(
      fc.property(cents, cents, policy, (item, shipping, fee) => {
        const split = splitCharge(item, shipping, fee);
        expect(split.totalCents).toBe(item + shipping);
        expect(split.platformFeeCents + split.sellerCents).toBe(split.totalCents);
        expect(split.platformFeeCents).toBeGreaterThanOrEqual(0);
        expect(split.sellerCents).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(split.platformFeeCents)).toBe(true);
      }),
    );
  });

  it("never charges a larger fee on a smaller order", () => {
    fc.assert(
      fc.property(cents, cents, policy, (a, b, fee) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(platformFee(small, fee)).toBeLessThanOrEqual(platformFee(large, fee));
      }),
    );
  });

  it("splits the fee across lines in proportion, in whole cents that add up to the fee", () => {
    expect(allocateFee(195, [2500, 800])).toEqual([148, 47]);
    expect(allocateFee(2, [1, 1, 1])).toEqual([1, 1, 0]);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        policy,
        (lines, fee) => {
          const total = lines.reduce((sum, cents) => sum + cents, 0);
          const feeCents = platformFee(total, fee);
          const shares = allocateFee(feeCents, lines);
          expect(shares.reduce((sum, cents) => sum + cents, 0)).toBe(feeCents);
          shares.forEach((share, index) => {
            expect(Number.isInteger(share)).toBe(true);
            expect(share).toBeGreaterThanOrEqual(0);
            if (total > 0) expect(share).toBeLessThanOrEqual(lines[index]!);
          });
        },
      ),
    );
  });

  it("after refunds, payee + fee kept + refunds always add up to the line, none negative", () => {
    expect(payeeNet(3300, 1800, 195)).toBe(1305);
    expect(payeeNet(3300, 3300, 195)).toBe(0);
    fc.assert(
      fc.property(cents, fc.integer({ min: 0, max: 1000 }), policy, (line, refundPerMille, fee) => {
        const refunded = Math.floor((line * refundPerMille) / 1000);
        const feeShare = platformFee(line, fee);
        const net = payeeNet(line, refunded, feeShare);
        const feeKept = line - refunded - net;
        expect(net).toBeGreaterThanOrEqual(0);
        expect(feeKept).toBeGreaterThanOrEqual(0);
        expect(feeKept).toBeLessThanOrEqual(feeShare);
        expect(net + feeKept + refunded).toBe(line);
        // No refund: exactly the split the seller was shown at checkout.
        if (refunded === 0) expect(net).toBe(splitCharge(line, 0, fee).sellerCents);
      }),
    );
    expect(() => payeeNet(100, 101, 0)).toThrow(RangeError);
  });
});

describe("splitting an order with add-ons", () => {
  const cents = fc.integer({ min: 0, max: 10_000_000 });
  const addOn = fc.integer({ min: 1, max: 1_000_000 });
  const policy = fc.record({
    percent: fc.integer({ min: 0, max: 5000 }).map((basisPoints) => basisPoints / 100),
    fixedCents: fc.integer({ min: 0, max: 10_000 }),
  });

  it("charges the percentage on each add-on and the fixed part once", () => {
    const split = splitOrder(2500, 800, [4500, 1000]);
    expect(split).toMatchObject({
      totalCents: 8800,
      servicesCents: 5500,
      sellerFeeCents: 195,
      sellerCents: 3105,
      platformFeeCents: 195 + 225 + 50,
      addOns: [
        { amountCents: 4500, platformFeeCents: 225, payeeCents: 4275 },
        { amountCents: 1000, platformFeeCents: 50, payeeCents: 950 },
      ],
    });
  });

  it("is the plain split when there are no add-ons", () => {
    fc.assert(
      fc.property(cents, cents, policy, (item, shipping, fee) => {
        const split = splitOrder(item, shipping, [], fee);
        expect(split).toMatchObject(splitCharge(item, shipping, fee));
        expect(split.servicesCents).toBe(0);
      }),
    );
  });

  it("always gives every payee and the platform parts that sum to the whole charge, none negative", () => {
    fc.assert(
      fc.property(cents, cents, fc.array(addOn, { maxLength: 6 }), policy, (item, shipping, addOns, fee) => {
        const split = splitOrder(item, shipping, addOns, fee);
        expect(split.totalCents).toBe(item + shipping + addOns.reduce((a, b) => a + b, 0));
        const shares = split.sellerCents + split.addOns.reduce((sum, line) => sum + line.payeeCents, 0);
        expect(shares + split.platformFeeCents).toBe(split.totalCents);
        expect(split.sellerFeeCents + split.addOns.reduce((sum, l) => sum + l.platformFeeCents, 0)).toBe(
          split.platformFeeCents,
        );
        for (const line of split.addOns) {
          expect(line.payeeCents).toBeGreaterThanOrEqual(0);
          expect(line.platformFeeCents).toBeGreaterThanOrEqual(0);
          expect(line.payeeCents + line.platformFeeCents).toBe(line.amountCents);
        }
        expect(split.sellerCents).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("the buyer's total (the buy page's live total and the charge)", () => {
  it("adds every ticked add-on to the item and the delivery", () => {
    // The case from issue 17: a $335 bike with pickup and a $45 tune-up ticked is $380, not $335.
    expect(chargeTotalCents(33_500, 0, [4_500])).toBe(38_000);
    expect(chargeTotalCents(33_500, 0, [])).toBe(33_500);
    expect(chargeTotalCents(2_500, 800, [4_500, 2_000])).toBe(9_800);
  });

  it("is always the total checkout charges", () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(
        cents,
        cents,
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 6 }),
        (item, ship, addOns) => {
          expect(chargeTotalCents(item, ship, addOns)).toBe(splitOrder(item, ship, addOns).totalCents);
        },
      ),
    );
  });

  it("refuses fractional or negative cents rather than showing a wrong total", () => {
    expect(() => chargeTotalCents(100, 0, [4.5])).toThrow(RangeError);
    expect(() => chargeTotalCents(-1, 0, [])).toThrow(RangeError);
  });
});
