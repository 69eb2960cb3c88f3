import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { createLogger } from "~/lib/logger.server";
import { listAuditLog } from "~/modules/admin/audit-log.server";
import { adminDisputeView } from "~/modules/disputes/admin.server";
import { sendMessage, startConversation } from "~/modules/community/messages.server";
import { assignDispute, openDispute, postDisputeMessage } from "~/modules/disputes/disputes.server";
import { resolveDispute } from "~/modules/disputes/resolve.server";
import type { ResolutionInput } from "~/modules/disputes/schemas.server";
import { JOB_HANDLERS, type JobDeps } from "~/wiring/job-handlers.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { startCheckout } from "~/modules/orders/checkout.server";
import { orderLines } from "~/modules/orders/lines.server";
import { listingSnapshotFor } from "~/modules/orders/listing-snapshot.server";
import { attemptPayout, cancelOrder } from "~/modules/orders/money.server";
import { autoReceive, confirmReceipt, markShipped, transitionOrder } from "~/modules/orders/orders.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { paidShippedOrder, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

async function orderRow(orderId: string) {
  return db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
}
async function listingStatus(listingId: string) {
  return (await db().selectFrom("listings").select("status").where("id", "=", listingId).executeTakeFirstOrThrow())
    .status;
}
const transfersOf = (orderId: string) =>
  [...stripe.standIn.transfers.values()].filter((transfer) => transfer.transfer_group === orderId);
const refundsOf = (orderId: string) =>
  [...stripe.standIn.refunds.values()].filter((refund) => refund.metadata?.orderId === orderId);

/** Item 25.00 + shipping 8.00 = 33.00; fee 5% + 30 = 1.95 (item's share 1.48, shipping's 0.47). */
const paidOrder = () => paidShippedOrder(db(), stripe.stripe, settings);

async function admin(name = "Ada Admin") {
  return createUser(db(), { role: "admin", displayName: name });
}

const statement = { reason: "not_as_described" as const, statement: "The bike has a cracked frame." };

async function shippedAndDisputed() {
  const parts = await paidOrder();
  await markShipped(db(), parts.orderId, parts.seller.id, { autoReceiveDays: 7 });
  const { disputeId } = await openDispute(db(), parts.buyer, parts.orderId, statement);
  return { ...parts, disputeId };
}

async function completedAndDisputed() {
  const parts = await paidOrder();
  await markShipped(db(), parts.orderId, parts.seller.id, { autoReceiveDays: 7 });
  await confirmReceipt(db(), parts.orderId, { userId: parts.buyer.id });
  expect(await attemptPayout(db(), stripe.stripe, parts.orderId)).toEqual(["paid"]);
  expect(transfersOf(parts.orderId)).toMatchObject([{ amount: 3105 }]);
  const { disputeId } = await openDispute(db(), parts.buyer, parts.orderId, statement);
  return { ...parts, disputeId };
}

async function auditActions(disputeId: string) {
  return (await listAuditLog(db(), { subjectType: "dispute", subjectId: disputeId }))
    .map((entry) => [entry.action, entry.amountCents])
    .reverse();
}

