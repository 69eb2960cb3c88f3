import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInput } from "~/lib/errors";
import { EmailNotVerified } from "~/modules/accounts/email-verification.server";
import { payoutStatus, refreshPayoutAccount, startPayoutOnboarding } from "~/modules/payments/payouts.server";
import { receiveStripeWebhook } from "~/wiring/stripe-events.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { TEST_WEBHOOK_SECRET, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

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
    await expect(startPayoutOnboarding(database.db, stripe.stripe, member, urls)).rejects.toThrow(EmailNotVerified);
    expect(await payoutStatus(database.db, member.id)).toEqual({ state: "not_started", stripeAccountId: null });
  });

  it("creates one Express account per member, even when two onboarding requests race", async () => {
    const member = await createUser(database.db);
    const links = await Promise.all([
      startPayoutOnboarding(database.db, stripe.stripe, member, urls),
      startPayoutOnboarding(database.db, stripe.stripe, member, urls),
    ]);
    expect(links[0]).not.toBe(links[1]);
    const status = await payoutStatus(database.db, member.id);
    expect(status).toMatchObject({ state: "incomplete", stripeAccountId: expect.stringMatching(/^acct_/) });
    const accountsForMember = [...stripe.standIn.accounts.values()].filter((account) => account.email === member.email);
    expect(accountsForMember).toHaveLength(1);
  });

  it("turns payouts on when Stripe's signed account.updated webhook arrives", async () => {
    const member = await createUser(database.db);
    const link = await startPayoutOnboarding(database.db, stripe.stripe, member, urls);
    expect(await completeOnboarding(link)).toBe(urls.returnUrl);
    await expect
      .poll(async () => (await payoutStatus(database.db, member.id)).state, { timeout: 5000 })
      .toBe("enabled");
  });

  it("sends the member to refresh_url when an onboarding link is reused", async () => {
    const member = await createUser(database.db);
    const link = await startPayoutOnboarding(database.db, stripe.stripe, member, urls);
    await completeOnboarding(link);
    const again = await fetch(link, { redirect: "manual" });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(urls.refreshUrl);
  });

  it("can re-read the account from Stripe when the member returns before the webhook", async () => {
    const member = await createUser(database.db);
    stripe.standIn.pauseDeliveries();
    try {
      const link = await startPayoutOnboarding(database.db, stripe.stripe, member, urls);
      await completeOnboarding(link);
      expect((await payoutStatus(database.db, member.id)).state).toBe("incomplete");
      expect((await refreshPayoutAccount(database.db, stripe.stripe, member.id)).state).toBe("enabled");
    } finally {
      await stripe.standIn.releaseDeliveries();
    }
  });
});

describe("the Stripe webhook endpoint", () => {
  it("processes an event once however often, and in whatever order, it is delivered", async () => {
    const member = await createUser(database.db);
    const link = await startPayoutOnboarding(database.db, stripe.stripe, member, urls);
    const before = stripe.outcomes.length;
    stripe.standIn.pauseDeliveries();
    await completeOnboarding(link);
    const accountId = (await payoutStatus(database.db, member.id)).stripeAccountId!;
    // A second, older-looking update for the same account, delivered first.
    stripe.standIn.emit("account.updated", stripe.standIn.accounts.get(accountId));
    await stripe.standIn.releaseDeliveries({ order: "reverse", copies: 10 });
    const outcomes = stripe.outcomes.slice(before);
    expect(outcomes).toHaveLength(20);
    expect(outcomes.filter((outcome) => outcome === "processed")).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(18);
    expect((await payoutStatus(database.db, member.id)).state).toBe("enabled");
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
