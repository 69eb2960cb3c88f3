import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { recordChargeback, updateChargeback } from "~/modules/disputes/chargebacks.server";
import { requeueWaitingPayouts } from "~/modules/orders/money.server";
import {
  applyChargebackToOrder,
  applyOrderFacts,
  readChargeback,
  readOrderFacts,
  type ChargebackOnOrder,
} from "~/modules/orders/payment-events.server";
import { syncPayoutAccount } from "~/modules/payments/payout-accounts.server";
import type { StripeAccount, StripeClient } from "~/modules/payments/stripe.server";
import { receiveStripeEvent, type StripeEventRouter, type WebhookOutcome } from "~/modules/payments/webhooks.server";

type Trx = Transaction<Database>;

export type { WebhookOutcome };

/**
 * Which module each Stripe event belongs to. Payments verifies the event and records its id once
 * (webhooks.server.ts); the modules that act on events import payments, so the routing sits up
 * here in the app's wiring rather than in payments (ADR 029).
 */
export const routeStripeEvent: StripeEventRouter = async (db, stripe, event) => {
  switch (event.type) {
    case "account.updated": {
      const account = (await stripe.accounts.retrieve(event.data.object.id)) as StripeAccount;
      return (trx) => applyAccountUpdate(trx, account);
    }
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed": {
      const chargeback = await readChargeback(stripe, event);
      return chargeback && ((trx) => applyChargeback(trx, chargeback));
    }
    default: {
      const facts = await readOrderFacts(db, stripe, event);
      return facts && ((trx) => applyOrderFacts(trx, facts));
    }
  }
};

/** The route /webhooks/stripe (and the tests' receiver) calls: verify, record once, route. */
export function receiveStripeWebhook(
  db: Kysely<Database>,
  stripe: StripeClient,
  input: { rawBody: string; signature: string | null; secret: string },
): Promise<WebhookOutcome> {
  return receiveStripeEvent(db, stripe, input, routeStripeEvent);
}

async function applyAccountUpdate(trx: Trx, account: StripeAccount): Promise<void> {
  const synced = await syncPayoutAccount(trx, account);
  // Sales and services completed before the payee finished onboarding are paid now.
  if (synced?.status.state === "enabled") await requeueWaitingPayouts(trx, synced.payee);
}

/** The order is frozen by orders; the case (opened, linked or updated) belongs to disputes. */
async function applyChargeback(trx: Trx, chargeback: ChargebackOnOrder): Promise<void> {
  const orderStatusBefore = await applyChargebackToOrder(trx, chargeback);
  if (orderStatusBefore === null) return;
  if (chargeback.kind === "disputed") await recordChargeback(trx, chargeback.chargeback, orderStatusBefore);
  else await updateChargeback(trx, chargeback.chargeback, orderStatusBefore);
}
