import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest } from "~db/migrate";
import { Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { EmailNotVerified } from "~/modules/accounts/email-verification.server";
import { startCheckout } from "~/modules/orders/checkout.server";
import { attemptPayout } from "~/modules/orders/money.server";
import { confirmReceipt, transitionOrder } from "~/modules/orders/orders.server";
import {
  payoutStatus,
  refreshPayoutAccount,
  startPayoutOnboarding,
  type PayoutPayee,
} from "~/modules/payments/payout-accounts.server";
import { receiveStripeWebhook } from "~/wiring/stripe-events.server";
import { acceptServiceJob, markServiceDone, serviceJobsFor } from "~/modules/orders/service-jobs.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { TEST_WEBHOOK_SECRET, payOnHostedPage, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const payeeOf = (member: { id: string }) => ({ kind: "member", userId: member.id }) as const;

const urls = {
  returnUrl: "http://stoop.test/settings/payouts/return",
  refreshUrl: "http://stoop.test/settings/payouts/refresh",
};

async function completeOnboarding(onboardingUrl: string) {
  const response = await fetch(onboardingUrl, { method: "POST", redirect: "manual" });
  expect(response.status).toBe(303);
  return response.headers.get("location");
}

describe("payout onboarding through Stripe Connect", () => {
  it("is refused until the member's email is verified, and creates no account", async () => {
    const member = await createUser(database.db, { emailVerified: false });
    await expect(startPayoutOnboarding(database.db, stripe.stripe, payeeOf(member), member, urls)).rejects.toThrow(
      EmailNotVerified,
    );
    expect(await payoutStatus(database.db, payeeOf(member))).toEqual({ state: "not_started", stripeAccountId: null });
  });

  it("creates one Express account per member, even when two onboarding requests race", async () => {
    const member = await createUser(database.db);
    const links = await Promise.all([
      startPayoutOnboarding(database.db, stripe.stripe, payeeOf(member), member, urls),
      startPayoutOnboarding(database.db, stripe.stripe, payeeOf(member), member, urls),
    ]);
    expect(links[0]).not.toBe(links[1]);
    const status = await payoutStatus(database.db, payeeOf(member));
    expect(status).toMatchObject({ state: "incomplete", stripeAccountId: expect.stringMatching(/^acct_/) });
    const accountsForMember = [...stripe.standIn.accounts.values()].filter((account) => account.email === member.email);
    expect(accountsForMember).toHaveLength(1);
  });

  it("turns payouts on when Stripe's signed account.updated webhook arrives", async () => {
    const member = await createUser(database.db);
    const link = await startPayoutOnboarding(database.db, stripe.stripe, payeeOf(member), member, urls);
    expect(await completeOnboarding(link)).toBe(urls.returnUrl);
    await expect
      .poll(async () => (await payoutStatus(database.db, payeeOf(member))).state, { timeout: 5000 })
      .toBe("enabled");
  });

  it("sends the member to refresh_url when an onboarding link is reused", async () => {
    const member = await createUser(database.db);
    const link = await startPayoutOnboarding(database.db, stripe.stripe, payeeOf(member), member, urls);
    await completeOnboarding(link);
    const again = await fetch(link, { redirect: "manual" });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(urls.refreshUrl);
  });

  it("can re-read the account from Stripe when the member returns before the webhook", async () => {
    const member = await createUser(database.db);
    stripe.standIn.pauseDeliveries();
    try {
      const link = await startPayoutOnboarding(database.db, stripe.stripe, payeeOf(member), member, urls);
      await completeOnboarding(link);
      expect((await payoutStatus(database.db, payeeOf(member))).state).toBe("incomplete");
      expect((await refreshPayoutAccount(database.db, stripe.stripe, payeeOf(member))).state).toBe("enabled");
    } finally {
      await stripe.standIn.releaseDeliveries();
    }
  });
});

describe("the Stripe webhook endpoint", () => {
  it("processes an event once however often, and in whatever order, it is delivered", async () => {
    const member = await createUser(database.db);
    const link = await startPayoutOnboarding(database.db, stripe.stripe, payeeOf(member), member, urls);
    const before = stripe.outcomes.length;
    stripe.standIn.pauseDeliveries();
    await completeOnboarding(link);
    const accountId = (await payoutStatus(database.db, payeeOf(member))).stripeAccountId!;
    // A second, older-looking update for the same account, delivered first.
    stripe.standIn.emit("account.updated", stripe.standIn.accounts.get(accountId));
    await stripe.standIn.releaseDeliveries({ order: "reverse", copies: 10 });
    const outcomes = stripe.outcomes.slice(before);
    expect(outcomes).toHaveLength(20);
    expect(outcomes.filter((outcome) => outcome === "processed")).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(18);
    expect((await payoutStatus(database.db, payeeOf(member))).state).toBe("enabled");
    const stored = await database.db
      .selectFrom("stripeEvents")
      .select("id")
      .where("type", "=", "account.updated")
      .execute();
    expect(new Set(stored.map((row) => row.id)).size).toBe(stored.length);
  });

  it("rejects a forged body, a wrong secret and a stale signature without recording anything", async () => {
    const payload = JSON.stringify({
      id: "evt_forged",
      object: "event",
      type: "account.updated",
      data: { object: { id: "acct_x", object: "account" } },
    });
    const header = stripe.standIn.signatureHeader(payload);
    const attempt = (rawBody: string, signature: string, secret = TEST_WEBHOOK_SECRET) =>
      receiveStripeWebhook(database.db, stripe.stripe, { rawBody, signature, secret });
    await expect(attempt(payload.replace("acct_x", "acct_y"), header)).rejects.toThrow(InvalidInput);
    await expect(attempt(payload, header, "whsec_someoneelse")).rejects.toThrow(InvalidInput);
    await expect(
      attempt(payload, stripe.standIn.signatureHeader(payload, Math.floor(Date.now() / 1000) - 600)),
    ).rejects.toThrow(/Timestamp outside the tolerance zone/);
    expect(await database.db.selectFrom("stripeEvents").select("id").where("id", "=", "evt_forged").execute()).toEqual(
      [],
    );
  });
});

const db = () => database.db;
const shopPayee = (shop: { id: string }): PayoutPayee => ({ kind: "shop", retailerId: shop.id });

async function ownerOf(shop: { ownerId: string }) {
  return db().selectFrom("users").select(["id", "email"]).where("id", "=", shop.ownerId).executeTakeFirstOrThrow();
}

describe("a shop's payout account", () => {
  it("is the shop's own: one Express account per shop however often its owner starts, none for the owner", async () => {
    const shop = await createRetailer(db(), { name: "Bike Hub" });
    const owner = await ownerOf(shop);
    const links = await Promise.all([
      startPayoutOnboarding(db(), stripe.stripe, shopPayee(shop), owner, urls),
      startPayoutOnboarding(db(), stripe.stripe, shopPayee(shop), owner, urls),
    ]);
    expect(links[0]).not.toBe(links[1]);
    const status = await payoutStatus(db(), shopPayee(shop));
    expect(status).toMatchObject({ state: "incomplete", stripeAccountId: expect.stringMatching(/^acct_/) });
    const accounts = [...stripe.standIn.accounts.values()].filter(
      (account) => account.metadata?.stoopRetailerId === shop.id,
    );
    expect(accounts.map((account) => account.id)).toEqual([status.stripeAccountId]);
    const rows = await db().selectFrom("payoutAccounts").selectAll().where("retailerId", "=", shop.id).execute();
    expect(rows).toMatchObject([{ payeeKind: "shop", userId: null, stripeAccountId: status.stripeAccountId }]);
    // The owner's personal payouts are a separate payee, not started.
    expect(await payoutStatus(db(), payeeOf(owner))).toEqual({ state: "not_started", stripeAccountId: null });
  });

  it("is refused to the shop's staff, to other members, before the shop is verified, and to a member for another", async () => {
    const shop = await createRetailer(db());
    const staff = await createUser(db());
    await db().insertInto("retailerStaff").values({ retailerId: shop.id, userId: staff.id, role: "staff" }).execute();
    await expect(startPayoutOnboarding(db(), stripe.stripe, shopPayee(shop), staff, urls)).rejects.toThrow(Forbidden);
    const stranger = await createUser(db());
    await expect(startPayoutOnboarding(db(), stripe.stripe, shopPayee(shop), stranger, urls)).rejects.toThrow(NotFound);
    const pending = await createRetailer(db(), { status: "pending" });
    await expect(
      startPayoutOnboarding(db(), stripe.stripe, shopPayee(pending), await ownerOf(pending), urls),
    ).rejects.toThrow(/verified the shop/);
    await expect(startPayoutOnboarding(db(), stripe.stripe, payeeOf(staff), stranger, urls)).rejects.toThrow(Forbidden);
    const rows = await db()
      .selectFrom("payoutAccounts")
      .select("stripeAccountId")
      .where((eb) =>
        eb.or([eb("retailerId", "in", [shop.id, pending.id]), eb("userId", "in", [staff.id, stranger.id])]),
      )
      .execute();
    expect(rows).toEqual([]);
  });

  it("is enabled by Stripe's account.updated, found by its Stripe account id, and re-read on return", async () => {
    const shop = await createRetailer(db());
    const link = await startPayoutOnboarding(db(), stripe.stripe, shopPayee(shop), await ownerOf(shop), urls);
    expect(await completeOnboarding(link)).toBe(urls.returnUrl);
    await expect.poll(async () => (await payoutStatus(db(), shopPayee(shop))).state, { timeout: 5000 }).toBe("enabled");

    const other = await createRetailer(db());
    stripe.standIn.pauseDeliveries();
    try {
      const otherLink = await startPayoutOnboarding(db(), stripe.stripe, shopPayee(other), await ownerOf(other), urls);
      await completeOnboarding(otherLink);
      expect((await payoutStatus(db(), shopPayee(other))).state).toBe("incomplete");
      expect((await refreshPayoutAccount(db(), stripe.stripe, shopPayee(other))).state).toBe("enabled");
    } finally {
      await stripe.standIn.releaseDeliveries();
    }
  });
});

describe("payouts and payout accounts", () => {
  const orderPayoutJobs = async (orderId: string) => {
    const rows = await db()
      .selectFrom("pgboss.job" as never)
      .select(["data" as never])
      .where("name" as never, "=", "order-payout" as never)
      .execute();
    return rows.filter((row) => (row as { data: { orderId: string } }).data.orderId === orderId).length;
  };

  it("wait for each payee's own account, then go once it is enabled (a seller and a shop on one order)", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Wash", priceCents: 2000, categoryIds: ["bikes"] }],
    });
    const seller = await createUser(db());
    const buyer = await createUser(db());
    const listing = await createListing(db(), {
      sellerId: seller.id,
      categoryId: "bikes",
      priceCents: 20000,
      latitude: 45.52,
      longitude: -122.68,
    });
    const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
      serviceIds: [shop.services[0]!.id],
    });
    expect((await payOnHostedPage(url)).status).toBe(303);
    const statusOf = async () =>
      (await db().selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow()).status;
    await expect.poll(statusOf, { timeout: 5000 }).toBe("paid");
    const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
    await acceptServiceJob(db(), job!.id, shop.ownerId);
    await markServiceDone(db(), job!.id, shop.ownerId);
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });

    expect(await attemptPayout(db(), stripe.stripe, order.id)).toEqual(["waiting_for_account", "waiting_for_account"]);
    const reminders = await db()
      .selectFrom("notifications")
      .select(["userId", "url"])
      .where("userId", "in", [seller.id, shop.ownerId])
      .where("url", "like", "%/payouts")
      .orderBy("url")
      .execute();
    expect(reminders).toEqual(
      [
        { userId: shop.ownerId, url: `/retailers/${shop.slug}/payouts` },
        { userId: seller.id, url: "/settings/payouts" },
      ].sort((a, b) => a.url.localeCompare(b.url)),
    );

    // The seller finishes onboarding: account.updated re-queues the order's payout; the shop still waits.
    const queued = await orderPayoutJobs(order.id);
    const sellerLink = await startPayoutOnboarding(db(), stripe.stripe, payeeOf(seller), seller, urls);
    await completeOnboarding(sellerLink);
    await expect.poll(() => orderPayoutJobs(order.id), { timeout: 5000 }).toBe(queued + 1);
    expect((await attemptPayout(db(), stripe.stripe, order.id)).sort()).toEqual(["paid", "waiting_for_account"]);

    // Then the shop's owner: the shop's payout is re-queued and paid to the shop's account.
    const shopLink = await startPayoutOnboarding(db(), stripe.stripe, shopPayee(shop), await ownerOf(shop), urls);
    await completeOnboarding(shopLink);
    await expect.poll(() => orderPayoutJobs(order.id), { timeout: 5000 }).toBe(queued + 2);
    expect((await attemptPayout(db(), stripe.stripe, order.id)).sort()).toEqual(["already-paid", "paid"]);
    const shopAccount = (await payoutStatus(db(), shopPayee(shop))).stripeAccountId;
    const transfers = [...stripe.standIn.transfers.values()].filter((transfer) => transfer.transfer_group === order.id);
    expect(transfers.map((transfer) => transfer.destination)).toContain(shopAccount);
    expect(transfers).toHaveLength(2);
  });
});

