import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conflict, Forbidden, InvalidTransition } from "~/lib/errors";
import { EmailNotVerified } from "~/modules/accounts/email-verification.server";
import { startCheckout } from "~/modules/orders/checkout.server";
import { attemptPayout, cancelOrder, refundOrder } from "~/modules/orders/money.server";
import { autoReceive, confirmReceipt, listOrders, markShipped, transitionOrder } from "~/modules/orders/orders.server";
import { startPayoutOnboarding } from "~/modules/payments/payout-accounts.server";
import { createStripeClient } from "~/modules/payments/stripe.server";
import { JOB_HANDLERS, type JobDeps } from "~/wiring/job-handlers.server";
import { reconcileCheckout } from "~/modules/orders/payment-events.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { createLogger } from "~/lib/logger.server";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { onboardedSeller, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const address = {
  name: "Pat Buyer",
  line1: "1 Main St",
  line2: null,
  city: "Portland",
  region: "OR",
  postalCode: "97214",
  country: "US",
};

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const db = () => database.db;

async function orderRow(orderId: string) {
  return db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
}
async function listingStatus(listingId: string) {
  return (await db().selectFrom("listings").select("status").where("id", "=", listingId).executeTakeFirstOrThrow())
    .status;
}
async function eventsOf(orderId: string) {
  return db()
    .selectFrom("orderEvents")
    .select(["event", "fromStatus", "toStatus", "actorId"])
    .where("orderId", "=", orderId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

async function paidOrder(options: { seller?: { id: string }; delivery?: "pickup" | "shipping" } = {}) {
  const seller = options.seller ?? (await onboardedSeller(db(), stripe.stripe));
  const listing = await createListing(db(), {
    sellerId: seller.id,
    priceCents: 2500,
    pickup: true,
    shipping: true,
    shippingCents: 800,
  });
  const buyer = await createUser(db());
  const delivery = options.delivery ?? "shipping";
  const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
    delivery,
    address: delivery === "shipping" ? address : null,
  });
  const paid = await payOnHostedPage(url, "4242424242424242");
  expect(paid.status).toBe(303);
  await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("paid");
  return { seller, buyer, listing, order: await orderRow(order.id) };
}

describe("checkout", () => {
  it("lets exactly one of many concurrent buyers reserve a unique item", async () => {
    const listing = await createListing(db(), { priceCents: 4000 });
    const buyers = await Promise.all(Array.from({ length: 100 }, () => createUser(db())));
    const results = await Promise.allSettled(
      buyers.map((buyer) =>
        startCheckout(db(), stripe.stripe, settings, buyer, listing.id, { delivery: "pickup", address: null }),
      ),
    );
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result) => result.status === "rejected");
    expect(won).toHaveLength(1);
    for (const failure of lost) expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    expect(await listingStatus(listing.id)).toBe("reserved");
    const orders = await db()
      .selectFrom("orders")
      .select(["id", "status"])
      .where("listingId", "=", listing.id)
      .execute();
    expect(orders).toEqual([{ id: expect.any(String), status: "pending_payment" }]);
  });

  it("creates a 30-minute Stripe Checkout Session for item plus shipping, grouped under the order", async () => {
    const listing = await createListing(db(), { priceCents: 2500, shipping: true, shippingCents: 800 });
    const buyer = await createUser(db());
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "shipping",
      address,
    });
    expect(order).toMatchObject({ itemCents: 2500, shippingCents: 800, totalCents: 3300, platformFeeCents: 195 });
    expect(url).toContain("/checkout/");
    const session = stripe.standIn.sessions.get(order.stripeCheckoutSessionId!)!;
    expect(session.amount_total).toBe(3300);
    expect(session.metadata).toEqual({ orderId: order.id });
    expect(session.client_reference_id).toBe(order.id);
    expect(session.payment_intent_data.transfer_group).toBe(order.id);
    expect(session.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(29 * 60);
  });

  it("refuses unverified buyers and sellers buying their own listing", async () => {
    const listing = await createListing(db());
    const unverified = await createUser(db(), { emailVerified: false });
    await expect(
      startCheckout(db(), stripe.stripe, settings, unverified, listing.id, { delivery: "pickup", address: null }),
    ).rejects.toBeInstanceOf(EmailNotVerified);
    const seller = await db()
      .selectFrom("users")
      .select(["id", "email"])
      .where("id", "=", listing.sellerId)
      .executeTakeFirstOrThrow();
    await expect(
      startCheckout(db(), stripe.stripe, settings, seller, listing.id, { delivery: "pickup", address: null }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await listingStatus(listing.id)).toBe("active");
  });

  it("cancels the order and releases the listing when Stripe can't be reached", async () => {
    const listing = await createListing(db());
    const buyer = await createUser(db());
    const unreachable = createStripeClient({ secretKey: "sk_test_x", standIn: { host: "127.0.0.1", port: 9 } });
    await expect(
      startCheckout(db(), unreachable, settings, buyer, listing.id, { delivery: "pickup", address: null }),
    ).rejects.toThrow();
    expect(await listingStatus(listing.id)).toBe("active");
    const order = await db()
      .selectFrom("orders")
      .select("status")
      .where("listingId", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe("cancelled");
  });
});

