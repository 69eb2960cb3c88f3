import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { openDispute } from "~/modules/disputes/disputes.server";
import { resolveDispute } from "~/modules/disputes/resolve.server";
import { attemptPayout } from "~/modules/orders/money.server";
import { confirmReceipt, markShipped } from "~/modules/orders/orders.server";
import { loader } from "~/routes/orders.$id";
import { createUser, memberSession } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { paidShippedOrder, startStripeStandIn } from "../../support/stripe";

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

function asMember(user: { id: string; email: string; displayName: string }): SessionUser {
  return memberSession(user);
}

/** What the order page's loader hands its component, as the seller sees it. */
async function orderPage(orderId: string, user: SessionUser) {
  const context = { db: db(), auth: { user, token: "token" } } as unknown as AppLoadContext;
  const response = await loader({
    request: new Request(`http://stoop.test/orders/${orderId}`),
    params: { id: orderId },
    context,
  });
  return (await (response as Response).json()) as {
    money: { refundedCents: number; seller: { shareCents: number; feeCents: number; paidCents: number } | null };
  };
}

/** Item 25.00 + shipping 8.00 = 33.00; fee 1.95; the seller's share 31.05. */
const paidOrder = () => paidShippedOrder(db(), stripe.stripe, settings);

const transferOf = (orderId: string) =>
  [...stripe.standIn.transfers.values()].find((transfer) => transfer.transfer_group === orderId);

describe("the order page's money", () => {
  it("shows the seller the share the transfer pays after a partial refund", async () => {
    const { seller, buyer, orderId } = await paidOrder();
    await markShipped(db(), orderId, seller.id, { autoReceiveDays: 7 });
    const { disputeId } = await openDispute(db(), buyer, orderId, {
      reason: "damaged",
      statement: "The bell is missing from the bike.",
    });
    const decider = await createUser(db(), { role: "admin" });
    await resolveDispute(db(), stripe.stripe, decider, disputeId, {
      kind: "partial_refund",
      lines: [{ key: "item", amountCents: 500 }],
      note: "A missing bell; partial refund agreed.",
    });
    const transfer = transferOf(orderId)!;
    expect(transfer.amount).toBeGreaterThan(0);

    const page = await orderPage(orderId, asMember(seller));
    expect(page.money.seller!.shareCents).toBe(transfer.amount);
    expect(page.money.seller!.paidCents).toBe(transfer.amount);
    expect(page.money.refundedCents).toBe(500);
  });

  it("shows what the seller keeps after a partial refund that reversed part of the transfer", async () => {
    const { seller, buyer, orderId } = await paidOrder();
    await markShipped(db(), orderId, seller.id, { autoReceiveDays: 7 });
    await confirmReceipt(db(), orderId, { userId: buyer.id });
    expect(await attemptPayout(db(), stripe.stripe, orderId)).toEqual(["paid"]);
    const { disputeId } = await openDispute(db(), buyer, orderId, {
      reason: "damaged",
      statement: "The bell is missing from the bike.",
    });
    await resolveDispute(db(), stripe.stripe, await createUser(db(), { role: "admin" }), disputeId, {
      kind: "partial_refund",
      lines: [{ key: "item", amountCents: 500 }],
      note: "A missing bell; partial refund agreed.",
    });
    const transfer = transferOf(orderId)!;
    expect(transfer.amount_reversed).toBe(500);

    const page = await orderPage(orderId, asMember(seller));
    expect(page.money.seller!.shareCents).toBe(transfer.amount - transfer.amount_reversed);
    expect(page.money.seller!.paidCents).toBe(transfer.amount - transfer.amount_reversed);
  });
});