describe("migration 0021", () => {
  it("moves a shop's account out of retailer_payout_accounts into payout_accounts, and back on the way down", async () => {
    const shop = await createRetailer(db());
    const member = await createUser(db());
    // Back to just before 0021 (later migrations go first, and come back after).
    const reverted: string[] = [];
    while (!reverted.includes("reverted 0021_payout_accounts")) reverted.push(...(await migrateDown(db())));
    await sql`insert into retailer_payout_accounts (retailer_id, stripe_account_id, details_submitted, payouts_enabled)
              values (${shop.id}, 'acct_shopold', true, true)`.execute(db());
    await sql`insert into payout_accounts (user_id, stripe_account_id) values (${member.id}, 'acct_memberold')`.execute(
      db(),
    );

    expect(await migrateToLatest(db())).toEqual(reverted.reverse().map((line) => line.replace("reverted", "applied")));
    expect(await payoutStatus(db(), shopPayee(shop))).toEqual({ state: "enabled", stripeAccountId: "acct_shopold" });
    expect(await payoutStatus(db(), payeeOf(member))).toEqual({
      state: "incomplete",
      stripeAccountId: "acct_memberold",
    });
    expect(
      await db()
        .selectFrom("payoutAccounts")
        .select(["payeeKind", "userId", "retailerId", "detailsSubmitted"])
        .where("stripeAccountId", "=", "acct_shopold")
        .executeTakeFirst(),
    ).toEqual({ payeeKind: "shop", userId: null, retailerId: shop.id, detailsSubmitted: true });
    // Exactly one payee per row, one row per payee.
    await expect(
      db()
        .insertInto("payoutAccounts")
        .values({ stripeAccountId: "acct_both", payeeKind: "shop", retailerId: shop.id, userId: member.id })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      db()
        .insertInto("payoutAccounts")
        .values({ stripeAccountId: "acct_second", payeeKind: "shop", retailerId: shop.id })
        .execute(),
    ).rejects.toMatchObject({ code: "23505" });

    const down: string[] = [];
    while (!down.includes("reverted 0021_payout_accounts")) down.push(...(await migrateDown(db())));
    const restored = await sql<{ retailerId: string; stripeAccountId: string; payoutsEnabled: boolean }>`
      select retailer_id, stripe_account_id, payouts_enabled from retailer_payout_accounts
      where retailer_id = ${shop.id}`.execute(db());
    expect(restored.rows).toEqual([{ retailerId: shop.id, stripeAccountId: "acct_shopold", payoutsEnabled: true }]);
    const members = await sql<{ userId: string; stripeAccountId: string }>`
      select user_id, stripe_account_id from payout_accounts where stripe_account_id like '%old'`.execute(db());
    expect(members.rows).toEqual([{ userId: member.id, stripeAccountId: "acct_memberold" }]);
    await migrateToLatest(db());
  });
});
