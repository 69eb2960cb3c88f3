import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isStripeError } from "~/modules/payments/stripe.server";
import { useTestDatabase } from "../../support/database";
import { startStripeStandIn } from "../../support/stripe";

// The stand-in itself, exercised through the real SDK: the Stripe-shaped answers Stoop relies on.
const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

async function stripeError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isStripeError(error)) return error;
    throw error;
  }
  throw new Error("expected a Stripe error");
}

async function paidSession(amount: number) {
  const session = await stripe.stripe.checkout.sessions.create({
    mode: "payment",
    success_url: "http://stoop.test/done?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://stoop.test/cancelled",
    line_items: [
      { quantity: 1, price_data: { currency: "usd", unit_amount: amount, product_data: { name: "Blue bike" } } },
    ],
    payment_intent_data: { transfer_group: "order_1" },
  });
  const response = await fetch(session.url!, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "cardNumber=4242+4242+4242+4242",
    redirect: "manual",
  });
  expect(response.headers.get("location")).toBe(`http://stoop.test/done?session=${session.id}`);
  const paid = await stripe.stripe.checkout.sessions.retrieve(session.id);
  const intent = await stripe.stripe.paymentIntents.retrieve(paid.payment_intent as string);
  return { session: paid, intent, chargeId: intent.latest_charge as string };
}

