import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { NotFound } from "~/lib/errors";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { createConnectedAccount } from "./gateway.server";
import type { StripeAccount, StripeClient } from "./stripe.server";

type Executor = Kysely<Database> | Transaction<Database>;

export type PayoutState = "not_started" | "incomplete" | "enabled";

export interface PayoutStatus {
  state: PayoutState;
  stripeAccountId: string | null;
}

export async function payoutStatus(db: Executor, userId: string): Promise<PayoutStatus> {
  const row = await db
    .selectFrom("payoutAccounts")
    .select(["stripeAccountId", "payoutsEnabled", "detailsSubmitted"])
    .where("userId", "=", userId)
    .executeTakeFirst();
  if (!row) return { state: "not_started", stripeAccountId: null };
  return { state: row.payoutsEnabled ? "enabled" : "incomplete", stripeAccountId: row.stripeAccountId };
}

/**
 * Returns a fresh, single-use Stripe onboarding link for the member, creating their Express
 * account the first time. The account is created with an idempotency key per member, so two
 * clicks (or two tabs) never make two accounts.
 */
export async function startPayoutOnboarding(
  db: Kysely<Database>,
  stripe: StripeClient,
  member: { id: string; email: string },
  urls: { returnUrl: string; refreshUrl: string },
): Promise<string> {
  // Members are paid only once their email is verified (accounts: email verification).
  await assertEmailVerified(db, member.id);
  let accountId = (await payoutStatus(db, member.id)).stripeAccountId;
  if (!accountId) {
    const account = await createConnectedAccount(
      stripe,
      { kind: "member", userId: member.id },
      { type: "express", email: member.email, metadata: { stoopUserId: member.id } },
    );
    await db
      .insertInto("payoutAccounts")
      .values({ userId: member.id, stripeAccountId: account.id })
      .onConflict((conflict) => conflict.column("userId").doNothing())
      .execute();
    accountId = (await payoutStatus(db, member.id)).stripeAccountId!;
  }
  const link = await stripe.accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    return_url: urls.returnUrl,
    refresh_url: urls.refreshUrl,
  });
  return link.url;
}

/** Copies what Stripe says about a connected account into our cache (idempotent, order-independent). */
export async function syncPayoutAccount(db: Executor, account: StripeAccount): Promise<boolean> {
  const result = await db
    .updateTable("payoutAccounts")
    .set({
      detailsSubmitted: Boolean(account.details_submitted),
      chargesEnabled: Boolean(account.charges_enabled),
      payoutsEnabled: Boolean(account.payouts_enabled),
      updatedAt: new Date(),
    })
    .where("stripeAccountId", "=", account.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Re-reads the member's account from Stripe (when they come back from onboarding). */
export async function refreshPayoutAccount(
  db: Kysely<Database>,
  stripe: StripeClient,
  userId: string,
): Promise<PayoutStatus> {
  const status = await payoutStatus(db, userId);
  if (!status.stripeAccountId) throw new NotFound("You have not started setting up payouts yet.");
  await syncPayoutAccount(db, await stripe.accounts.retrieve(status.stripeAccountId));
  return payoutStatus(db, userId);
}
