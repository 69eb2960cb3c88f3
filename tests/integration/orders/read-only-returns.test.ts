import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import { newId } from "~/lib/ids.server";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import {
  action as checkoutCancelledAction,
  loader as checkoutCancelledLoader,
} from "~/routes/orders.$id_.checkout-cancelled";
import { loader as payoutRefreshLoader } from "~/routes/settings_.payouts_.refresh";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser, memberSession } from "../../support/factories";

/**
 * The pages Stripe sends browsers back to with a GET (cancel_url, refresh_url) only read: a
 * cross-site link must not cancel a checkout or start onboarding. The change is the page's POST.
 */

const database = useTestDatabase();
const config = loadConfig({ PAYMENTS: "stand-in" });

/** A Stripe client that fails the test if a GET page touches it. */
const untouchableStripe = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(`a read-only page called stripe.${String(property)}`);
    },
  },
);

function contextFor(user: SessionUser): AppLoadContext {
  return {
    db: database.db,
    config,
    payments: { stripe: untouchableStripe },
    auth: { user, token: "token" },
  } as unknown as AppLoadContext;
}

async function sessionFor(suspended = false): Promise<SessionUser> {
  const user = await createUser(database.db);
  return memberSession(user, { suspension: suspended ? { reason: "Spam" } : null });
}

async function pendingOrder(buyerId: string) {
  const listing = await createListing(database.db, { status: "reserved" });
  const order = await database.db
    .insertInto("orders")
    .values({
      id: newId(),
      listingId: listing.id,
      buyerId,
      sellerId: listing.sellerId,
      delivery: "pickup",
      itemCents: listing.priceCents,
      shippingCents: 0,
      totalCents: listing.priceCents,
      platformFeeCents: 155,
      status: "pending_payment",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { order, listing };
}

const statusOf = async (orderId: string) =>
  (await database.db.selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status;

describe("pages Stripe returns to", () => {
  it("shows the checkout-cancelled page without cancelling; its button cancels", async () => {
    const buyer = await sessionFor();
    const { order, listing } = await pendingOrder(buyer.id);
    const url = `http://stoop.test/orders/${order.id}/checkout-cancelled`;

    const page = await checkoutCancelledLoader({
      request: new Request(url),
      params: { id: order.id },
      context: contextFor(buyer),
    });
    expect(await page.json()).toMatchObject({ pending: true, order: { id: order.id } });
    expect(await statusOf(order.id)).toBe("pending_payment");

    const response = await checkoutCancelledAction({
      request: new Request(url, { method: "POST", body: new URLSearchParams() }),
      params: { id: order.id },
      context: contextFor(buyer),
    });
    expect(response.headers.get("Location")).toBe(`/listings/${listing.id}`);
    expect(await statusOf(order.id)).toBe("cancelled");
  });

  it("does not start payout onboarding on the refresh page's GET, and tells a suspended member why", async () => {
    const member = await sessionFor(true);
    const request = new Request("http://stoop.test/settings/payouts/refresh");
    const page = await payoutRefreshLoader({ request, params: {}, context: contextFor(member) });
    expect(await page.json()).toEqual({ suspended: true });
    const account = await database.db
      .selectFrom("payoutAccounts")
      .select("userId")
      .where("userId", "=", member.id)
      .executeTakeFirst();
    expect(account).toBeUndefined();
  });
});