describe("opening a dispute", () => {
  it("freezes the order, remembers where it came from, notifies the seller and audits it", async () => {
    const { seller, buyer, orderId } = await paidOrder();
    const { disputeId } = await openDispute(db(), buyer, orderId, statement);
    expect((await orderRow(orderId)).status).toBe("disputed");
    const dispute = await db().selectFrom("disputes").selectAll().where("id", "=", disputeId).executeTakeFirstOrThrow();
    expect(dispute).toMatchObject({ status: "open", source: "buyer", orderStatusBefore: "paid", openedBy: buyer.id });
    const events = await db()
      .selectFrom("orderEvents")
      .select(["event", "actorId"])
      .where("orderId", "=", orderId)
      .execute();
    expect(events).toContainEqual({ event: "dispute", actorId: buyer.id });
    const notices = await db().selectFrom("notifications").select("kind").where("userId", "=", seller.id).execute();
    expect(notices.map((notice) => notice.kind)).toContain("dispute_opened");
    expect(await auditActions(disputeId)).toEqual([["dispute.opened", null]]);
    await expect(openDispute(db(), buyer, orderId, statement)).rejects.toThrow(
      "This order already has an open dispute.",
    );
  });

  it("lets only the buyer open one, with a reason and a real statement", async () => {
    const { seller, buyer, orderId } = await paidOrder();
    await expect(openDispute(db(), seller, orderId, statement)).rejects.toBeInstanceOf(NotFound);
    await expect(openDispute(db(), buyer, orderId, { reason: "other", statement: "bad" })).rejects.toMatchObject({
      fieldErrors: { statement: ["Say what happened in at least 10 characters"] },
    });
    await expect(
      openDispute(db(), buyer, orderId, { reason: "nope" as never, statement: statement.statement }),
    ).rejects.toBeInstanceOf(InvalidInput);
    expect((await orderRow(orderId)).status).toBe("paid");
  });

  it("allows two concurrent openings to make only one dispute", async () => {
    const { buyer, orderId } = await paidOrder();
    const results = await Promise.allSettled([1, 2, 3].map(() => openDispute(db(), buyer, orderId, statement)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const disputes = await db().selectFrom("disputes").select("id").where("orderId", "=", orderId).execute();
    expect(disputes).toHaveLength(1);
    for (const result of results)
      if (result.status === "rejected")
        expect(result.reason).toSatisfy((error) => error instanceof Conflict || error instanceof InvalidTransition);
  });

  it("is open from payment until 3 days after receipt, and refused after that", async () => {
    const { seller, buyer, orderId } = await paidOrder();
    await markShipped(db(), orderId, seller.id, { autoReceiveDays: 7 });
    await confirmReceipt(db(), orderId, { userId: buyer.id });
    const received = (await orderRow(orderId)).receivedAt!;
    const day = 24 * 3600 * 1000;
    await expect(
      openDispute(db(), buyer, orderId, statement, { now: new Date(received.getTime() + 3 * day + 60_000) }),
    ).rejects.toThrow("Disputes can be opened until 3 days after the item was received; that time has passed.");
    expect((await orderRow(orderId)).status).toBe("completed");
    await openDispute(db(), buyer, orderId, statement, { now: new Date(received.getTime() + 2 * day) });
    expect((await orderRow(orderId)).status).toBe("disputed");
  });

  it("refuses an order that isn't paid yet", async () => {
    const listing = await createListing(db());
    const buyer = await createUser(db());
    const { order } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    await expect(openDispute(db(), buyer, order.id, statement)).rejects.toThrow(
      "A dispute can be opened once the order is paid.",
    );
  });
});

describe("a frozen order", () => {
  it("is never received, completed or paid out by the jobs while disputed", async () => {
    const { orderId, seller, buyer } = await shippedAndDisputed();
    const deps = {
      db: db(),
      logger: createLogger("silent"),
      stripe: () => stripe.stripe,
      email: {} as JobDeps["email"],
    } satisfies JobDeps;
    const run = (queue: keyof typeof QUEUES) => JOB_HANDLERS[QUEUES[queue]]({ orderId }, deps);
    expect(await run("orderAutoReceive")).toEqual({ outcome: "skipped" });
    expect(await autoReceive(db(), orderId)).toBe("skipped");
    expect(await run("orderPayout")).toEqual({ outcomes: ["frozen"] });
    await expect(confirmReceipt(db(), orderId, { userId: buyer.id })).rejects.toBeInstanceOf(InvalidTransition);
    await expect(transitionOrder(db(), { orderId, event: "complete", actor: "system" })).rejects.toBeInstanceOf(
      InvalidTransition,
    );
    await expect(
      transitionOrder(db(), { orderId, event: "cancel", actor: { userId: seller.id } }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    expect((await orderRow(orderId)).status).toBe("disputed");
    expect(transfersOf(orderId)).toHaveLength(0);
  });

  it("holds a completed order's payout that was not sent yet", async () => {
    const parts = await paidOrder();
    await markShipped(db(), parts.orderId, parts.seller.id, { autoReceiveDays: 7 });
    await confirmReceipt(db(), parts.orderId, { userId: parts.buyer.id });
    await openDispute(db(), parts.buyer, parts.orderId, statement);
    expect(await attemptPayout(db(), stripe.stripe, parts.orderId)).toEqual(["frozen"]);
    expect(transfersOf(parts.orderId)).toHaveLength(0);
  });
});

describe("the dispute thread", () => {
  it("lets the parties and admins post, and nobody else", async () => {
    const { seller, buyer, disputeId, orderId } = await shippedAndDisputed();
    const stranger = await createUser(db());
    const moderator = await admin();
    await postDisputeMessage(db(), seller, disputeId, { statement: "It was fine when I shipped it." });
    await postDisputeMessage(db(), buyer, disputeId, { statement: "Here is another angle of the crack." });
    await postDisputeMessage(db(), moderator, disputeId, { statement: "Please both send photos of the label." });
    await expect(
      postDisputeMessage(db(), stranger, disputeId, { statement: "I have opinions about this." }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(postDisputeMessage(db(), seller, disputeId, { statement: "" })).rejects.toBeInstanceOf(InvalidInput);
    const thread = await db()
      .selectFrom("disputeMessages")
      .select(["authorRole"])
      .where("disputeId", "=", disputeId)
      .orderBy("createdAt")
      .execute();
    expect(thread.map((message) => message.authorRole)).toEqual(["buyer", "seller", "buyer", "admin"]);
    const buyerNotices = await db()
      .selectFrom("notifications")
      .select("kind")
      .where("userId", "=", buyer.id)
      .where("kind", "=", "dispute_updated")
      .execute();
    expect(buyerNotices).toHaveLength(2);
    expect((await orderRow(orderId)).status).toBe("disputed");
  });
});

describe("resolutions", () => {
  it("partial refund before any transfer: refunds per line, then pays the seller the rest minus the fee", async () => {
    const { disputeId, orderId, seller, buyer } = await shippedAndDisputed();
    const decider = await admin();
    const decision: ResolutionInput = {
      kind: "partial_refund",
      lines: [
        { key: "item", amountCents: 1000 },
        { key: "shipping", amountCents: 800 },
      ],
      note: "Shipping was late and the frame is scratched.",
    };
    expect(await resolveDispute(db(), stripe.stripe, decider, disputeId, decision)).toBe("resolved");
    expect(
      refundsOf(orderId)
        .map((refund) => refund.amount)
        .sort(),
    ).toEqual([1000, 800].sort());
    expect(
      refundsOf(orderId)
        .map((refund) => refund.metadata?.lineKey)
        .sort(),
    ).toEqual(["item", "shipping"]);
    // 3300 − 1800 refunded − 195 fee = 1305.
    expect(transfersOf(orderId)).toMatchObject([{ amount: 1305, amount_reversed: 0 }]);
    const order = await orderRow(orderId);
    expect(order).toMatchObject({ status: "completed", refundedCents: 1800 });
    expect((await orderLines(db(), orderId)).map((line) => [line.key, line.refundedCents])).toEqual([
      ["item", 1000],
      ["shipping", 800],
    ]);
    for (const userId of [seller.id, buyer.id]) {
      const notice = await db()
        .selectFrom("notifications")
        .select("body")
        .where("userId", "=", userId)
        .where("kind", "=", "dispute_resolved")
        .executeTakeFirstOrThrow();
      expect(notice.body).toContain("Shipping was late and the frame is scratched.");
      expect(notice.body).toContain("$18.00");
    }
    expect(await auditActions(disputeId)).toEqual([
      ["dispute.opened", null],
      ["dispute.decided", 1800],
      ["dispute.refunded", 1000],
      ["dispute.refunded", 800],
      ["dispute.resolved", 1800],
    ]);
  });

  it("partial refund after the transfer: reverses exactly the refunded part of the seller's transfer", async () => {
    const { disputeId, orderId } = await completedAndDisputed();
    await resolveDispute(db(), stripe.stripe, await admin(), disputeId, {
      kind: "partial_refund",
      lines: [{ key: "item", amountCents: 500 }],
      note: "A missing bell; partial refund agreed.",
    });
    expect(refundsOf(orderId).map((refund) => refund.amount)).toEqual([500]);
    expect(transfersOf(orderId)).toMatchObject([{ amount: 3105, amount_reversed: 500 }]);
    expect(await orderRow(orderId)).toMatchObject({ status: "completed", refundedCents: 500 });
    const actions = await auditActions(disputeId);
    expect(actions).toContainEqual(["dispute.transfer_reversed", 500]);
    expect(
      await db()
        .selectFrom("moneyMovements")
        .select(["amountCents", "status"])
        .where("orderId", "=", orderId)
        .where("kind", "=", "reversal")
        .execute(),
    ).toEqual([{ amountCents: 500, status: "succeeded" }]);
  });

  it("full refund before any transfer, item returned: refunds everything, nothing is paid, the listing is for sale again", async () => {
    const { disputeId, orderId, listing } = await shippedAndDisputed();
    await resolveDispute(db(), stripe.stripe, await admin(), disputeId, {
      kind: "full_refund",
      itemReturned: true,
      note: "The item was not as described; it has been sent back.",
    });
    expect(refundsOf(orderId).reduce((sum, refund) => sum + refund.amount, 0)).toBe(3300);
    expect(transfersOf(orderId)).toHaveLength(0);
    expect(await orderRow(orderId)).toMatchObject({ status: "cancelled", refundedCents: 3300 });
    expect(await listingStatus(listing.id)).toBe("active");
    expect(await db().selectFrom("payouts").select("id").where("orderId", "=", orderId).execute()).toHaveLength(0);
  });

  it("full refund after the transfer: reverses the whole transfer; the platform gives up its fee", async () => {
    const { disputeId, orderId, listing } = await completedAndDisputed();
    await resolveDispute(db(), stripe.stripe, await admin(), disputeId, {
      kind: "full_refund",
      itemReturned: false,
      note: "Never arrived in usable condition.",
    });
    expect(refundsOf(orderId).reduce((sum, refund) => sum + refund.amount, 0)).toBe(3300);
    expect(transfersOf(orderId)).toMatchObject([{ amount: 3105, amount_reversed: 3105, reversed: true }]);
    expect(await orderRow(orderId)).toMatchObject({ status: "cancelled", refundedCents: 3300 });
    expect(await listingStatus(listing.id)).toBe("sold");
  });

  it("release: completes the order and pays the seller in full (minus the fee)", async () => {
    const { disputeId, orderId, listing } = await shippedAndDisputed();
    await resolveDispute(db(), stripe.stripe, await admin(), disputeId, {
      kind: "release",
      note: "Tracking shows delivery; the photos show no damage.",
    });
    expect(refundsOf(orderId)).toHaveLength(0);
    expect(transfersOf(orderId)).toMatchObject([{ amount: 3105 }]);
    expect((await orderRow(orderId)).status).toBe("completed");
    expect(await listingStatus(listing.id)).toBe("sold");
  });

  it("release after the transfer: takes nothing back and pays nothing twice", async () => {
    const { disputeId, orderId } = await completedAndDisputed();
    await resolveDispute(db(), stripe.stripe, await admin(), disputeId, { kind: "release", note: "No problem found." });
    expect(transfersOf(orderId)).toMatchObject([{ amount: 3105, amount_reversed: 0 }]);
    expect((await orderRow(orderId)).status).toBe("completed");
  });

  it("refuses amounts beyond what is left on a line, fractions of cents, unknown lines and a missing reason", async () => {
    const { disputeId, orderId } = await shippedAndDisputed();
    const decider = await admin();
    const resolve = (input: unknown) =>
      resolveDispute(db(), stripe.stripe, decider, disputeId, input as ResolutionInput);
    await expect(
      resolve({ kind: "partial_refund", lines: [{ key: "shipping", amountCents: 801 }], note: "Too much here." }),
    ).rejects.toMatchObject({ fieldErrors: { "lines.shipping": ["At most $8.00 is left to refund on Shipping"] } });
    await expect(
      resolve({ kind: "partial_refund", lines: [{ key: "item", amountCents: 10.5 }], note: "Fractions here." }),
    ).rejects.toBeInstanceOf(InvalidInput);
    await expect(
      resolve({ kind: "partial_refund", lines: [{ key: "service:x", amountCents: 100 }], note: "Unknown line." }),
    ).rejects.toMatchObject({ fieldErrors: { "lines.service:x": ["This order has no such line"] } });
    await expect(resolve({ kind: "release", note: "" })).rejects.toBeInstanceOf(InvalidInput);
    expect(refundsOf(orderId)).toHaveLength(0);
    expect((await orderRow(orderId)).status).toBe("disputed");
  });

  it("is decided only by admins, never on their own orders", async () => {
    const { disputeId, seller, buyer } = await shippedAndDisputed();
    const release: ResolutionInput = { kind: "release", note: "Looks fine to me." };
    await expect(resolveDispute(db(), stripe.stripe, seller, disputeId, release)).rejects.toBeInstanceOf(Forbidden);
    await expect(resolveDispute(db(), stripe.stripe, buyer, disputeId, release)).rejects.toBeInstanceOf(Forbidden);

    // An admin who sold the item can't decide (nor assign) the dispute about it.
    const adminSeller = await createUser(db(), { role: "admin" });
    const listing = await createListing(db(), { sellerId: adminSeller.id, priceCents: 1000 });
    const customer = await createUser(db());
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, customer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    await payOnHostedPage(url, "4242424242424242");
    await expect.poll(async () => (await orderRow(order.id)).status, { timeout: 5000 }).toBe("paid");
    const own = await openDispute(db(), customer, order.id, statement);
    await expect(resolveDispute(db(), stripe.stripe, adminSeller, own.disputeId, release)).rejects.toThrow(
      "This dispute is about your own order; another admin has to handle it.",
    );
    await expect(assignDispute(db(), adminSeller, own.disputeId, adminSeller.id)).rejects.toBeInstanceOf(Forbidden);
  });

  it("runs once however often it is run, and a crash between Stripe and the database refunds nothing twice", async () => {
    const { disputeId, orderId } = await shippedAndDisputed();
    const decider = await admin();
    const decision: ResolutionInput = {
      kind: "partial_refund",
      lines: [
        { key: "item", amountCents: 700 },
        { key: "shipping", amountCents: 300 },
      ],
      note: "Agreed partial refund for a scuff.",
    };
    // The process dies right after Stripe made the first refund, before the database heard of it.
    const crashing = new Proxy(stripe.stripe, {
      get(target, property, receiver) {
        if (property !== "refunds") return Reflect.get(target, property, receiver);
        return {
          create: async (...args: Parameters<StripeClient["refunds"]["create"]>) => {
            await target.refunds.create(...args);
            throw new Error("crashed");
          },
        };
      },
    }) as StripeClient;
    await expect(resolveDispute(db(), crashing, decider, disputeId, decision)).rejects.toThrow("crashed");
    expect(
      (await db().selectFrom("disputes").select("status").where("id", "=", disputeId).executeTakeFirstOrThrow()).status,
    ).toBe("resolving");
    const again = await Promise.all([
      resolveDispute(db(), stripe.stripe, decider, disputeId, decision),
      resolveDispute(db(), stripe.stripe, decider, disputeId, decision),
    ]);
    expect(again).toContain("resolved");
    expect(await resolveDispute(db(), stripe.stripe, decider, disputeId, decision)).toBe("already-resolved");
    expect(
      refundsOf(orderId)
        .map((refund) => refund.amount)
        .sort((a, b) => a - b),
    ).toEqual([300, 700]);
    expect(transfersOf(orderId)).toMatchObject([{ amount: 3300 - 1000 - 195 }]);
    expect(await orderRow(orderId)).toMatchObject({ status: "completed", refundedCents: 1000 });
    const actions = (await auditActions(disputeId)).map(([action]) => action);
    expect(actions.filter((action) => action === "dispute.refunded")).toHaveLength(2);
    expect(actions.filter((action) => action === "dispute.resolved")).toHaveLength(1);
  });
});

describe("admin assignment and the listing snapshot", () => {
  it("assigns a case to an admin and audits it", async () => {
    const { disputeId } = await shippedAndDisputed();
    const first = await admin("First Admin");
    const second = await admin("Second Admin");
    const member = await createUser(db());
    await assignDispute(db(), first, disputeId, first.id);
    await assignDispute(db(), first, disputeId, second.id);
    await expect(assignDispute(db(), first, disputeId, member.id)).rejects.toBeInstanceOf(InvalidInput);
    await expect(assignDispute(db(), member, disputeId, member.id)).rejects.toBeInstanceOf(Forbidden);
    const row = await db()
      .selectFrom("disputes")
      .select("assignedAdminId")
      .where("id", "=", disputeId)
      .executeTakeFirstOrThrow();
    expect(row.assignedAdminId).toBe(second.id);
    expect((await auditActions(disputeId)).filter(([action]) => action === "dispute.assigned")).toHaveLength(2);
  });

  it("shows the admin the buyer and seller's messages about the item, and no one else's", async () => {
    const { disputeId, buyer, seller, listing } = await shippedAndDisputed();
    const conversationId = await startConversation(db(), { listingId: listing.id, buyerId: buyer.id });
    await sendMessage(db(), { conversationId, senderId: buyer.id, body: "Is the frame in one piece?" });
    await sendMessage(db(), { conversationId, senderId: seller.id, body: "Yes, no cracks at all." });
    const bystander = await createUser(db());
    const other = await startConversation(db(), { listingId: listing.id, buyerId: bystander.id });
    await sendMessage(db(), { conversationId: other, senderId: bystander.id, body: "Would you take less?" });
    const view = await adminDisputeView(db(), (await admin()).id, disputeId);
    expect(view.messages.map((message) => message.body)).toEqual([
      "Is the frame in one piece?",
      "Yes, no cracks at all.",
    ]);
  });

  it("keeps the listing as it was bought, whatever the seller edits later", async () => {
    const { orderId, listing } = await paidOrder();
    await db().updateTable("listings").set({ title: "Edited afterwards" }).where("id", "=", listing.id).execute();
    const snapshot = await listingSnapshotFor(db(), orderId);
    expect(snapshot).toMatchObject({ title: listing.title, priceCents: 2500, condition: expect.any(String) });
    expect(snapshot?.categoryName).toEqual(expect.any(String));
    expect(Array.isArray(snapshot?.photoKeys)).toBe(true);
  });
});

describe("chargebacks", () => {
  async function chargebackOrder() {
    const listing = await createListing(db(), { priceCents: 4000 });
    const buyer = await createUser(db());
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    const paid = await payOnHostedPage(url, "4000000000000259");
    expect(paid.status).toBe(303);
    await expect
      .poll(
        async () => (await db().selectFrom("disputes").select("id").where("orderId", "=", order.id).execute()).length,
        { timeout: 5000 },
      )
      .toBe(1);
    return { orderId: order.id, buyer };
  }

  it("opens a linked case with the evidence due date, and shows and audits won or lost when it closes", async () => {
    const { orderId } = await chargebackOrder();
    expect((await orderRow(orderId)).status).toBe("disputed");
    const stripeDispute = [...stripe.standIn.disputes.values()].find(
      (dispute) => dispute.charge === stripeDisputeCharge(orderId),
    );
    const dispute = await db()
      .selectFrom("disputes")
      .selectAll()
      .where("orderId", "=", orderId)
      .executeTakeFirstOrThrow();
    expect(dispute).toMatchObject({
      source: "chargeback",
      status: "open",
      stripeStatus: "needs_response",
      orderStatusBefore: "paid",
      stripeDisputeId: stripeDispute!.id,
    });
    expect(dispute.evidenceDueBy!.getTime()).toBe(stripeDispute!.evidence_details.due_by * 1000);

    stripeDispute!.status = "lost";
    stripe.standIn.emit("charge.dispute.closed", stripeDispute);
    stripe.standIn.emit("charge.dispute.closed", stripeDispute);
    await expect
      .poll(
        async () =>
          (
            await db()
              .selectFrom("disputes")
              .select("stripeStatus")
              .where("id", "=", dispute.id)
              .executeTakeFirstOrThrow()
          ).stripeStatus,
        { timeout: 5000 },
      )
      .toBe("lost");
    await expect
      .poll(async () => (await auditActions(dispute.id)).map(([action]) => action), { timeout: 5000 })
      .toEqual(["chargeback.opened", "chargeback.lost"]);
  });

  it("links a chargeback to the buyer's open dispute instead of opening a second case", async () => {
    const { buyer, orderId } = await paidOrder();
    const { disputeId } = await openDispute(db(), buyer, orderId, statement);
    const chargeId = (await orderRow(orderId)).stripeChargeId!;
    const charge = stripe.standIn.charges.get(chargeId)!;
    charge.disputed = true;
    const stripeDispute = {
      id: `dp_linked_${orderId}`,
      object: "dispute" as const,
      amount: charge.amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      reason: "product_not_received",
      status: "needs_response" as const,
      evidence_details: { due_by: Math.floor(Date.now() / 1000) + 5 * 24 * 3600 },
      created: Math.floor(Date.now() / 1000),
    };
    stripe.standIn.disputes.set(stripeDispute.id, stripeDispute);
    stripe.standIn.emit("charge.dispute.created", stripeDispute);
    await expect
      .poll(
        async () =>
          (
            await db()
              .selectFrom("disputes")
              .select("stripeDisputeId")
              .where("id", "=", disputeId)
              .executeTakeFirstOrThrow()
          ).stripeDisputeId,
        { timeout: 5000 },
      )
      .toBe(stripeDispute.id);
    expect(await db().selectFrom("disputes").select("id").where("orderId", "=", orderId).execute()).toHaveLength(1);
    expect((await orderRow(orderId)).status).toBe("disputed");
  });

  function stripeDisputeCharge(orderId: string) {
    return [...stripe.standIn.charges.values()].find((charge) => charge.metadata?.orderId === orderId)?.id;
  }
});

describe("order lines", () => {
  it("are the item and shipping, paid to the seller; a cancellation refunds each in full", async () => {
    const { orderId, seller, listing } = await paidOrder();
    expect(await orderLines(db(), orderId)).toEqual([
      {
        key: "item",
        label: listing.title,
        amountCents: 2500,
        refundedCents: 0,
        // The order's fee (5% of 33.00 + 0.30 = 1.95) spread over item and shipping.
        feeCents: 148,
        payable: true,
        payee: { kind: "seller", userId: seller.id },
      },
      {
        key: "shipping",
        label: "Shipping",
        amountCents: 800,
        refundedCents: 0,
        feeCents: 47,
        payable: true,
        payee: { kind: "seller", userId: seller.id },
      },
    ]);
    await cancelOrder(db(), stripe.stripe, orderId, { userId: seller.id });
    const lines = await orderLines(db(), orderId);
    expect(lines.map((line) => line.refundedCents)).toEqual([2500, 800]);
    expect((await orderRow(orderId)).refundedCents).toBe(lines.reduce((sum, line) => sum + line.refundedCents, 0));
  });
});