describe("payment webhooks", () => {
  it("moves an order to paid once, however often and in whatever order the events arrive", async () => {
    const seller = await onboardedSeller(db(), stripe.stripe);
    const listing = await createListing(db(), { sellerId: seller.id, priceCents: 5000 });
    const buyer = await createUser(db());
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    stripe.standIn.pauseDeliveries();
    try {
      expect((await payOnHostedPage(url, "4242424242424242")).status).toBe(303);
    } finally {
      await stripe.standIn.releaseDeliveries({ order: "reverse", copies: 10 });
    }
    const paid = await orderRow(order.id);
    expect(paid.status).toBe("paid");
    expect(paid.stripePaymentIntentId).toMatch(/^pi_/);
    expect(paid.stripeChargeId).toMatch(/^ch_/);
    expect((await eventsOf(order.id)).map((event) => event.event)).toEqual(["create", "pay"]);
    const sellerNotices = await db()
      .selectFrom("notifications")
      .select("kind")
      .where("userId", "=", seller.id)
      .where("kind", "=", "order_paid")
      .execute();
    expect(sellerNotices).toHaveLength(1);

    // Through to completion: exactly one transfer per payee, even when the payout is retried.
    await markReadyAndReceive(order.id, seller.id, buyer.id);
    await Promise.all([1, 2, 3].map(() => attemptPayout(db(), stripe.stripe, order.id)));
    const transfers = [...stripe.standIn.transfers.values()].filter((transfer) => transfer.transfer_group === order.id);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ amount: 5000 - 280, source_transaction: paid.stripeChargeId });
    const payouts = await db().selectFrom("payouts").selectAll().where("orderId", "=", order.id).execute();
    expect(payouts).toMatchObject([
      {
        payeeId: seller.id,
        status: "paid",
        amountCents: 4720,
        stripeTransferId: transfers[0]!.id,
        idempotencyKey: `order:${order.id}:payee:${seller.id}:purpose:sale`,
      },
    ]);
    expect(await listingStatus(listing.id)).toBe("sold");
  });

  async function markReadyAndReceive(orderId: string, sellerId: string, buyerId: string) {
    await transitionOrder(db(), { orderId, event: "markReady", actor: { userId: sellerId } });
    await confirmReceipt(db(), orderId, { userId: buyerId });
    expect((await orderRow(orderId)).status).toBe("completed");
  }

  it("cancels the order and makes the listing reservable again when the card is declined", async () => {
    const listing = await createListing(db());
    const buyer = await createUser(db());
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    expect((await payOnHostedPage(url, "4000000000000002")).status).toBe(402);
    await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("cancelled");
    expect(await listingStatus(listing.id)).toBe("active");
    expect(stripe.standIn.sessions.get(order.stripeCheckoutSessionId!)!.status).toBe("expired");
    // The hosted page is closed: the cancelled order can't be paid after all.
    expect((await payOnHostedPage(url, "4242424242424242")).status).toBe(410);
    const another = await createUser(db());
    await expect(
      startCheckout(db(), stripe.stripe, settings, another, listing.id, { delivery: "pickup", address: null }),
    ).resolves.toMatchObject({ order: { status: "pending_payment" } });
  });

  it("releases the listing when the checkout session expires", async () => {
    const listing = await createListing(db());
    const buyer = await createUser(db());
    const { order } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    await stripe.stripe.checkout.sessions.expire(order.stripeCheckoutSessionId!);
    await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("cancelled");
    expect(await listingStatus(listing.id)).toBe("active");
    expect((await eventsOf(order.id)).at(-1)).toMatchObject({ event: "expire", actorId: null, toStatus: "cancelled" });
  });
});

