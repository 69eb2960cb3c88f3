import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { Forbidden, NotFound } from "~/lib/errors";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { createConnectedAccount, type Payee } from "./gateway.server";
import type { StripeAccount, StripeClient } from "./stripe.server";

/**
 * Payout accounts (ADR 030, docs/money.md): every payee that can be paid, a member (a seller) or
 * a shop, has at most one Stripe Connect (Express) account, onboarded through Stripe's hosted
 * flow. `payout_accounts` caches what Stripe says about it; account.updated and the payee's
 * return from onboarding refresh the cache.
 */

type Executor = Kysely<Database> | Transaction<Database>;

/** Whoever a payout account belongs to: the gateway's payee, less the platform. */
export type PayoutPayee = Exclude<Payee, { kind: "platform" }>;

export type PayoutState = "not_started" | "incomplete" | "enabled";

export interface PayoutStatus {
  state: PayoutState;
  stripeAccountId: string | null;
}

const NOT_STARTED: PayoutStatus = { state: "not_started", stripeAccountId: null };

function accountOf(db: Executor, payee: PayoutPayee) {
  const query = db.selectFrom("payoutAccounts").select(["stripeAccountId", "payoutsEnabled"]);
  return (
    payee.kind === "member"
      ? query.where("payeeKind", "=", "member").where("userId", "=", payee.userId)
      : query.where("payeeKind", "=", "shop").where("retailerId", "=", payee.retailerId)
  ).executeTakeFirst();
}

export async function payoutStatus(db: Executor, payee: PayoutPayee): Promise<PayoutStatus> {
  const row = await accountOf(db, payee);
  if (!row) return NOT_STARTED;
  return { state: row.payoutsEnabled ? "enabled" : "incomplete", stripeAccountId: row.stripeAccountId };
}

/** Where the payee sets up payouts (the page a "set up payouts" reminder links to). */
export async function payoutSetupPath(db: Executor, payee: PayoutPayee): Promise<string> {
  if (payee.kind === "member") return "/settings/payouts";
  const row = await db.selectFrom("retailers").select("slug").where("id", "=", payee.retailerId).executeTakeFirst();
  return row ? `/retailers/${row.slug}/payouts` : "/retailers";
}

type AccountParams = Parameters<typeof createConnectedAccount>[2];

/**
 * Who may onboard the payee, and the account Stripe is asked for: a member onboards themselves;
 * a shop is onboarded by its owner once an admin has verified it, and gets an account of its own
 * (not the owner's personal one). Either way the person's email must be verified first.
 * The shop rule reads retailer_staff itself rather than importing the retailers module, which
 * imports this folder (no module folder imports one that imports it back).
 */
async function accountFor(db: Executor, payee: PayoutPayee, by: { id: string; email: string }): Promise<AccountParams> {
  if (payee.kind === "member") {
    if (payee.userId !== by.id) throw new Forbidden("You can only set up your own payouts.");
    await assertEmailVerified(db, by.id);
    return { type: "express", email: by.email, metadata: { stoopUserId: by.id } };
  }
  const staff = await db
    .selectFrom("retailerStaff")
    .select("role")
    .where("retailerId", "=", payee.retailerId)
    .where("userId", "=", by.id)
    .executeTakeFirst();
  if (!staff) throw new NotFound("That shop doesn't exist.");
  if (staff.role !== "owner") throw new Forbidden("Only the shop's owner can do that.");
  await assertEmailVerified(db, by.id);
  const retailer = await db
    .selectFrom("retailers")
    .select(["status", "name"])
    .where("id", "=", payee.retailerId)
    .executeTakeFirstOrThrow();
  if (retailer.status !== "verified") throw new Forbidden("Payouts open once an admin has verified the shop.");
  return {
    type: "express",
    email: by.email,
    business_profile: { name: retailer.name },
    metadata: { stoopRetailerId: payee.retailerId },
  };
}

/**
 * Returns a fresh, single-use Stripe onboarding link for the payee, creating its Express account
 * the first time. The gateway creates the account under a key per payee, so two clicks (or two
 * tabs) get the same account back from Stripe, and the table keeps one row per payee.
 */
export async function startPayoutOnboarding(
  db: Kysely<Database>,
  stripe: StripeClient,
  payee: PayoutPayee,
  by: { id: string; email: string },
  urls: { returnUrl: string; refreshUrl: string },
): Promise<string> {
  const params = await accountFor(db, payee, by);
  let accountId = (await payoutStatus(db, payee)).stripeAccountId;
  if (!accountId) {
    const account = await createConnectedAccount(stripe, payee, params);
    await db
      .insertInto("payoutAccounts")
      .values({
        stripeAccountId: account.id,
        ...(payee.kind === "member"
          ? { payeeKind: "member", userId: payee.userId }
          : { payeeKind: "shop", retailerId: payee.retailerId }),
      })
      // A racing click inserted the same account (same key, same id) or this payee's row first.
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    accountId = (await payoutStatus(db, payee)).stripeAccountId!;
  }
  const link = await stripe.accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    return_url: urls.returnUrl,
    refresh_url: urls.refreshUrl,
  });
  return link.url;
}

export interface SyncedPayoutAccount {
  payee: PayoutPayee;
  status: PayoutStatus;
}

/**
 * Copies what Stripe says about a connected account into the cache (idempotent, order-independent:
 * the caller passes the account as Stripe has it now). Returns whose account it is, or null when
 * it is not one of ours. Re-queueing the payouts that waited for it is the caller's follow-up.
 */
export async function syncPayoutAccount(db: Executor, account: StripeAccount): Promise<SyncedPayoutAccount | null> {
  const row = await db
    .updateTable("payoutAccounts")
    .set({
      detailsSubmitted: Boolean(account.details_submitted),
      chargesEnabled: Boolean(account.charges_enabled),
      payoutsEnabled: Boolean(account.payouts_enabled),
      updatedAt: new Date(),
    })
    .where("stripeAccountId", "=", account.id)
    .returning(["payeeKind", "userId", "retailerId", "stripeAccountId", "payoutsEnabled"])
    .executeTakeFirst();
  if (!row) return null;
  return {
    payee:
      row.payeeKind === "member"
        ? { kind: "member", userId: row.userId! }
        : { kind: "shop", retailerId: row.retailerId! },
    status: { state: row.payoutsEnabled ? "enabled" : "incomplete", stripeAccountId: row.stripeAccountId },
  };
}

/** Re-reads the payee's account from Stripe (when they come back from onboarding). */
export async function refreshPayoutAccount(
  db: Kysely<Database>,
  stripe: StripeClient,
  payee: PayoutPayee,
): Promise<PayoutStatus> {
  const status = await payoutStatus(db, payee);
  if (!status.stripeAccountId)
    throw new NotFound(
      payee.kind === "member" ? "You have not started setting up payouts yet." : "Payouts are not set up yet.",
    );
  await syncPayoutAccount(db, await stripe.accounts.retrieve(status.stripeAccountId));
  return payoutStatus(db, payee);
}
