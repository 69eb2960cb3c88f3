import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDispute } from "~/modules/disputes/disputes.server";
import { resolveDispute } from "~/modules/disputes/resolve.server";
import type { ResolutionInput } from "~/modules/disputes/schemas.server";
import { startCheckout } from "~/modules/orders/checkout.server";
import { orderLines } from "~/modules/orders/lines.server";
import { attemptPayout } from "~/modules/orders/money.server";
import { confirmReceipt, transitionOrder } from "~/modules/orders/orders.server";
import { orderMoney } from "~/modules/payments/ledger.server";
import {
  acceptServiceJob,
  declineServiceJob,
  failInspection,
  markServiceDone,
  passInspection,
  serviceJobsFor,
} from "~/modules/orders/service-jobs.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { onboardShop, onboardedSeller, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

/**
 * ADR 020: the ledger is the only record of money, so it must say exactly what Stripe's own
 * objects say. For random sequences of add-on declines, failed inspections, partial refunds and
 * dispute decisions (before or after the transfers) on a paid order, the ledger's refunds equal
 * the charge's amount_refunded and each payee's transfers − reversals equal the stand-in's.
 */

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;
const PORTLAND = { latitude: 45.52, longitude: -122.68 };

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const orderStatus = async (orderId: string) =>
  (await db().selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status;

async function onboardedShop(service: { title: string; priceCents: number; kind?: "inspection" }) {
  const shop = await createRetailer(db(), { services: [{ ...service, categoryIds: ["bikes"] }] });
  await onboardShop(db(), stripe.stripe, shop);
  return shop;
}

/** A 200.00 bike (pickup) with a 45.00 tune-up and a 30.00 inspection from two shops, paid. */
async function paidOrderWithAddOns() {
  const tuneUpShop = await onboardedShop({ title: "Tune-up", priceCents: 4500 });
  const inspectionShop = await onboardedShop({ title: "Inspection", priceCents: 3000, kind: "inspection" });
  const seller = await onboardedSeller(db(), stripe.stripe);
  const listing = await createListing(db(), {
    sellerId: seller.id,
    categoryId: "bikes",
    priceCents: 20000,
    ...PORTLAND,
  });
  const buyer = await createUser(db());
  const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
    delivery: "pickup",
    address: null,
    serviceIds: [tuneUpShop.services[0]!.id, inspectionShop.services[0]!.id],
  });
  expect((await payOnHostedPage(url)).status).toBe(303);
  await expect.poll(() => orderStatus(order.id), { timeout: 5000 }).toBe("paid");
  const [tuneUp] = await serviceJobsFor(db(), tuneUpShop.id, tuneUpShop.ownerId);
  const [inspection] = await serviceJobsFor(db(), inspectionShop.id, inspectionShop.ownerId);
  return { orderId: order.id, seller, buyer, tuneUpShop, inspectionShop, tuneUp: tuneUp!, inspection: inspection! };
}