describe("after payment", () => {
  it("ships, confirms receipt and pays the seller (item + shipping − fee)", async () => {
    const { seller, buyer, order, listing } = await paidOrder();
    await expect(markShipped(db(), order.id, buyer.id, { autoReceiveDays: 7 })).rejects.toBeInstanceOf(Forbidden);
    await markShipped(db(), order.id, seller.id, { trackingNumber: "1Z999", autoReceiveDays: 7 });
    await expect(cancelOrder(db(), stripe.stripe, order.id, { userId: buyer.id })).rejects.toBeInstanceOf(
      InvalidTransition,
    );
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect(await attemptPayout(db(), stripe.stripe, order.id)).toEqual(["paid"]);
    const done = await orderRow(order.id);
    expect(done).toMatchObject({ status: "completed", trackingNumber: "1Z999" });
    expect((await eventsOf(order.id)).map((event) => event.toStatus)).toEqual([
      "pending_payment",
      "paid",
      "shipped",
      "received",
      "completed",
    ]);
    const payout = await db()
      .selectFrom("payouts")
      .selectAll()
      .where("orderId", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(payout.amountCents).toBe(3300 - 195);
    expect(stripe.standIn.transfers.get(payout.stripeTransferId!)!.amount).toBe(3105);
    expect(await listingStatus(listing.id)).toBe("sold");
    // A scheduled automatic receipt exists for the shipped order.
    const jobs = await db()
      .selectFrom("pgboss.job" as never)
      .select(["name" as never, "start_after" as never])
      .where("name" as never, "=", "order-auto-receive" as never)
      .execute();
    expect(jobs.length).toBeGreaterThan(0);
  });

  it("holds the payout until the seller finishes payout onboarding", async () => {
    const seller = await createUser(db());
    const { buyer, order } = await paidOrder({ seller, delivery: "pickup" });
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect(await attemptPayout(db(), stripe.stripe, order.id)).toEqual(["waiting_for_account"]);
    expect(await attemptPayout(db(), stripe.stripe, order.id)).toEqual(["waiting_for_account"]);
    const reminders = await db()
      .selectFrom("notifications")
      .select(["title", "url"])
      .where("userId", "=", seller.id)
      .where("url", "=", "/settings/payouts")
      .execute();
    expect(reminders).toEqual([{ title: "Set up payouts to receive $23.45", url: "/settings/payouts" }]);
    expect(await listOrders(db(), seller.id, "sales")).toMatchObject([
      { id: order.id, payoutStatus: "waiting_for_account" },
    ]);
    const link = await startPayoutOnboarding(db(), stripe.stripe, { kind: "member", userId: seller.id }, seller, {
      returnUrl: "http://stoop.test/r",
      refreshUrl: "http://stoop.test/f",
    });
    await fetch(link, { method: "POST", redirect: "manual" });
    await expect
      .poll(
        async () => {
          const rows = await db()
            .selectFrom("pgboss.job" as never)
            .select(["data" as never])
            .where("name" as never, "=", "order-payout" as never)
            .execute();
          return rows.filter((row) => (row as { data: { orderId: string } }).data.orderId === order.id).length;
        },
        { timeout: 5000 },
      )
      .toBeGreaterThanOrEqual(2);
    expect(await attemptPayout(db(), stripe.stripe, order.id)).toEqual(["paid"]);
  });

  it("refunds in full and puts the listing back on sale when the seller cancels before shipping", async () => {
    const { seller, order, listing } = await paidOrder();
    const cancelled = await cancelOrder(db(), stripe.stripe, order.id, { userId: seller.id });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.stripeRefundId).toMatch(/^re_/);
    expect(await listingStatus(listing.id)).toBe("active");
    expect(
      await db()
        .selectFrom("notifications")
        .select("title")
        .where("userId", "=", order.buyerId)
        .where("kind", "=", "order_cancelled")
        .execute(),
    ).toHaveLength(1);
    const charge = stripe.standIn.charges.get(order.stripeChargeId!)!;
    expect(charge.amount_refunded).toBe(3300);
    await expect.poll(async () => (await orderRow(order.id)).refundedCents, { timeout: 5000 }).toBe(3300);
  });

  it("doesn't let a stranger see or change an order", async () => {
    const { order } = await paidOrder({ delivery: "pickup" });
    const stranger = await createUser(db());
    await expect(
      transitionOrder(db(), { orderId: order.id, event: "cancel", actor: { userId: stranger.id } }),
    ).rejects.toThrow("That order doesn't exist.");
  });
});

