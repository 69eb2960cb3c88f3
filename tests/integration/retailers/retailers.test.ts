import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handoverCode, handoverKey } from "~/modules/orders/handover.server";
import { Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { openDispute, postDisputeMessage } from "~/modules/disputes/disputes.server";
import { adminDisputeView } from "~/modules/disputes/admin.server";
import { resolveDispute } from "~/modules/disputes/resolve.server";
import { startCheckout } from "~/modules/orders/checkout.server";
import { orderLines } from "~/modules/orders/lines.server";
import { attemptPayout, refundOrder } from "~/modules/orders/money.server";
import { confirmReceipt, transitionOrder } from "~/modules/orders/orders.server";
import {
  acceptInvite,
  applyForRetailer,
  decideRetailer,
  inviteStaff,
  retailerPage,
} from "~/modules/retailers/retailers.server";
import {
  acceptServiceJob,
  confirmCollection,
  confirmDropOff,
  declineServiceJob,
  failInspection,
  markServiceDone,
  passInspection,
  serviceJobsFor,
} from "~/modules/orders/service-jobs.server";
import { serviceLinesFor } from "~/modules/orders/service-lines.server";
import {
  createService,
  servicesForListing,
  setServiceActive,
  updateService,
} from "~/modules/retailers/services.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { onboardShop, onboardedSeller, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;
const noStorage = {
  put: async () => undefined,
  get: async () => null,
  delete: async () => undefined,
};

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

// Portland, OR and points about 10 and 40 km east of it.
const PORTLAND = { latitude: 45.52, longitude: -122.68 };
const TEN_KM_EAST = { latitude: 45.52, longitude: -122.552 };
const FORTY_KM_EAST = { latitude: 45.52, longitude: -122.167 };

async function orderRow(orderId: string) {
  return db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
}

const onboardRetailer = (retailer: { id: string; ownerId: string }) => onboardShop(db(), stripe.stripe, retailer);

async function paidOrderWith(serviceIds: string[], options: { seller?: { id: string }; priceCents?: number } = {}) {
  const seller = options.seller ?? (await onboardedSeller(db(), stripe.stripe));
  const listing = await createListing(db(), {
    sellerId: seller.id,
    categoryId: "bikes",
    priceCents: options.priceCents ?? 20000,
    ...PORTLAND,
  });
  const buyer = await createUser(db());
  const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
    delivery: "pickup",
    address: null,
    serviceIds,
  });
  expect((await payOnHostedPage(url)).status).toBe(303);
  await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("paid");
  return { seller, buyer, listing, order: await orderRow(order.id) };
}

