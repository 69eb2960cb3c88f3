import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conflict, Forbidden, InvalidTransition, NotFound } from "~/lib/errors";
import { openDispute } from "~/modules/disputes/disputes.server";
import { resolveDispute } from "~/modules/disputes/resolve.server";
import { abandonCheckout } from "~/modules/orders/checkout.server";
import { attemptPayout, refundOrder } from "~/modules/orders/money.server";
import { autoReceive, confirmServiceDone, getOrderFor, listOrders } from "~/modules/orders/orders.server";
import {
  acceptServiceJob,
  declineServiceJob,
  declineUnansweredServiceJobs,
  markServiceDone,
  refundServiceLine,
  serviceJobsFor,
} from "~/modules/orders/service-jobs.server";
import { quotePageFor, startServiceCheckout } from "~/modules/orders/service-orders.server";
import { orderMoney } from "~/modules/payments/ledger.server";
import { exportMemberData } from "~/modules/privacy/account-data.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { createQuote, createWantedRequest } from "../../support/wanted-factories";
import { onboardShop, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

/**
 * Buying a shop's quote (issue #16, ADR 038): a service-only order through the real Stripe SDK
 * against the stand-in. The quote is $35.00; the fee is the add-on rule (5% of the line), so the
 * shop's share is $33.25.
 */

const database = useTestDatabase();
const db = () => database.db;
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const QUOTE = 3500;
const SHOP_SHARE = 3325;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const orderRow = (orderId: string) =>
  db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();

async function quoteFor(options: Parameters<typeof createQuote>[2] = {}) {
  const requester = await createUser(db(), { displayName: "Requester" });
  const request = await createWantedRequest(db(), { requesterId: requester.id });
  const quote = await createQuote(db(), request.id, { quoteCents: QUOTE, ...options });
  await onboardShop(db(), stripe.stripe, quote.shop);
  return { requester, request, ...quote };
}

/** The requester buys the quote and pays on the hosted page; the webhook marks the order paid. */
async function paidQuote() {
  const parts = await quoteFor();
  const { order, url } = await startServiceCheckout(db(), stripe.stripe, settings, parts.requester, parts.answer.id);
  expect((await payOnHostedPage(url)).status).toBe(303);
  await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("paid");
  const [job] = await serviceJobsFor(db(), parts.shop.id, parts.shop.ownerId);
  return { ...parts, orderId: order.id, job: job! };
}

const transfersOf = (orderId: string) =>
  [...stripe.standIn.transfers.values()].filter((transfer) => transfer.transfer_group === orderId);

async function chargeOf(orderId: string) {
  const order = await orderRow(orderId);
  return stripe.standIn.charges.get(order.stripeChargeId!)!;
}

describe("buying a quote: the money", () => {
  it("charges exactly the quote once, and pays the shop the quote minus the fee exactly once", async () => {
    const { orderId, job, shop, requester } = await paidQuote();
    const order = await orderRow(orderId);
    expect(order).toMatchObject({
      kind: "service",
      listingId: null,
      sellerId: null,
      delivery: "at_shop",
      itemCents: 0,
      shippingCents: 0,
      servicesCents: QUOTE,
      totalCents: QUOTE,
      platformFeeCents: QUOTE - SHOP_SHARE,
    });
    const charge = await chargeOf(orderId);
    expect(charge.amount).toBe(QUOTE);
    expect([...stripe.standIn.charges.values()].filter((c) => c.id === order.stripeChargeId)).toHaveLength(1);
    expect(job).toMatchObject({ orderId, priceCents: QUOTE, shareCents: SHOP_SHARE, delivery: "at_shop" });

    // Not before the shop marks it done.
    await expect(confirmServiceDone(db(), orderId, { userId: requester.id })).rejects.toBeInstanceOf(InvalidTransition);
    await acceptServiceJob(db(), job.id, shop.ownerId);
    await markServiceDone(db(), job.id, shop.ownerId);
    expect((await orderRow(orderId)).status).toBe("paid");
    // Only the buyer confirms.
    await expect(confirmServiceDone(db(), orderId, { userId: shop.ownerId })).rejects.toBeInstanceOf(NotFound);
    await confirmServiceDone(db(), orderId, { userId: requester.id });
    expect((await orderRow(orderId)).status).toBe("completed");

    await attemptPayout(db(), stripe.stripe, orderId);
    expect(await attemptPayout(db(), stripe.stripe, orderId)).toEqual(["already-paid"]);
    const transfers = transfersOf(orderId);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.amount).toBe(SHOP_SHARE);
    const shopAccount = await db()
      .selectFrom("payoutAccounts")
      .select("stripeAccountId")
      .where("retailerId", "=", shop.id)
      .executeTakeFirstOrThrow();
    expect(transfers[0]!.destination).toBe(shopAccount.stripeAccountId);
    const money = await orderMoney(db(), orderId);
    expect(money.chargedCents).toBe(QUOTE);
    expect(money.refundedCents).toBe(0);
    expect(money.payees).toEqual([expect.objectContaining({ paidCents: SHOP_SHARE })]);
  });

  it("refunds exactly the quote, once, when the shop declines, and cancels the order", async () => {
    const { orderId, job, shop } = await paidQuote();
    await declineServiceJob(db(), stripe.stripe, job.id, shop.ownerId);
    expect((await orderRow(orderId)).status).toBe("cancelled");
    // Retries of either refund path add nothing.
    await refundOrder(db(), stripe.stripe, orderId);
    await refundServiceLine(db(), stripe.stripe, job.id);
    const charge = await chargeOf(orderId);
    expect(charge.amount_refunded).toBe(QUOTE);
    const refunds = [...stripe.standIn.refunds.values()].filter((refund) => refund.charge === charge.id);
    expect(refunds.map((refund) => refund.amount)).toEqual([QUOTE]);
    expect((await orderMoney(db(), orderId)).refundedCents).toBe(QUOTE);
    expect(transfersOf(orderId)).toHaveLength(0);
  });

  it("refunds the quote when the shop never answers the job", async () => {
    const { orderId } = await paidQuote();
    const later = new Date(Date.now() + 49 * 3600 * 1000);
    await declineUnansweredServiceJobs(db(), stripe.stripe, later);
    expect((await orderRow(orderId)).status).toBe("cancelled");
    expect((await chargeOf(orderId)).amount_refunded).toBe(QUOTE);
  });

  it("confirms a finished job for the member after the window, and pays the shop", async () => {
    const { orderId, job, shop } = await paidQuote();
    expect(await autoReceive(db(), orderId)).toBe("skipped");
    await acceptServiceJob(db(), job.id, shop.ownerId);
    await markServiceDone(db(), job.id, shop.ownerId);
    // The automatic confirmation is scheduled with the "done" (the job would call autoReceive).
    const queued = await db()
      .selectFrom("pgboss.job" as never)
      .select(["singleton_key" as never])
      .where("name" as never, "=", "order-auto-receive" as never)
      .where("singleton_key" as never, "=", orderId as never)
      .execute();
    expect(queued).toHaveLength(1);
    expect(await autoReceive(db(), orderId)).toBe("received");
    expect((await orderRow(orderId)).status).toBe("completed");
    await attemptPayout(db(), stripe.stripe, orderId);
    expect(transfersOf(orderId).map((transfer) => transfer.amount)).toEqual([SHOP_SHARE]);
  });

  it("refunds a dispute's decision per line: part of the quote back, the rest to the shop", async () => {
    const { orderId, job, shop, requester } = await paidQuote();
    await acceptServiceJob(db(), job.id, shop.ownerId);
    await markServiceDone(db(), job.id, shop.ownerId);
    const { disputeId } = await openDispute(db(), requester, orderId, {
      reason: "service_not_performed",
      statement: "The gears still slip on the third cog.",
    });
    expect((await orderRow(orderId)).status).toBe("disputed");
    const admin = await createUser(db(), { role: "admin" });
    await resolveDispute(db(), stripe.stripe, admin, disputeId, {
      kind: "partial_refund",
      lines: [{ key: `service:${job.id}`, amountCents: 1000 }],
      note: "Half done: part of the price back.",
    });
    await attemptPayout(db(), stripe.stripe, orderId);
    const charge = await chargeOf(orderId);
    expect(charge.amount_refunded).toBe(1000);
    const money = await orderMoney(db(), orderId);
    expect(money.refundedCents).toBe(1000);
    // The shop's share after the refund: 35.00 − 10.00 − the fee on the line (1.75) = 23.25.
    expect(transfersOf(orderId).map((transfer) => transfer.amount)).toEqual([2325]);
  });
});

