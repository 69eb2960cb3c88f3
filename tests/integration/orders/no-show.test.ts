import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { Forbidden, InvalidTransition, NotFound } from "~/lib/errors";
import { createLogger } from "~/lib/logger.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { handoverForBuyer, handOver } from "~/modules/orders/handover.server";
import { cancelOrder, refundOrder } from "~/modules/orders/money.server";
import { askAboutNoShow, noShowState, noShowTimeout, reportNoShow } from "~/modules/orders/no-show.server";
import { transitionOrder } from "~/modules/orders/orders.server";
import { orderMoney } from "~/modules/payments/ledger.server";
import { JOB_HANDLERS, type JobDeps } from "~/wiring/job-handlers.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { paidPickupOrder, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;
const SECRET = "a-handover-secret-of-at-least-32-characters";
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const orderRow = (orderId: string) =>
  db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
const listingStatus = async (listingId: string) =>
  (await db().selectFrom("listings").select("status").where("id", "=", listingId).executeTakeFirstOrThrow()).status;

async function paidPickup() {
  const paid = await paidPickupOrder(db(), stripe.stripe, settings);
  return {
    ...paid,
    daysAfterPayment: (days: number) => new Date(paid.order.paidAt!.getTime() + days * DAY),
  };
}

/** Stoop asks 7 days after payment (a fixed clock). */
async function askedPickup() {
  const pickup = await paidPickup();
  expect(await askAboutNoShow(db(), pickup.order.id, { noShowDays: 7, now: pickup.daysAfterPayment(7) })).toBe("asked");
  return pickup;
}

/** The ledger's refunds of an order: each succeeded Stripe refund, one row each. */
const refunds = (orderId: string) =>
  db()
    .selectFrom("moneyMovements")
    .select(["amountCents", "status"])
    .where("orderId", "=", orderId)
    .where("kind", "=", "refund")
    .execute();

const jobsFor = async (queue: string, orderId: string) =>
  (
    await db()
      .selectFrom("pgboss.job" as never)
      .select(["data" as never, "start_after" as never, "singleton_key" as never])
      // CamelCasePlugin: the columns come back as startAfter and singletonKey.
      .where("name" as never, "=", queue as never)
      .execute()
  )
    .map((row) => row as { data: { orderId: string }; startAfter: Date; singletonKey: string | null })
    .filter((row) => row.data.orderId === orderId);

/**
 * The order's timeline as a set: the question is recorded at the fixed clock's time (days ahead),
 * the transitions at the real one, so their order here says nothing.
 */
const eventsOf = async (orderId: string) =>
  (
    await db()
      .selectFrom("orderEvents")
      .select("event")
      .where("orderId", "=", orderId)
      .orderBy("createdAt")
      .orderBy("id")
      .execute()
  )
    .map((row) => row.event)
    .sort();