const scenario = fc.record({
  declineTuneUp: fc.boolean(),
  inspection: fc.constantFrom("pass", "fail", "open" as const),
  disputeAfterPayout: fc.boolean(),
  decision: fc.oneof(
    fc.constant({ kind: "none" as const }),
    fc.constant({ kind: "release" as const }),
    fc.constant({ kind: "full_refund" as const }),
    fc.record({
      kind: fc.constant("partial_refund" as const),
      // A share of what is left on each chosen line, in thousandths.
      item: fc.integer({ min: 0, max: 1000 }),
      tuneUp: fc.integer({ min: 0, max: 1000 }),
    }),
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function play(run: Scenario) {
  const parts = await paidOrderWithAddOns();
  const { orderId, seller, buyer } = parts;
  if (run.declineTuneUp) await declineServiceJob(db(), stripe.stripe, parts.tuneUp.id, parts.tuneUpShop.ownerId);
  else {
    await acceptServiceJob(db(), parts.tuneUp.id, parts.tuneUpShop.ownerId);
    await markServiceDone(db(), parts.tuneUp.id, parts.tuneUpShop.ownerId);
  }
  await acceptServiceJob(db(), parts.inspection.id, parts.inspectionShop.ownerId);
  if (run.inspection === "fail") {
    await failInspection(db(), stripe.stripe, parts.inspection.id, parts.inspectionShop.ownerId);
    return orderId;
  }
  if (run.inspection === "pass") await passInspection(db(), parts.inspection.id, parts.inspectionShop.ownerId);
  await transitionOrder(db(), { orderId, event: "markReady", actor: { userId: seller.id } });
  // Paid out first only when the order can complete (an open inspection keeps it received).
  if (run.disputeAfterPayout || run.decision.kind === "none") {
    await confirmReceipt(db(), orderId, { userId: buyer.id });
    await attemptPayout(db(), stripe.stripe, orderId);
  }
  if (run.decision.kind === "none") return orderId;

  const { disputeId } = await openDispute(db(), buyer, orderId, {
    reason: "not_as_described",
    statement: "The bike is not what the listing showed.",
  });
  const note = "Decided on the evidence in the thread.";
  const lines = await orderLines(db(), orderId);
  const left = (key: string) => {
    const line = lines.find((candidate) => candidate.key === key)!;
    return line.amountCents - line.refundedCents;
  };
  let decision: ResolutionInput;
  if (run.decision.kind === "partial_refund") {
    const tuneUpKey = `service:${parts.tuneUp.id}`;
    const wanted = [
      { key: "item", amountCents: Math.floor((left("item") * run.decision.item) / 1000) },
      { key: tuneUpKey, amountCents: Math.floor((left(tuneUpKey) * run.decision.tuneUp) / 1000) },
    ].filter((line) => line.amountCents > 0);
    decision = wanted.length ? { kind: "partial_refund", lines: wanted, note } : { kind: "release", note };
  } else if (run.decision.kind === "full_refund") decision = { kind: "full_refund", itemReturned: true, note };
  else decision = { kind: "release", note };
  await resolveDispute(db(), stripe.stripe, await createUser(db(), { role: "admin" }), disputeId, decision);
  return orderId;
}

async function expectLedgerMatchesStripe(orderId: string) {
  const order = await db()
    .selectFrom("orders")
    .select(["stripeChargeId", "refundedCents"])
    .where("id", "=", orderId)
    .executeTakeFirstOrThrow();
  const charge = stripe.standIn.charges.get(order.stripeChargeId!)!;
  const money = await orderMoney(db(), orderId);
  expect(money.chargedCents).toBe(charge.amount);
  expect(money.refundedCents).toBe(charge.amount_refunded);
  expect(order.refundedCents).toBe(charge.amount_refunded);

  // Each payee's transfers at the stand-in, found through the payout each one pays.
  const payouts = await db()
    .selectFrom("payouts")
    .select(["id", "payeeId", "retailerId"])
    .where("orderId", "=", orderId)
    .execute();
  const atStripe = new Map<string, number>();
  for (const transfer of stripe.standIn.transfers.values()) {
    if (transfer.transfer_group !== orderId) continue;
    const payout = payouts.find((candidate) => candidate.id === transfer.metadata?.payoutId)!;
    const payee = payout.retailerId ? `shop:${payout.retailerId}` : `member:${payout.payeeId}`;
    atStripe.set(payee, (atStripe.get(payee) ?? 0) + transfer.amount - transfer.amount_reversed);
  }
  const inLedger = new Map(
    money.payees.map((entry) => [
      entry.payee.kind === "member"
        ? `member:${entry.payee.userId}`
        : `shop:${(entry.payee as { retailerId: string }).retailerId}`,
      entry.paidCents,
    ]),
  );
  expect(inLedger).toEqual(atStripe);
  // Nobody is paid, or refunded, money the buyer didn't pay.
  const paidOut = [...atStripe.values()].reduce((sum, cents) => sum + cents, 0);
  expect(paidOut + charge.amount_refunded).toBeLessThanOrEqual(charge.amount);
}

describe("the ledger and Stripe", () => {
  it("agree on refunds and on each payee's transfers minus reversals, whatever happens to a paid order", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (run) => {
        await expectLedgerMatchesStripe(await play(run));
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