describe("the Stripe stand-in, through the real SDK", () => {
  it("answers a missing parameter with Stripe's invalid_request_error naming the parameter", async () => {
    const error = await stripeError(
      stripe.stripe.transfers.create({ currency: "usd", destination: "acct_x" } as never),
    );
    expect(error.type).toBe("StripeInvalidRequestError");
    expect(error.param).toBe("amount");
    expect(error.message).toBe("Missing required param: amount.");
  });

  it("replays an idempotent request and refuses the same key with different parameters", async () => {
    const first = await stripe.stripe.accounts.create(
      { type: "express", email: "a@example.test" },
      { idempotencyKey: "same-key" },
    );
    const again = await stripe.stripe.accounts.create(
      { type: "express", email: "a@example.test" },
      { idempotencyKey: "same-key" },
    );
    expect(again.id).toBe(first.id);
    const error = await stripeError(
      stripe.stripe.accounts.create({ type: "express", email: "b@example.test" }, { idempotencyKey: "same-key" }),
    );
    expect(error.type).toBe("StripeIdempotencyError");
  });

  it("takes a payment on the hosted page with 4242 and records it in the transfer group", async () => {
    const { session, intent } = await paidSession(12_500);
    expect(session).toMatchObject({ status: "complete", payment_status: "paid", amount_total: 12_500 });
    expect(intent).toMatchObject({ status: "succeeded", transfer_group: "order_1", amount: 12_500 });
  });

  it("declines 4000 0000 0000 0002 and leaves the session open", async () => {
    const session = await stripe.stripe.checkout.sessions.create({
      mode: "payment",
      success_url: "http://stoop.test/done",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 500, product_data: { name: "Lamp" } } }],
    });
    const response = await fetch(session.url!, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "cardNumber=4000000000000002",
    });
    expect(response.status).toBe(402);
    expect(await response.text()).toContain("Your card was declined.");
    expect((await stripe.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("moves money like Stripe: transfers need an onboarded account and funds; refunds cannot exceed the charge", async () => {
    const { chargeId } = await paidSession(10_000);
    const account = await stripe.stripe.accounts.create({ type: "express" });
    const notOnboarded = await stripeError(
      stripe.stripe.transfers.create({
        amount: 100,
        currency: "usd",
        destination: account.id,
        source_transaction: chargeId,
      }),
    );
    expect(notOnboarded.message).toMatch(/capabilities enabled: transfers/);

    const link = await stripe.stripe.accountLinks.create({
      account: account.id,
      type: "account_onboarding",
      return_url: "http://x/r",
      refresh_url: "http://x/f",
    });
    await fetch(link.url, { method: "POST", redirect: "manual" });
    const transfer = await stripe.stripe.transfers.create(
      {
        amount: 9_000,
        currency: "usd",
        destination: account.id,
        source_transaction: chargeId,
        transfer_group: "order_1",
      },
      { idempotencyKey: "order_1:seller:payout" },
    );
    expect(transfer).toMatchObject({ amount: 9_000, destination: account.id });
    const tooMuch = await stripeError(
      stripe.stripe.transfers.create({
        amount: 2_000,
        currency: "usd",
        destination: account.id,
        source_transaction: chargeId,
      }),
    );
    expect(tooMuch.code).toBe("balance_insufficient");

    const refund = await stripe.stripe.refunds.create({ charge: chargeId, amount: 4_000 });
    expect(refund.amount).toBe(4_000);
    const overRefund = await stripeError(stripe.stripe.refunds.create({ charge: chargeId, amount: 7_000 }));
    expect(overRefund.message).toBe("Refund amount (7000) is greater than unrefunded amount on charge (6000)");
    const reversal = await stripe.stripe.transfers.createReversal(transfer.id, { amount: 4_000 });
    expect(reversal.amount).toBe(4_000);
    expect((await stripe.stripe.transfers.retrieve(transfer.id)).amount_reversed).toBe(4_000);
  });

  it("lists refunds by payment intent or charge and transfers by destination or group, newest first", async () => {
    const paid = await paidSession(10_000);
    const other = await paidSession(5_000);
    const account = await stripe.stripe.accounts.create({ type: "express" });
    const link = await stripe.stripe.accountLinks.create({
      account: account.id,
      type: "account_onboarding",
      return_url: "http://x/r",
      refresh_url: "http://x/f",
    });
    await fetch(link.url, { method: "POST", redirect: "manual" });
    const first = await stripe.stripe.refunds.create({ payment_intent: paid.intent.id, amount: 1_000 });
    const second = await stripe.stripe.refunds.create({ charge: paid.chargeId, amount: 2_000 });
    await stripe.stripe.refunds.create({ payment_intent: other.intent.id, amount: 500 });
    const transfer = await stripe.stripe.transfers.create({
      amount: 3_000,
      currency: "usd",
      destination: account.id,
      source_transaction: paid.chargeId,
      transfer_group: "order_lists",
    });

    const byIntent = await stripe.stripe.refunds.list({ payment_intent: paid.intent.id });
    expect(byIntent.data.map((refund) => [refund.id, refund.amount])).toEqual([
      [second.id, 2_000],
      [first.id, 1_000],
    ]);
    expect(byIntent.has_more).toBe(false);
    expect((await stripe.stripe.refunds.list({ charge: paid.chargeId, limit: 1 })).data.map((r) => r.id)).toEqual([
      second.id,
    ]);
    expect((await stripe.stripe.refunds.list({ charge: paid.chargeId, limit: 1 })).has_more).toBe(true);
    expect((await stripe.stripe.transfers.list({ destination: account.id })).data.map((t) => t.id)).toEqual([
      transfer.id,
    ]);
    expect((await stripe.stripe.transfers.list({ transfer_group: "order_lists" })).data).toHaveLength(1);
    expect((await stripe.stripe.transfers.list({ transfer_group: "no_such_group" })).data).toEqual([]);
    const tooMany = await stripeError(stripe.stripe.refunds.list({ limit: 101 }));
    expect(tooMany.param).toBe("limit");
  });

  it("expires a checkout session on request and tells the webhook", async () => {
    const session = await stripe.stripe.checkout.sessions.create({
      mode: "payment",
      success_url: "http://stoop.test/done",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 500, product_data: { name: "Lamp" } } }],
    });
    const expired = await stripe.stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    expect(stripe.standIn.events.some((record) => record.event.type === "checkout.session.expired")).toBe(true);
    const again = await stripeError(stripe.stripe.checkout.sessions.expire(session.id));
    expect(again.message).toMatch(/status of "expired"/);
  });
});