describe("buying a quote: who and what", () => {
  it("lets only the requester buy", async () => {
    const { answer } = await quoteFor();
    const stranger = await createUser(db());
    await expect(quotePageFor(db(), answer.id, stranger.id, settings.fees)).rejects.toBeInstanceOf(Forbidden);
    await expect(startServiceCheckout(db(), stripe.stripe, settings, stranger, answer.id)).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(await db().selectFrom("orders").select("id").where("wantedAnswerId", "=", answer.id).execute()).toEqual([]);
  });

  it("refuses a removed answer, a text answer, an answer that doesn't exist, a closed request, an inactive service", async () => {
    const requester = await createUser(db());
    const open = await createWantedRequest(db(), { requesterId: requester.id });
    const removed = await createQuote(db(), open.id, { removedAt: new Date() });
    const text = await createQuote(db(), open.id, { kind: "text" });
    const inactive = await createQuote(db(), open.id, { serviceActive: false });
    const unverified = await createQuote(db(), open.id, { retailerStatus: "pending" });
    const closedRequest = await createWantedRequest(db(), { requesterId: requester.id, status: "closed" });
    const closed = await createQuote(db(), closedRequest.id);
    const expiredRequest = await createWantedRequest(db(), {
      requesterId: requester.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    const expired = await createQuote(db(), expiredRequest.id);
    const buy = (answerId: string) => startServiceCheckout(db(), stripe.stripe, settings, requester, answerId);
    await expect(buy(removed.answer.id)).rejects.toBeInstanceOf(NotFound);
    await expect(buy(text.answer.id)).rejects.toBeInstanceOf(NotFound);
    await expect(buy("no-such-answer")).rejects.toBeInstanceOf(NotFound);
    await expect(buy(inactive.answer.id)).rejects.toBeInstanceOf(Conflict);
    await expect(buy(unverified.answer.id)).rejects.toBeInstanceOf(Conflict);
    await expect(buy(closed.answer.id)).rejects.toBeInstanceOf(Conflict);
    await expect(buy(expired.answer.id)).rejects.toBeInstanceOf(Conflict);
    expect(await db().selectFrom("orders").select("id").where("buyerId", "=", requester.id).execute()).toEqual([]);
  });

  it("reuses the open checkout on a second click, and refuses a second purchase once paid", async () => {
    const { requester, answer } = await quoteFor();
    const first = await startServiceCheckout(db(), stripe.stripe, settings, requester, answer.id);
    const again = await startServiceCheckout(db(), stripe.stripe, settings, requester, answer.id);
    expect(again).toMatchObject({ reused: true, url: first.url });
    expect(again.order.id).toBe(first.order.id);
    expect(await db().selectFrom("orders").select("id").where("wantedAnswerId", "=", answer.id).execute()).toHaveLength(
      1,
    );
    expect((await payOnHostedPage(first.url)).status).toBe(303);
    await expect.poll(async () => (await orderRow(first.order.id)).status, { timeout: 5000 }).toBe("paid");
    await expect(startServiceCheckout(db(), stripe.stripe, settings, requester, answer.id)).rejects.toBeInstanceOf(
      Conflict,
    );
    expect((await quotePageFor(db(), answer.id, requester.id, settings.fees)).liveOrder).toEqual({
      id: first.order.id,
      status: "paid",
    });
  });

  it("keeps one live order per quote in the database itself", async () => {
    const { requester, answer } = await quoteFor();
    const { order } = await startServiceCheckout(db(), stripe.stripe, settings, requester, answer.id);
    const { id: _id, createdAt: _c, updatedAt: _u, stripeCheckoutSessionId: _s, ...copy } = await orderRow(order.id);
    await expect(
      db()
        .insertInto("orders")
        .values({ ...copy, id: "second-live-order" })
        .execute(),
    ).rejects.toThrow(/orders_one_live_per_quote/);
  });

  it("frees the quote when the checkout is abandoned: a new checkout is a new order", async () => {
    const { requester, answer, request } = await quoteFor();
    const first = await startServiceCheckout(db(), stripe.stripe, settings, requester, answer.id);
    expect(await abandonCheckout(db(), stripe.stripe, first.order.id, requester.id)).toEqual({
      status: "cancelled",
      listingId: null,
      wantedRequestId: request.id,
    });
    const second = await startServiceCheckout(db(), stripe.stripe, settings, requester, answer.id);
    expect(second.reused).toBe(false);
    expect(second.order.id).not.toBe(first.order.id);
  });
});

describe("a service order on the member's pages and data", () => {
  it("shows on the order page, the purchases list and in the member's export, named by the request", async () => {
    const { orderId, requester, request } = await paidQuote();
    const view = await getOrderFor(db(), orderId, requester.id);
    expect(view).toMatchObject({ role: "buyer", order: { listingTitle: request.title, sellerName: "" } });
    const purchases = await listOrders(db(), requester.id, "purchases");
    expect(purchases).toEqual([expect.objectContaining({ id: orderId, kind: "service", listingTitle: request.title })]);
    const exported = await exportMemberData(db(), requester.id);
    expect(JSON.stringify(exported)).toContain(request.title);
  });

  it("opens the order page to the shop's staff with their share, and to nobody else", async () => {
    const { orderId, job, shop, requester } = await paidQuote();
    await acceptServiceJob(db(), job.id, shop.ownerId);
    await markServiceDone(db(), job.id, shop.ownerId);
    await confirmServiceDone(db(), orderId, { userId: requester.id });
    const view = await getOrderFor(db(), orderId, shop.ownerId);
    expect(view.role).toBe("shop");
    expect(view.money.shop).toMatchObject({ lineCents: QUOTE, feeCents: QUOTE - SHOP_SHARE, shareCents: SHOP_SHARE });
    expect((await getOrderFor(db(), orderId, requester.id)).money.shop).toBeNull();
    const stranger = await createUser(db());
    await expect(getOrderFor(db(), orderId, stranger.id)).rejects.toBeInstanceOf(NotFound);
  });
});