describe("edge cases", () => {
  it("freezes an order as disputed when the payment is disputed, whichever event arrives first", async () => {
    const listing = await createListing(db());
    const buyer = await createUser(db());
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    stripe.standIn.pauseDeliveries();
    try {
      expect((await payOnHostedPage(url, "4000000000000259")).status).toBe(303);
    } finally {
      await stripe.standIn.releaseDeliveries({ order: "reverse", copies: 3 });
    }
    const disputed = await orderRow(order.id);
    expect(disputed.status).toBe("disputed");
    expect(disputed.stripeChargeId).toMatch(/^ch_/);
    expect((await eventsOf(order.id)).map((event) => event.event)).toEqual(["create", "pay", "dispute"]);
    const notices = await db()
      .selectFrom("notifications")
      .select("kind")
      .where("userId", "in", [buyer.id, listing.sellerId])
      .where("kind", "=", "dispute_opened")
      .execute();
    expect(notices).toHaveLength(2);
    await expect(
      transitionOrder(db(), { orderId: order.id, event: "cancel", actor: { userId: buyer.id } }),
    ).rejects.toBeInstanceOf(InvalidTransition);
  });

  it("confirms receipt automatically only while the order is still shipped", async () => {
    const { seller, order } = await paidOrder();
    await markShipped(db(), order.id, seller.id, { autoReceiveDays: 7 });
    expect(await autoReceive(db(), order.id)).toBe("received");
    expect((await orderRow(order.id)).status).toBe("completed");
    expect(await autoReceive(db(), order.id)).toBe("skipped");
    const system = (await eventsOf(order.id)).filter((event) => event.event === "confirmReceipt");
    expect(system).toEqual([{ event: "confirmReceipt", fromStatus: "shipped", toStatus: "received", actorId: null }]);
    expect(await db().selectFrom("payouts").select("status").where("orderId", "=", order.id).execute()).toHaveLength(1);
  });

  it("records and refunds a payment that lands on an order already cancelled", async () => {
    const listing = await createListing(db());
    const buyer = await createUser(db());
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    // Cancelled on our side while the hosted page is still open (e.g. a webhook we have not seen yet).
    await transitionOrder(db(), { orderId: order.id, event: "abandon", actor: { userId: buyer.id } });
    expect((await payOnHostedPage(url, "4242424242424242")).status).toBe(303);
    await expect.poll(async () => (await orderRow(order.id)).stripeChargeId, { timeout: 5000 }).toMatch(/^ch_/);
    expect((await orderRow(order.id)).status).toBe("cancelled");
    expect(await refundOrder(db(), stripe.stripe, order.id)).toBe("refunded");
    expect(await refundOrder(db(), stripe.stripe, order.id)).toBe("nothing-to-refund");
    const charge = stripe.standIn.charges.get((await orderRow(order.id)).stripeChargeId!)!;
    expect(charge.amount_refunded).toBe(charge.amount);
  });

  it("runs the order jobs idempotently: auto-receipt, payout and refund", async () => {
    const deps = {
      db: db(),
      logger: createLogger("silent"),
      stripe: () => stripe.stripe,
      email: {} as JobDeps["email"],
    } satisfies JobDeps;
    const shipped = await paidOrder();
    await markShipped(db(), shipped.order.id, shipped.seller.id, { autoReceiveDays: 7 });
    const run = (queue: keyof typeof QUEUES, orderId: string) => JOB_HANDLERS[QUEUES[queue]]({ orderId }, deps);
    expect(await run("orderAutoReceive", shipped.order.id)).toEqual({ outcome: "received" });
    expect(await run("orderAutoReceive", shipped.order.id)).toEqual({ outcome: "skipped" });
    expect(await run("orderPayout", shipped.order.id)).toEqual({ outcomes: ["already-paid"] });
    expect(
      [...stripe.standIn.transfers.values()].filter((transfer) => transfer.transfer_group === shipped.order.id),
    ).toHaveLength(1);

    const cancelled = await paidOrder({ delivery: "pickup" });
    await transitionOrder(db(), {
      orderId: cancelled.order.id,
      event: "cancel",
      actor: { userId: cancelled.buyer.id },
    });
    expect(await run("orderRefund", cancelled.order.id)).toEqual({ outcome: "refunded" });
    expect(await run("orderRefund", cancelled.order.id)).toEqual({ outcome: "nothing-to-refund" });
    expect(
      [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata?.orderId === cancelled.order.id),
    ).toHaveLength(1);
  });

  it("settles checkouts whose webhooks never arrive: expired ones release the listing, paid ones are paid", async () => {
    const buyer = await createUser(db());
    const abandoned = await createListing(db());
    const bought = await createListing(db());
    stripe.standIn.pauseDeliveries();
    try {
      const first = await startCheckout(db(), stripe.stripe, settings, buyer, abandoned.id, {
        delivery: "pickup",
        address: null,
      });
      const second = await startCheckout(db(), stripe.stripe, settings, buyer, bought.id, {
        delivery: "pickup",
        address: null,
      });
      expect(await reconcileCheckout(db(), stripe.stripe, first.order.id)).toBe("still-open");
      await stripe.stripe.checkout.sessions.expire(first.order.stripeCheckoutSessionId!);
      expect((await payOnHostedPage(second.url, "4242424242424242")).status).toBe(303);

      expect(await reconcileCheckout(db(), stripe.stripe, first.order.id)).toBe("settled");
      expect(await reconcileCheckout(db(), stripe.stripe, second.order.id)).toBe("settled");
      expect((await orderRow(first.order.id)).status).toBe("cancelled");
      expect(await listingStatus(abandoned.id)).toBe("active");
      expect((await orderRow(second.order.id)).status).toBe("paid");
      expect(await reconcileCheckout(db(), stripe.stripe, second.order.id)).toBe("not-pending");
    } finally {
      await stripe.standIn.releaseDeliveries({ copies: 2 });
    }
    // The late webhooks change nothing.
    const events = await db()
      .selectFrom("orderEvents")
      .innerJoin("orders", "orders.id", "orderEvents.orderId")
      .select("orderEvents.event")
      .where("orders.buyerId", "=", buyer.id)
      .execute();
    expect(events.map((event) => event.event).sort()).toEqual(["create", "create", "expire", "pay"]);
  });
});