describe("retailer members", () => {
  it("lets a verified member apply; an admin verifies it with an audit entry, but never their own", async () => {
    const applicant = await createUser(db());
    const retailer = await applyForRetailer(
      db(),
      noStorage,
      applicant.id,
      {
        name: "Bike Hub",
        slug: "bike-hub-apply",
        description: "Bicycle repairs and tune-ups since 1998.",
        place: "97214",
        serviceRadiusKm: 15,
        openingHours: "Mon-Sat 9-18",
        website: "https://bikehub.example",
      },
      null,
    );
    expect(retailer).toMatchObject({ status: "pending", ownerId: applicant.id, placeName: "Portland, OR" });
    await expect(
      applyForRetailer(
        db(),
        noStorage,
        applicant.id,
        {
          ...{ name: "Other", description: "Another shop with a long text.", place: "97214" },
          slug: "bike-hub-apply",
          serviceRadiusKm: 5,
          openingHours: "Mon",
          website: null,
        },
        null,
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
    // Not public until verified.
    await expect(retailerPage(db(), "bike-hub-apply", null)).rejects.toBeInstanceOf(NotFound);

    const member = await createUser(db());
    await expect(
      decideRetailer(db(), { ...member, role: "member" }, { retailerId: retailer.id, decision: "verify" }),
    ).rejects.toBeInstanceOf(Forbidden);
    const adminWithShop = await createUser(db(), { role: "admin" });
    const ownShop = await createRetailer(db(), { ownerId: adminWithShop.id, status: "pending" });
    await expect(
      decideRetailer(db(), adminWithShop, { retailerId: ownShop.id, decision: "verify" }),
    ).rejects.toBeInstanceOf(Forbidden);

    const admin = await createUser(db(), { role: "admin", displayName: "Ada Admin" });
    await decideRetailer(db(), admin, { retailerId: retailer.id, decision: "verify" });
    const page = await retailerPage(db(), "bike-hub-apply", null);
    expect(page.retailer).toMatchObject({ status: "verified", decidedBy: admin.id });
    const audit = await db().selectFrom("auditLog").selectAll().where("subjectId", "=", retailer.id).execute();
    expect(audit).toMatchObject([{ action: "retailer.verified", actorId: admin.id, subjectType: "retailer" }]);
    expect(await db().selectFrom("auditLog").select("id").where("subjectId", "=", ownShop.id).execute()).toHaveLength(
      0,
    );
  });

  it("lets the owner invite staff by email; only that member can accept, once", async () => {
    const shop = await createRetailer(db());
    const invitee = await createUser(db());
    const stranger = await createUser(db());
    await expect(inviteStaff(db(), shop.id, stranger.id, invitee.email)).rejects.toBeInstanceOf(NotFound);
    const token = await inviteStaff(db(), shop.id, shop.ownerId, invitee.email);
    const outbox = await db().selectFrom("emailOutbox").selectAll().where("toAddress", "=", invitee.email).execute();
    expect(outbox).toMatchObject([{ kind: "retailer_invite", url: `/retailers/invites/${token}` }]);
    await expect(acceptInvite(db(), token, stranger)).rejects.toBeInstanceOf(Forbidden);
    await acceptInvite(db(), token, invitee);
    await expect(acceptInvite(db(), token, invitee)).rejects.toBeInstanceOf(NotFound);
    const staff = await db().selectFrom("retailerStaff").selectAll().where("retailerId", "=", shop.id).execute();
    expect(staff.map((row) => row.role).sort()).toEqual(["owner", "staff"]);
    // Staff may not invite (owner only).
    await expect(inviteStaff(db(), shop.id, invitee.id, "x@example.test")).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("services", () => {
  it("lets only the shop's staff define and pause services", async () => {
    const shop = await createRetailer(db());
    const other = await createRetailer(db());
    const form = {
      title: "Bike tune-up",
      description: "Gears, brakes, chain and tyres.",
      price: 4500,
      performedAt: "shop" as const,
      leadDays: 2,
      kind: "standard" as const,
      active: true,
    };
    const service = await createService(db(), shop.id, shop.ownerId, form, ["bikes"]);
    await expect(createService(db(), shop.id, other.ownerId, form, ["bikes"])).rejects.toBeInstanceOf(NotFound);
    await expect(setServiceActive(db(), shop.id, service.id, other.ownerId, false)).rejects.toBeInstanceOf(NotFound);
    // Another shop's staff can't reach it through their own shop either.
    await expect(setServiceActive(db(), other.id, service.id, other.ownerId, false)).rejects.toBeInstanceOf(NotFound);
    await expect(createService(db(), shop.id, shop.ownerId, form, ["no-such-category"])).rejects.toBeInstanceOf(
      InvalidInput,
    );
    await setServiceActive(db(), shop.id, service.id, shop.ownerId, false);
    const row = await db()
      .selectFrom("services")
      .select("active")
      .where("id", "=", service.id)
      .executeTakeFirstOrThrow();
    expect(row.active).toBe(false);
  });

  it("offers active services of verified shops whose category and radius fit, cheapest then nearest", async () => {
    const near = await createRetailer(db(), {
      ...PORTLAND,
      serviceRadiusKm: 15,
      services: [
        { title: "Tune-up near", priceCents: 4500, categoryIds: ["bikes"] },
        { title: "Sports check near", priceCents: 3000, categoryIds: ["bikes-sports"] },
        { title: "Phone wipe", priceCents: 2000, categoryIds: ["phones"] },
        { title: "Paused tune-up", priceCents: 1000, categoryIds: ["bikes"], active: false },
      ],
    });
    const further = await createRetailer(db(), {
      ...TEN_KM_EAST,
      serviceRadiusKm: 20,
      services: [{ title: "Tune-up further", priceCents: 4500, categoryIds: ["bikes"] }],
    });
    await createRetailer(db(), {
      ...FORTY_KM_EAST,
      serviceRadiusKm: 20,
      services: [{ title: "Out of range", priceCents: 500, categoryIds: ["bikes"] }],
    });
    await createRetailer(db(), {
      ...PORTLAND,
      status: "pending",
      services: [{ title: "Unverified", priceCents: 500, categoryIds: ["bikes"] }],
    });
    const offered = await servicesForListing(db(), { categoryId: "bikes", ...PORTLAND });
    const mine = offered.filter((service) => [near.id, further.id].includes(service.retailerId));
    expect(mine.map((service) => service.title)).toEqual(["Sports check near", "Tune-up near", "Tune-up further"]);
    expect(offered.map((service) => service.title)).not.toContain("Out of range");
    expect(offered.map((service) => service.title)).not.toContain("Unverified");
    expect(offered.map((service) => service.title)).not.toContain("Paused tune-up");
    // A listing 40 km east sees the shop there but not the ones with a smaller reach.
    const east = await servicesForListing(db(), { categoryId: "bikes", ...FORTY_KM_EAST });
    expect(east.map((service) => service.title)).toContain("Out of range");
    expect(east.map((service) => service.title)).not.toContain("Tune-up near");
    const phones = await servicesForListing(db(), { categoryId: "phones", ...PORTLAND });
    expect(phones.map((service) => service.title)).toContain("Phone wipe");
    expect(phones.map((service) => service.title)).not.toContain("Tune-up near");
  });
});

describe("add-ons at checkout", () => {
  it("keeps an order's add-on at the price paid when the shop changes the service later", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
    });
    const { order } = await paidOrderWith([shop.services[0]!.id]);
    const form = {
      title: "Tune-up deluxe",
      description: "Now with a wash.",
      price: 6000,
      performedAt: "shop" as const,
      leadDays: 3,
      kind: "standard" as const,
      active: true,
    };
    const other = await createRetailer(db());
    await expect(
      updateService(db(), shop.id, shop.services[0]!.id, other.ownerId, form, ["bikes"]),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      updateService(db(), other.id, shop.services[0]!.id, other.ownerId, form, ["bikes"]),
    ).rejects.toBeInstanceOf(NotFound);
    await updateService(db(), shop.id, shop.services[0]!.id, shop.ownerId, form, ["bikes"]);
    expect(await serviceLinesFor(db(), order.id)).toMatchObject([
      { amountCents: 4500, label: `Tune-up by ${shop.name}` },
    ]);
    expect((await orderRow(order.id)).totalCents).toBe(24500);
  });

  it.each([0, 1, 3])("charges item + add-ons in one payment and splits it per payee with %i add-ons", async (count) => {
    const shops = await Promise.all(
      [4500, 1500, 2500]
        .slice(0, count)
        .map((priceCents, index) =>
          createRetailer(db(), { services: [{ title: `Add-on ${index}`, priceCents, categoryIds: ["bikes"] }] }),
        ),
    );
    for (const shop of shops) await onboardRetailer(shop);
    const serviceIds = shops.map((shop) => shop.services[0]!.id);
    const { order, buyer, seller } = await paidOrderWith(serviceIds);
    const addOnTotal = [4500, 1500, 2500].slice(0, count).reduce((a, b) => a + b, 0);
    const addOnFees = [225, 75, 125].slice(0, count).reduce((a, b) => a + b, 0);
    expect(order).toMatchObject({
      itemCents: 20000,
      servicesCents: addOnTotal,
      totalCents: 20000 + addOnTotal,
      platformFeeCents: 1030 + addOnFees,
    });
    const session = stripe.standIn.sessions.get(order.stripeCheckoutSessionId!)!;
    expect(session.amount_total).toBe(20000 + addOnTotal);
    expect(await serviceLinesFor(db(), order.id)).toHaveLength(count);

    for (const shop of shops) {
      const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
      await acceptServiceJob(db(), job!.id, shop.ownerId);
    }
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    if (count > 0) {
      // Received, but waiting for the shops.
      expect((await orderRow(order.id)).status).toBe("received");
      await expect(
        transitionOrder(db(), { orderId: order.id, event: "complete", actor: "system" }),
      ).rejects.toBeInstanceOf(InvalidTransition);
      for (const shop of shops) {
        const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
        await markServiceDone(db(), job!.id, shop.ownerId);
      }
    }
    expect((await orderRow(order.id)).status).toBe("completed");
    await attemptPayout(db(), stripe.stripe, order.id);
    const transfers = [...stripe.standIn.transfers.values()].filter((transfer) => transfer.transfer_group === order.id);
    const payouts = await db().selectFrom("payouts").selectAll().where("orderId", "=", order.id).execute();
    expect(payouts).toHaveLength(1 + count);
    expect(payouts.every((payout) => payout.status === "paid")).toBe(true);
    expect(payouts.find((payout) => payout.retailerId === null)).toMatchObject({
      payeeId: seller.id,
      amountCents: 18970,
    });
    for (const [index, shop] of shops.entries()) {
      const price = [4500, 1500, 2500][index]!;
      const fee = [225, 75, 125][index]!;
      expect(payouts.find((payout) => payout.retailerId === shop.id)).toMatchObject({
        amountCents: price - fee,
        idempotencyKey: `order:${order.id}:payee:retailer:${shop.id}:purpose:service`,
      });
    }
    expect(transfers).toHaveLength(1 + count);
    for (const transfer of transfers) expect(transfer.source_transaction).toBe(order.stripeChargeId);
    const paidOut = transfers.reduce((sum, transfer) => sum + transfer.amount, 0);
    expect(paidOut + order.platformFeeCents).toBe(order.totalCents);
  });

  it("refuses a service that isn't offered on the listing and changes nothing", async () => {
    const far = await createRetailer(db(), {
      ...FORTY_KM_EAST,
      serviceRadiusKm: 5,
      services: [{ title: "Too far", categoryIds: ["bikes"] }],
    });
    const listing = await createListing(db(), { categoryId: "bikes", ...PORTLAND });
    const buyer = await createUser(db());
    await expect(
      startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
        delivery: "pickup",
        address: null,
        serviceIds: [far.services[0]!.id],
      }),
    ).rejects.toBeInstanceOf(InvalidInput);
    const status = await db()
      .selectFrom("listings")
      .select("status")
      .where("id", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe("active");
  });
});

describe("service jobs", () => {
  it("refunds exactly the declined line, tells buyer and seller, and the order still completes", async () => {
    const tuneUp = await createRetailer(db(), {
      services: [{ title: "Tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
    });
    const cleaning = await createRetailer(db(), {
      services: [{ title: "Cleaning", priceCents: 1500, categoryIds: ["bikes"] }],
    });
    await onboardRetailer(cleaning);
    const { order, buyer, seller } = await paidOrderWith([tuneUp.services[0]!.id, cleaning.services[0]!.id]);
    const [tuneUpJob] = await serviceJobsFor(db(), tuneUp.id, tuneUp.ownerId);
    // Other shops' staff and the order's own members can't act on the job.
    await expect(declineServiceJob(db(), stripe.stripe, tuneUpJob!.id, cleaning.ownerId)).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(acceptServiceJob(db(), tuneUpJob!.id, buyer.id)).rejects.toBeInstanceOf(NotFound);
    await expect(serviceJobsFor(db(), tuneUp.id, seller.id)).rejects.toBeInstanceOf(NotFound);

    // The jobs board's "You get": the price less the 5% fee, until the ledger refunds the line.
    expect(tuneUpJob!.shareCents).toBe(4500 - 225);

    await declineServiceJob(db(), stripe.stripe, tuneUpJob!.id, tuneUp.ownerId);
    expect((await serviceJobsFor(db(), tuneUp.id, tuneUp.ownerId))[0]!.shareCents).toBe(0);
    const refunds = [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata.orderId === order.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(4500);
    expect((await orderRow(order.id)).refundedCents).toBe(4500);
    const lines = await serviceLinesFor(db(), order.id);
    expect(lines.find((line) => line.key === `service:${tuneUpJob!.id}`)).toMatchObject({
      amountCents: 4500,
      refundedCents: 4500,
      payee: { kind: "retailer", retailerId: tuneUp.id },
    });
    for (const userId of [buyer.id, seller.id]) {
      const notices = await db()
        .selectFrom("notifications")
        .select("kind")
        .where("userId", "=", userId)
        .where("kind", "=", "service_update")
        .execute();
      expect(notices).toHaveLength(1);
    }
    // A second decline is refused and refunds nothing more.
    await expect(declineServiceJob(db(), stripe.stripe, tuneUpJob!.id, tuneUp.ownerId)).rejects.toBeInstanceOf(
      InvalidTransition,
    );

    const [cleaningJob] = await serviceJobsFor(db(), cleaning.id, cleaning.ownerId);
    await acceptServiceJob(db(), cleaningJob!.id, cleaning.ownerId);
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect((await orderRow(order.id)).status).toBe("received");
    const done = await markServiceDone(db(), cleaningJob!.id, cleaning.ownerId);
    expect(done.completed).toBe(true);
    await attemptPayout(db(), stripe.stripe, order.id);
    const payouts = await db().selectFrom("payouts").selectAll().where("orderId", "=", order.id).execute();
    expect(payouts.map((payout) => [payout.retailerId, payout.amountCents, payout.status]).sort()).toEqual(
      [
        [cleaning.id, 1500 - 75, "paid"],
        [null, 18970, "paid"],
      ].sort(),
    );
    const charge = stripe.standIn.charges.get(order.stripeChargeId!)!;
    expect(charge.amount_refunded).toBe(4500);
  });

  it("after a declined add-on, a cancellation refunds the rest and its notice names that figure", async () => {
    const tuneUp = await createRetailer(db(), {
      services: [{ title: "Tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
    });
    const { order, buyer } = await paidOrderWith([tuneUp.services[0]!.id]);
    const [job] = await serviceJobsFor(db(), tuneUp.id, tuneUp.ownerId);
    await declineServiceJob(db(), stripe.stripe, job!.id, tuneUp.ownerId);
    await transitionOrder(db(), { orderId: order.id, event: "cancel", actor: { userId: buyer.id } });
    await refundOrder(db(), stripe.stripe, order.id);
    const refunds = [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata.orderId === order.id);
    expect(refunds.map((refund) => refund.amount).sort((a, b) => a - b)).toEqual([4500, 20000]);
    const notice = await db()
      .selectFrom("notifications")
      .select("body")
      .where("userId", "=", buyer.id)
      .where("kind", "=", "order_cancelled")
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain("the buyer gets back the remaining $200.00 ($45.00 was refunded earlier).");
  });

  it("holds a retailer's payout until the retailer's own account is onboarded", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Wash", priceCents: 2000, categoryIds: ["bikes"] }],
    });
    const { order, buyer, seller } = await paidOrderWith([shop.services[0]!.id]);
    const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
    await acceptServiceJob(db(), job!.id, shop.ownerId);
    await markServiceDone(db(), job!.id, shop.ownerId);
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect(await attemptPayout(db(), stripe.stripe, order.id)).toEqual(
      expect.arrayContaining(["waiting_for_account", "paid"]),
    );
    await onboardRetailer(shop);
    expect(await attemptPayout(db(), stripe.stripe, order.id)).toEqual(
      expect.arrayContaining(["paid", "already-paid"]),
    );
    const payout = await db()
      .selectFrom("payouts")
      .selectAll()
      .where("orderId", "=", order.id)
      .where("retailerId", "=", shop.id)
      .executeTakeFirstOrThrow();
    expect(payout).toMatchObject({ status: "paid", amountCents: 1900 });
  });
});

/** A paid order with Bike Hub's tune-up, which the shop accepted and has not done yet. */
async function paidOrderWithAcceptedTuneUp() {
  const bikeHub = await createRetailer(db(), {
    services: [{ title: "Tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
  });
  await onboardRetailer(bikeHub);
  const { order, buyer, seller } = await paidOrderWith([bikeHub.services[0]!.id]);
  const [job] = await serviceJobsFor(db(), bikeHub.id, bikeHub.ownerId);
  await acceptServiceJob(db(), job!.id, bikeHub.ownerId);
  return { bikeHub, order, buyer, seller, job: job! };
}

describe("disputes on service lines", () => {
  it("refunds only the disputed service line, lets the shop speak, and never pays the shop for it", async () => {
    const { bikeHub, order, buyer, seller, job } = await paidOrderWithAcceptedTuneUp();
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect((await orderRow(order.id)).status).toBe("received");

    const { disputeId } = await openDispute(db(), buyer, order.id, {
      reason: "service_not_performed",
      statement: "The shop never tuned the bike; the gears still slip.",
    });
    const shopNotices = await db()
      .selectFrom("notifications")
      .select("kind")
      .where("userId", "=", bikeHub.ownerId)
      .where("kind", "=", "dispute_opened")
      .execute();
    expect(shopNotices).toHaveLength(1);
    await postDisputeMessage(db(), { id: bikeHub.ownerId, displayName: "Bike Hub" }, disputeId, {
      statement: "We were waiting for the seller to bring the bike in.",
    });
    const stranger = await createUser(db());
    await expect(
      postDisputeMessage(db(), stranger, disputeId, { statement: "I have opinions about this." }),
    ).rejects.toBeInstanceOf(NotFound);

    const serviceKey = `service:${job.id}`;
    const admin = await createUser(db(), { role: "admin", displayName: "Ada Admin" });
    await resolveDispute(db(), stripe.stripe, admin, disputeId, {
      kind: "partial_refund",
      lines: [{ key: serviceKey, amountCents: 4500 }],
      note: "The tune-up was never done.",
    });
    const refunds = [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata.orderId === order.id);
    expect(refunds.map((refund) => refund.amount)).toEqual([4500]);
    expect(await orderRow(order.id)).toMatchObject({ status: "completed", refundedCents: 4500 });
    const lines = await orderLines(db(), order.id);
    expect(lines.find((line) => line.key === serviceKey)).toMatchObject({ refundedCents: 4500, payable: false });
    await attemptPayout(db(), stripe.stripe, order.id);
    const payouts = await db().selectFrom("payouts").selectAll().where("orderId", "=", order.id).execute();
    // The seller is paid the item minus their fee (5% of 200.00 + 0.30); the shop nothing.
    expect(payouts.map((payout) => [payout.retailerId, payout.amountCents, payout.status])).toEqual([
      [null, 18970, "paid"],
    ]);
    const transfers = [...stripe.standIn.transfers.values()].filter((transfer) => transfer.transfer_group === order.id);
    expect(transfers.map((transfer) => transfer.amount)).toEqual([18970]);
  });
});

describe("a dispute's decision with add-ons the shop never finished", () => {
  async function disputedWithUnfinishedTuneUp() {
    const { order, buyer, seller, job } = await paidOrderWithAcceptedTuneUp();
    const { disputeId } = await openDispute(db(), buyer, order.id, {
      reason: "not_as_described",
      statement: "The frame has a crack the listing didn't mention.",
    });
    const admin = await createUser(db(), { role: "admin", displayName: "Ada Admin" });
    return { order, buyer, seller, serviceKey: `service:${job.id}`, jobId: job.id, disputeId, admin };
  }

  const refundsOf = (orderId: string) =>
    [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata.orderId === orderId);

  it("a release refunds the unfinished add-on to the buyer, pays the seller, and the shop nothing", async () => {
    const { order, buyer, serviceKey, jobId, disputeId, admin } = await disputedWithUnfinishedTuneUp();
    // The admin's decision form names it before anything is decided.
    const view = await adminDisputeView(db(), admin.id, disputeId);
    expect(view.unfinishedAddOns.map((line) => [line.key, line.amountCents - line.refundedCents])).toEqual([
      [serviceKey, 4500],
    ]);

    await resolveDispute(db(), stripe.stripe, admin, disputeId, { kind: "release", note: "The crack is cosmetic." });

    expect(refundsOf(order.id).map((refund) => [refund.metadata.lineKey, refund.amount])).toEqual([[serviceKey, 4500]]);
    expect(await orderRow(order.id)).toMatchObject({ status: "completed", refundedCents: 4500 });
    const job = await db()
      .selectFrom("orderServices")
      .select("status")
      .where("id", "=", jobId)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe("cancelled");
    await attemptPayout(db(), stripe.stripe, order.id);
    const payouts = await db().selectFrom("payouts").selectAll().where("orderId", "=", order.id).execute();
    expect(payouts.map((payout) => [payout.retailerId, payout.amountCents, payout.status])).toEqual([
      [null, 18970, "paid"],
    ]);
    const notice = await db()
      .selectFrom("notifications")
      .select("body")
      .where("userId", "=", buyer.id)
      .where("kind", "=", "dispute_resolved")
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain("the add-ons the shop didn't finish are refunded to the buyer ($45.00)");
  });

  it("a partial refund adds the rest of an unfinished add-on to what the admin refunds on it, under one key", async () => {
    const { order, serviceKey, disputeId, admin } = await disputedWithUnfinishedTuneUp();

    await resolveDispute(db(), stripe.stripe, admin, disputeId, {
      kind: "partial_refund",
      lines: [
        { key: "item", amountCents: 2000 },
        { key: serviceKey, amountCents: 1000 },
      ],
      note: "A discount for the crack.",
    });

    expect(
      refundsOf(order.id)
        .map((refund) => [refund.metadata.lineKey, refund.amount])
        .sort(),
    ).toEqual([
      ["item", 2000],
      [serviceKey, 4500],
    ]);
    expect(await orderRow(order.id)).toMatchObject({ status: "completed", refundedCents: 6500 });
  });
});

describe("inspection and handoff-point services", () => {
  it("pays the seller only after a passed inspection", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Inspected by Bike Hub", priceCents: 3000, categoryIds: ["bikes"], kind: "inspection" }],
    });
    await onboardRetailer(shop);
    const { order, buyer, seller } = await paidOrderWith([shop.services[0]!.id]);
    const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
    await acceptServiceJob(db(), job!.id, shop.ownerId);
    // "Done" is not a step of an inspection: it passes or fails.
    await expect(markServiceDone(db(), job!.id, shop.ownerId)).rejects.toBeInstanceOf(InvalidTransition);
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect((await orderRow(order.id)).status).toBe("received");
    expect(await db().selectFrom("payouts").select("id").where("orderId", "=", order.id).execute()).toHaveLength(0);
    const passed = await passInspection(db(), job!.id, shop.ownerId);
    expect(passed.completed).toBe(true);
    await attemptPayout(db(), stripe.stripe, order.id);
    const payouts = await db().selectFrom("payouts").selectAll().where("orderId", "=", order.id).execute();
    expect(payouts.map((payout) => [payout.retailerId, payout.amountCents, payout.status]).sort()).toEqual(
      [
        [shop.id, 3000 - 150, "paid"],
        [null, 18970, "paid"],
      ].sort(),
    );
  });

  it("refunds the buyer in full and puts the item back on sale when the inspection fails", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Inspection", priceCents: 3000, categoryIds: ["bikes"], kind: "inspection" }],
    });
    const { order, listing, seller } = await paidOrderWith([shop.services[0]!.id]);
    const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
    await acceptServiceJob(db(), job!.id, shop.ownerId);
    await expect(failInspection(db(), stripe.stripe, job!.id, seller.id)).rejects.toBeInstanceOf(NotFound);
    const result = await failInspection(db(), stripe.stripe, job!.id, shop.ownerId);
    expect(result.cancelled).toBe(true);
    const cancelled = await orderRow(order.id);
    expect(cancelled).toMatchObject({ status: "cancelled", refundedCents: 23000 });
    const refunds = [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata.orderId === order.id);
    expect(refunds.map((refund) => refund.amount)).toEqual([23000]);
    const status = await db()
      .selectFrom("listings")
      .select("status")
      .where("id", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe("active");
    expect(await db().selectFrom("payouts").select("id").where("orderId", "=", order.id).execute()).toHaveLength(0);
    const [line] = await serviceJobsFor(db(), shop.id, shop.ownerId);
    expect(line).toMatchObject({ status: "failed", actions: [] });
  });

  it("counts collection at a handoff point as the buyer's receipt", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Handoff at Bike Hub", priceCents: 500, categoryIds: ["bikes"], kind: "handoff" }],
    });
    await onboardRetailer(shop);
    const { order } = await paidOrderWith([shop.services[0]!.id]);
    const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
    await acceptServiceJob(db(), job!.id, shop.ownerId);
    // The buyer's handover code (ADR 032): the shop hands the item over only to whoever shows it.
    const handover = { code: handoverCode(await handoverKey(db(), null), order.id), secret: null };
    await expect(confirmCollection(db(), job!.id, shop.ownerId, handover)).rejects.toBeInstanceOf(InvalidTransition);
    await confirmDropOff(db(), job!.id, shop.ownerId);
    expect((await orderRow(order.id)).status).toBe("ready_for_pickup");
    const collected = await confirmCollection(db(), job!.id, shop.ownerId, handover);
    expect(collected.completed).toBe(true);
    const events = await db()
      .selectFrom("orderEvents")
      .select(["event", "actorId"])
      .where("orderId", "=", order.id)
      .orderBy("createdAt")
      .execute();
    expect(events.map((event) => event.event)).toEqual(["create", "pay", "markReady", "confirmReceipt", "complete"]);
    await attemptPayout(db(), stripe.stripe, order.id);
    const payouts = await db().selectFrom("payouts").selectAll().where("orderId", "=", order.id).execute();
    expect(payouts.every((payout) => payout.status === "paid")).toBe(true);
    expect(payouts).toHaveLength(2);
  });
});

describe("demo shops", () => {
  it("seeds verified shops with services once, and they are offered on matching listings", async () => {
    const { seedDemoRetailers } = await import("~db/seed-retailers");
    expect(await seedDemoRetailers(db(), "demo-password-123")).toEqual({ created: 4 });
    expect(await seedDemoRetailers(db(), "demo-password-123")).toEqual({ created: 0 });
    const bike = await servicesForListing(db(), { categoryId: "bikes", latitude: 45.52, longitude: -122.66 });
    expect(bike.map((service) => service.title)).toEqual(
      expect.arrayContaining(["Bike tune-up", "Safety check", "Delivery within 15 km"]),
    );
    const sofa = await servicesForListing(db(), { categoryId: "sofas-chairs", latitude: 45.52, longitude: -122.66 });
    expect(sofa.map((service) => service.title)).toEqual(
      expect.arrayContaining(["Professional cleaning", "Delivery within 15 km"]),
    );
  });
});
