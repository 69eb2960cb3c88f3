import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckout } from "~/modules/orders/checkout.server";
import { confirmReceipt, transitionOrder } from "~/modules/orders/orders.server";
import {
  acceptServiceJob,
  declineUnansweredServiceJobs,
  remindUnansweredServiceJobs,
  serviceJobsFor,
} from "~/modules/orders/service-jobs.server";
import { moneyKey } from "~/modules/payments/gateway.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { onboardedSeller, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;
const HOUR = 3600 * 1000;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const orderRow = (orderId: string) =>
  db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();

/** A paid pickup order with the given add-ons, paid `hoursAgo` hours ago. */
async function paidOrderWith(serviceIds: string[], hoursAgo: number) {
  const seller = await onboardedSeller(db(), stripe.stripe);
  const listing = await createListing(db(), {
    sellerId: seller.id,
    categoryId: "bikes",
    priceCents: 20000,
    latitude: 45.52,
    longitude: -122.68,
  });
  const buyer = await createUser(db());
  const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
    delivery: "pickup",
    address: null,
    serviceIds,
  });
  const paid = await payOnHostedPage(url, "4242424242424242");
  expect(paid.status).toBe(303);
  await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("paid");
  await db()
    .updateTable("orders")
    .set({ paidAt: new Date(Date.now() - hoursAgo * HOUR) })
    .where("id", "=", order.id)
    .execute();
  return { seller, buyer, order: await orderRow(order.id) };
}

const linesOf = (orderId: string) =>
  db().selectFrom("orderServices").selectAll().where("orderId", "=", orderId).orderBy("priceCents").execute();

describe("add-ons a shop leaves unanswered", () => {
  it("declines them 48 hours after payment and refunds exactly that line once, even with two runs at once", async () => {
    const tuneUp = await createRetailer(db(), {
      services: [{ title: "Tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
    });
    const wash = await createRetailer(db(), {
      services: [{ title: "Wash", priceCents: 1500, categoryIds: ["bikes"] }],
    });
    const due = await paidOrderWith([tuneUp.services[0]!.id, wash.services[0]!.id], 49);
    const recent = await paidOrderWith([tuneUp.services[0]!.id], 47);
    // The wash shop answered: its line stays.
    const [washJob] = await serviceJobsFor(db(), wash.id, wash.ownerId);
    await acceptServiceJob(db(), washJob!.id, wash.ownerId);

    const runs = await Promise.all([
      declineUnansweredServiceJobs(db(), stripe.stripe),
      declineUnansweredServiceJobs(db(), stripe.stripe),
    ]);
    expect(runs[0]!.declined + runs[1]!.declined).toBe(1);

    const [washLine, tuneUpLine] = await linesOf(due.order.id);
    expect(washLine).toMatchObject({ status: "accepted", refundedCents: 0 });
    expect(tuneUpLine).toMatchObject({ status: "declined", refundedCents: 4500 });
    const refunds = [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata.orderId === due.order.id);
    expect(refunds.map((refund) => refund.amount)).toEqual([4500]);
    expect((await orderRow(due.order.id)).refundedCents).toBe(4500);
    const ledger = await db()
      .selectFrom("moneyMovements")
      .selectAll()
      .where("orderId", "=", due.order.id)
      .where("kind", "=", "refund")
      .execute();
    expect(ledger).toMatchObject([
      {
        amountCents: 4500,
        idempotencyKey: moneyKey({
          orderId: due.order.id,
          payee: { kind: "shop", retailerId: tuneUpLine!.retailerId },
          purpose: "decline",
          lineId: `service:${tuneUpLine!.id}`,
        }),
      },
    ]);
    const events = await db()
      .selectFrom("orderServiceEvents")
      .select(["event", "actorId", "toStatus"])
      .where("orderServiceId", "=", tuneUpLine!.id)
      .execute();
    expect(events).toEqual([{ event: "unanswered_decline", actorId: null, toStatus: "declined" }]);
    for (const userId of [due.buyer.id, due.seller.id]) {
      const notices = await db()
        .selectFrom("notifications")
        .select("title")
        .where("userId", "=", userId)
        .where("kind", "=", "service_update")
        .execute();
      expect(notices.map((notice) => notice.title)).toContain(
        `${tuneUp.name} didn't answer in time: Tune-up is cancelled`,
      );
    }
    // Paid 47 hours ago: not yet.
    expect((await linesOf(recent.order.id))[0]!.status).toBe("requested");

    // A third run finds nothing left.
    expect(await declineUnansweredServiceJobs(db(), stripe.stripe)).toEqual({ declined: 0, completedOrderIds: [] });
  });

  it("completes an order that was only waiting for the unanswered add-on", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Polish", priceCents: 2500, categoryIds: ["bikes"] }],
    });
    const { order, seller, buyer } = await paidOrderWith([shop.services[0]!.id], 50);
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect((await orderRow(order.id)).status).toBe("received");

    const run = await declineUnansweredServiceJobs(db(), stripe.stripe);
    expect(run).toEqual({ declined: 1, completedOrderIds: [order.id] });
    const after = await orderRow(order.id);
    expect(after.status).toBe("completed");
    expect(after.refundedCents).toBe(2500);
  });

  it("reminds every staff member once, 24 hours after payment, saying how long is left", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Wheel truing", priceCents: 2000, categoryIds: ["bikes"] }],
    });
    const helper = await createUser(db());
    await db().insertInto("retailerStaff").values({ retailerId: shop.id, userId: helper.id, role: "staff" }).execute();
    await paidOrderWith([shop.services[0]!.id], 30);
    await paidOrderWith([shop.services[0]!.id], 2);
    const answered = await paidOrderWith([shop.services[0]!.id], 30);
    const [answeredJob] = (await serviceJobsFor(db(), shop.id, shop.ownerId)).filter(
      (job) => job.orderId === answered.order.id,
    );
    await acceptServiceJob(db(), answeredJob!.id, shop.ownerId);

    await Promise.all([remindUnansweredServiceJobs(db()), remindUnansweredServiceJobs(db())]);
    await remindUnansweredServiceJobs(db());

    for (const userId of [shop.ownerId, helper.id]) {
      const reminders = await db()
        .selectFrom("notifications")
        .select(["title", "body"])
        .where("userId", "=", userId)
        .where("title", "like", "Waiting for your answer:%")
        .execute();
      // Only the order paid 30 hours ago: the fresh one is not due, the answered one needs nothing.
      expect(reminders).toEqual([
        {
          title: "Waiting for your answer: Wheel truing",
          body: 'Accept or decline "Wheel truing" within about 18 hours; after that it is declined for you and the buyer refunded.',
        },
      ]);
    }
  });
});
