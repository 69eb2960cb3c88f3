import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { Forbidden, NotFound } from "~/lib/errors";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { createConnectedAccount } from "~/modules/payments/gateway.server";
import type { PayoutStatus } from "~/modules/payments/payouts.server";
import type { StripeAccount, StripeClient } from "~/modules/payments/stripe.server";
import { assertRetailerStaff } from "./retailers.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * A retailer's payouts go to its own Stripe Connect (Express) account, onboarded by its owner
 * through the same hosted flow members use (payments/payouts.server.ts).
 */
export async function retailerPayoutStatus(db: Executor, retailerId: string): Promise<PayoutStatus> {
  const row = await db
    .selectFrom("retailerPayoutAccounts")
    .select(["stripeAccountId", "payoutsEnabled"])
    .where("retailerId", "=", retailerId)
    .executeTakeFirst();
  if (!row) return { state: "not_started", stripeAccountId: null };
  return { state: row.payoutsEnabled ? "enabled" : "incomplete", stripeAccountId: row.stripeAccountId };
}

export async function retailerPayoutsUrl(db: Executor, retailerId: string): Promise<string> {
  const row = await db.selectFrom("retailers").select("slug").where("id", "=", retailerId).executeTakeFirst();
  return row ? `/retailers/${row.slug}/payouts` : "/retailers";
}

export async function startRetailerPayoutOnboarding(
  db: Kysely<Database>,
  stripe: StripeClient,
  retailerId: string,
  owner: { id: string; email: string },
  urls: { returnUrl: string; refreshUrl: string },
): Promise<string> {
  await assertRetailerStaff(db, retailerId, owner.id, { owner: true });
  await assertEmailVerified(db, owner.id);
  const retailer = await db
    .selectFrom("retailers")
    .select(["status", "name"])
    .where("id", "=", retailerId)
    .executeTakeFirstOrThrow();
  if (retailer.status !== "verified") throw new Forbidden("Payouts open once an admin has verified the shop.");
  let accountId = (await retailerPayoutStatus(db, retailerId)).stripeAccountId;
  if (!accountId) {
    const account = await createConnectedAccount(
      stripe,
      { kind: "shop", retailerId },
      {
        type: "express",
        email: owner.email,
        business_profile: { name: retailer.name },
        metadata: { stoopRetailerId: retailerId },
      },
    );
    await db
      .insertInto("retailerPayoutAccounts")
      .values({ retailerId, stripeAccountId: account.id })
      .onConflict((conflict) => conflict.column("retailerId").doNothing())
      .execute();
    accountId = (await retailerPayoutStatus(db, retailerId)).stripeAccountId!;
  }
  const link = await stripe.accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    return_url: urls.returnUrl,
    refresh_url: urls.refreshUrl,
  });
  return link.url;
}

export async function refreshRetailerPayoutAccount(db: Kysely<Database>, stripe: StripeClient, retailerId: string) {
  const status = await retailerPayoutStatus(db, retailerId);
  if (!status.stripeAccountId) throw new NotFound("Payouts are not set up yet.");
  await syncRetailerPayoutAccount(db, await stripe.accounts.retrieve(status.stripeAccountId));
  return retailerPayoutStatus(db, retailerId);
}

/**
 * account.updated for a retailer's account: cache what Stripe says and, once payouts are
 * enabled, re-queue the retailer's payouts that were waiting for it. Returns whether it was one.
 */
export async function syncRetailerPayoutAccount(db: Executor, account: StripeAccount): Promise<boolean> {
  const row = await db
    .updateTable("retailerPayoutAccounts")
    .set({
      detailsSubmitted: Boolean(account.details_submitted),
      chargesEnabled: Boolean(account.charges_enabled),
      payoutsEnabled: Boolean(account.payouts_enabled),
      updatedAt: new Date(),
    })
    .where("stripeAccountId", "=", account.id)
    .returning("retailerId")
    .executeTakeFirst();
  if (!row) return false;
  if (account.payouts_enabled) {
    const waiting = await db
      .selectFrom("payouts")
      .select("orderId")
      .where("retailerId", "=", row.retailerId)
      .where("status", "=", "waiting_for_account")
      .execute();
    for (const { orderId } of waiting) await enqueueJob(db, QUEUES.orderPayout, { orderId });
  }
  return true;
}