describe("when nobody shows up for a pickup", () => {
  it("queues the question when a pickup is paid, asks both sides once N days later, and queues the timeout", async () => {
    const { order, buyer, seller, daysAfterPayment } = await paidPickup();
    const queued = await jobsFor(QUEUES.orderNoShowAsk, order.id);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.singletonKey).toBe(order.id);

    // Before the configured day: nothing is asked; the job waits for that day.
    expect(await askAboutNoShow(db(), order.id, { noShowDays: 7, now: daysAfterPayment(6) })).toBe("not-due");
    expect(await noShowState(db(), order)).toBeNull();
    const waiting = (await jobsFor(QUEUES.orderNoShowAsk, order.id)).find((job) => job.singletonKey !== order.id);
    expect(new Date(waiting!.startAfter).getTime()).toBe(daysAfterPayment(7).getTime());

    expect(await askAboutNoShow(db(), order.id, { noShowDays: 7, now: daysAfterPayment(7) })).toBe("asked");
    expect(await askAboutNoShow(db(), order.id, { noShowDays: 7, now: daysAfterPayment(8) })).toBe("already-asked");
    expect(await eventsOf(order.id)).toEqual(["create", "noShowAsked", "pay"]);
    expect((await orderRow(order.id)).status).toBe("paid");
    const notices = await db()
      .selectFrom("notifications")
      .select(["userId", "title", "url"])
      .where("kind", "=", "order_pickup_check")
      .where("url", "=", `/orders/${order.id}`)
      .orderBy("userId")
      .execute();
    expect(notices.map((notice) => notice.userId).sort()).toEqual([buyer.id, seller.id].sort());
    expect(notices[0]!.title).toMatch(/^Did the pickup of .+ happen\?$/);
    const timeouts = await jobsFor(QUEUES.orderNoShowTimeout, order.id);
    expect(timeouts).toHaveLength(1);
    expect(new Date(timeouts[0]!.startAfter).getTime()).toBe(daysAfterPayment(10).getTime());
    expect(await noShowState(db(), order)).toEqual({ askedAt: daysAfterPayment(7), deadline: daysAfterPayment(10) });
  });

  it("lets the buyer cancel because the seller didn't show: refunded in full exactly once, listing for sale", async () => {
    const { order, buyer, seller, listing, daysAfterPayment } = await askedPickup();
    await expect(
      reportNoShow(db(), stripe.stripe, { orderId: order.id, userId: seller.id, event: "sellerNoShow" }),
    ).rejects.toBeInstanceOf(Forbidden);
    const stranger = await createUser(db());
    await expect(
      reportNoShow(db(), stripe.stripe, { orderId: order.id, userId: stranger.id, event: "sellerNoShow" }),
    ).rejects.toBeInstanceOf(NotFound);

    const cancelled = await reportNoShow(db(), stripe.stripe, {
      orderId: order.id,
      userId: buyer.id,
      event: "sellerNoShow",
    });
    expect(cancelled.status).toBe("cancelled");
    expect(await listingStatus(listing.id)).toBe("active");
    expect(await eventsOf(order.id)).toEqual(["create", "noShowAsked", "pay", "sellerNoShow"]);
    // The queued refund job and the timeout run later and change nothing.
    expect(await refundOrder(db(), stripe.stripe, order.id)).toBe("nothing-to-refund");
    expect(await noShowTimeout(db(), order.id, { now: daysAfterPayment(11) })).toBe("skipped");
    await expect(
      reportNoShow(db(), stripe.stripe, { orderId: order.id, userId: buyer.id, event: "sellerNoShow" }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    expect(await refunds(order.id)).toEqual([{ amountCents: order.totalCents, status: "succeeded" }]);
    expect((await orderMoney(db(), order.id)).refundedCents).toBe(order.totalCents);
    const charge = stripe.standIn.charges.get((await orderRow(order.id)).stripeChargeId!)!;
    expect(charge.amount_refunded).toBe(charge.amount);
    expect(await noShowState(db(), await orderRow(order.id))).toBeNull();
  });

  it("lets the seller put the item back on sale because the buyer didn't show: the buyer refunded in full once", async () => {
    const { order, buyer, seller, listing } = await askedPickup();
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await expect(
      reportNoShow(db(), stripe.stripe, { orderId: order.id, userId: buyer.id, event: "buyerNoShow" }),
    ).rejects.toBeInstanceOf(Forbidden);
    const cancelled = await reportNoShow(db(), stripe.stripe, {
      orderId: order.id,
      userId: seller.id,
      event: "buyerNoShow",
    });
    expect(cancelled.status).toBe("cancelled");
    expect(await listingStatus(listing.id)).toBe("active");
    expect(await refundOrder(db(), stripe.stripe, order.id)).toBe("nothing-to-refund");
    expect(await refunds(order.id)).toEqual([{ amountCents: order.totalCents, status: "succeeded" }]);
    const told = await db()
      .selectFrom("notifications")
      .select("body")
      .where("userId", "=", buyer.id)
      .where("kind", "=", "order_cancelled")
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain("The seller reported that the buyer didn't show up");
  });

  it("refuses a no-show report before Stoop has asked; the ordinary cancel stays possible", async () => {
    const { order, buyer } = await paidPickup();
    await expect(
      reportNoShow(db(), stripe.stripe, { orderId: order.id, userId: buyer.id, event: "sellerNoShow" }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    expect((await orderRow(order.id)).status).toBe("paid");
    expect(await refunds(order.id)).toEqual([]);
    expect((await cancelOrder(db(), stripe.stripe, order.id, { userId: buyer.id })).status).toBe("cancelled");
    expect(await refunds(order.id)).toEqual([{ amountCents: order.totalCents, status: "succeeded" }]);
  });

  it("cancels and refunds automatically when neither side answers in 3 days, once", async () => {
    const { order, listing, daysAfterPayment } = await askedPickup();
    expect(await noShowTimeout(db(), order.id, { now: daysAfterPayment(9) })).toBe("not-due");
    expect((await orderRow(order.id)).status).toBe("paid");
    expect(await noShowTimeout(db(), order.id, { now: daysAfterPayment(10) })).toBe("cancelled");
    expect(await noShowTimeout(db(), order.id, { now: daysAfterPayment(11) })).toBe("skipped");
    expect(await eventsOf(order.id)).toEqual(["create", "noShowAsked", "noShowTimeout", "pay"]);
    expect(await listingStatus(listing.id)).toBe("active");
    expect(await refunds(order.id)).toEqual([]);
    // The refund job queued with the cancellation pays back everything, once.
    expect(await jobsFor(QUEUES.orderRefund, order.id)).toHaveLength(1);
    expect(await refundOrder(db(), stripe.stripe, order.id)).toBe("refunded");
    expect(await refundOrder(db(), stripe.stripe, order.id)).toBe("nothing-to-refund");
    expect(await refunds(order.id)).toEqual([{ amountCents: order.totalCents, status: "succeeded" }]);
  });

  it("does nothing after the handover: no question, no report, no timeout", async () => {
    const handedOverFirst = await paidPickup();
    const { code } = (await handoverForBuyer(db(), {
      orderId: handedOverFirst.order.id,
      buyerId: handedOverFirst.buyer.id,
      secret: SECRET,
      publicUrl: settings.publicUrl,
    }))!;
    const result = await handOver(db(), {
      orderId: handedOverFirst.order.id,
      sellerId: handedOverFirst.seller.id,
      code,
      secret: SECRET,
    });
    expect(result.ok).toBe(true);
    expect(
      await askAboutNoShow(db(), handedOverFirst.order.id, {
        noShowDays: 7,
        now: handedOverFirst.daysAfterPayment(8),
      }),
    ).toBe("skipped");

    // Asked, then handed over after all: the answers and the timeout are refused or skipped.
    const askedFirst = await askedPickup();
    const panel = (await handoverForBuyer(db(), {
      orderId: askedFirst.order.id,
      buyerId: askedFirst.buyer.id,
      secret: SECRET,
      publicUrl: settings.publicUrl,
    }))!;
    expect(
      (
        await handOver(db(), {
          orderId: askedFirst.order.id,
          sellerId: askedFirst.seller.id,
          code: panel.code,
          secret: SECRET,
        })
      ).ok,
    ).toBe(true);
    const completed = await orderRow(askedFirst.order.id);
    expect(completed.status).toBe("completed");
    expect(await noShowState(db(), completed)).toBeNull();
    await expect(
      reportNoShow(db(), stripe.stripe, {
        orderId: askedFirst.order.id,
        userId: askedFirst.buyer.id,
        event: "sellerNoShow",
      }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    await expect(
      reportNoShow(db(), stripe.stripe, {
        orderId: askedFirst.order.id,
        userId: askedFirst.seller.id,
        event: "buyerNoShow",
      }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    expect(await noShowTimeout(db(), askedFirst.order.id, { now: askedFirst.daysAfterPayment(11) })).toBe("skipped");
    expect((await orderRow(askedFirst.order.id)).status).toBe("completed");
    expect(await refunds(askedFirst.order.id)).toEqual([]);
  });

  it("runs the jobs through their handlers with the configured days, and reruns are no-ops", async () => {
    const deps = {
      db: db(),
      logger: createLogger("silent"),
      stripe: () => stripe.stripe,
      email: {} as JobDeps["email"],
      noShowDays: 3,
    } satisfies JobDeps;
    const run = (queue: keyof typeof QUEUES, orderId: string) => JOB_HANDLERS[QUEUES[queue]]({ orderId }, deps);
    const { order, listing } = await paidPickup();
    expect(await run("orderNoShowAsk", order.id)).toEqual({ outcome: "not-due" });
    // Paid four days ago (the clock stays; the payment moves back).
    await db()
      .updateTable("orders")
      .set({ paidAt: sql<Date>`now() - interval '4 days'` })
      .where("id", "=", order.id)
      .execute();
    expect(await run("orderNoShowAsk", order.id)).toEqual({ outcome: "asked" });
    expect(await run("orderNoShowAsk", order.id)).toEqual({ outcome: "already-asked" });
    expect(await run("orderNoShowTimeout", order.id)).toEqual({ outcome: "not-due" });
    // The timeline is append-only in the app's types: the question moves back three days here.
    await sql`update order_events set created_at = now() - interval '3 days 1 minute'
      where order_id = ${order.id} and event = 'noShowAsked'`.execute(db());
    expect(await run("orderNoShowTimeout", order.id)).toEqual({ outcome: "cancelled" });
    expect(await run("orderNoShowTimeout", order.id)).toEqual({ outcome: "skipped" });
    expect(await run("orderRefund", order.id)).toEqual({ outcome: "nothing-to-refund" });
    expect(await refunds(order.id)).toEqual([{ amountCents: order.totalCents, status: "succeeded" }]);
    expect(await listingStatus(listing.id)).toBe("active");
  });
});
