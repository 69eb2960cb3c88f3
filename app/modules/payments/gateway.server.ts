import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { MoneyMovementKind } from "~db/schema-payments";
import { transaction } from "~db/transaction";
import { newId } from "~/lib/ids.server";
import { isStripeError, type StripeClient } from "./stripe.server";

/**
 * The money gateway (ADR 020, docs/money.md): the only code that asks Stripe to move money
 * (refunds, transfers, transfer reversals; also the checkout session and connected accounts,
 * because they carry idempotency keys too), the only place that builds an idempotency key, and
 * the only writer of the ledger (`money_movements`).
 *
 * Every movement is a ledger row written `pending`, with its key, before Stripe is called, and
 * marked `succeeded` with Stripe's id afterwards. A crash in between leaves the row pending; the
 * retry finds it and replays the same key, so Stripe answers with what it already did.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type Executor = Db | Trx;

export type Payee = { kind: "member"; userId: string } | { kind: "shop"; retailerId: string } | { kind: "platform" };

/** What a movement pays for; a dispute's refunds and reversals carry the case. */
export type Purpose = "checkout" | "charge" | "sale" | "service" | "cancellation" | "decline" | `dispute:${string}`;

export interface MoneyKeyParts {
  orderId: string;
  payee: Payee;
  purpose: Purpose;
  /** The order line (item, shipping, service:<id>) for a refund of one line. */
  lineId?: string;
}

/**
 * The one idempotency key builder: order + payee + purpose (+ line). Stable across retries, and
 * distinct for every movement the ledger may hold (its unique index says so).
 */
export function moneyKey({ orderId, payee, purpose, lineId }: MoneyKeyParts): string {
  const who =
    payee.kind === "member" ? payee.userId : payee.kind === "shop" ? `retailer:${payee.retailerId}` : "platform";
  return `order:${orderId}:payee:${who}:purpose:${purpose}${lineId ? `:line:${lineId}` : ""}`;
}

const PLATFORM: Payee = { kind: "platform" };

const payeeColumns = (payee: Payee) =>
  payee.kind === "member"
    ? { payeeKind: "member" as const, payeeId: payee.userId }
    : payee.kind === "shop"
      ? { payeeKind: "shop" as const, payeeId: payee.retailerId }
      : { payeeKind: "platform" as const, payeeId: null };

export function payeeOf(row: { payeeKind: string; payeeId: string | null }): Payee {
  if (row.payeeKind === "member") return { kind: "member", userId: row.payeeId! };
  if (row.payeeKind === "shop") return { kind: "shop", retailerId: row.payeeId! };
  return PLATFORM;
}

const errorText = (error: unknown) => (isStripeError(error) ? error.message : String(error));

// ---------------------------------------------------------------------------------------------
// Requests that carry a key but move no money yet.

type SessionParams = Parameters<StripeClient["checkout"]["sessions"]["create"]>[0];

export function createCheckoutSession(stripe: StripeClient, orderId: string, params: SessionParams) {
  return stripe.checkout.sessions.create(params, {
    idempotencyKey: moneyKey({ orderId, payee: PLATFORM, purpose: "checkout" }),
  });
}

type AccountParams = Parameters<StripeClient["accounts"]["create"]>[0];

/** One Express account per member or shop, however often onboarding is started. */
export function createConnectedAccount(
  stripe: StripeClient,
  owner: Exclude<Payee, { kind: "platform" }>,
  params: AccountParams,
) {
  const key =
    owner.kind === "member" ? `connect-account:${owner.userId}` : `connect-account:retailer:${owner.retailerId}`;
  return stripe.accounts.create(params, { idempotencyKey: key });
}

// ---------------------------------------------------------------------------------------------
// Charges: the buyer's payment, recorded when Stripe tells us it happened.

export async function recordCharge(
  trx: Trx,
  charge: { orderId: string; amountCents: number; chargeId: string },
): Promise<void> {
  if (charge.amountCents <= 0) return;
  const key = moneyKey({ orderId: charge.orderId, payee: PLATFORM, purpose: "charge" });
  await trx
    .insertInto("moneyMovements")
    .values({
      id: newId(),
      orderId: charge.orderId,
      lineKey: null,
      kind: "charge",
      ...payeeColumns(PLATFORM),
      purpose: "charge",
      amountCents: charge.amountCents,
      idempotencyKey: key,
      requestKey: key,
      stripeId: charge.chargeId,
      status: "succeeded",
    })
    .onConflict((conflict) => conflict.column("idempotencyKey").doNothing())
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Refunds, per order line.

export interface PlannedRefund {
  lineKey: string;
  /** Whose share the refund shrinks (the line's payee). */
  payee: Payee;
  amountCents: number;
}

/**
 * Writes pending refund rows in the caller's transaction. `oneRequest`: the lines are paid back
 * by one Stripe refund (a cancellation) rather than one each. A line already planned for this
 * purpose is left as it is (its key is taken), so planning twice plans once.
 */
export async function planRefunds(
  trx: Trx,
  plan: { orderId: string; purpose: Purpose; disputeId?: string; oneRequest?: boolean; lines: PlannedRefund[] },
): Promise<number> {
  const group = moneyKey({ orderId: plan.orderId, payee: PLATFORM, purpose: plan.purpose });
  let planned = 0;
  for (const line of plan.lines) {
    if (line.amountCents <= 0) continue;
    const key = moneyKey({ orderId: plan.orderId, payee: line.payee, purpose: plan.purpose, lineId: line.lineKey });
    const inserted = await trx
      .insertInto("moneyMovements")
      .values({
        id: newId(),
        orderId: plan.orderId,
        lineKey: line.lineKey,
        kind: "refund",
        ...payeeColumns(line.payee),
        purpose: plan.purpose,
        amountCents: line.amountCents,
        idempotencyKey: key,
        requestKey: plan.oneRequest ? group : key,
        status: "pending",
        disputeId: plan.disputeId ?? null,
      })
      .onConflict((conflict) => conflict.column("idempotencyKey").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) planned += 1;
  }
  return planned;
}

export interface SettledRefund {
  stripeRefundId: string;
  amountCents: number;
  lines: { lineKey: string; amountCents: number }[];
}

/**
 * Sends the pending refunds of an order (of one purpose, or of one dispute), one Stripe refund
 * per request key, and marks them succeeded. `onRefunded` runs in the transaction that records a
 * refund (audit rows, a cached refund id), once per refund however often this is run.
 */
export async function sendPendingRefunds(
  db: Db,
  stripe: StripeClient,
  options: {
    orderId: string;
    purpose?: Purpose;
    disputeId?: string;
    lineKey?: string;
    metadata?: Record<string, string>;
    onRefunded?: (trx: Trx, refund: SettledRefund) => Promise<unknown>;
  },
): Promise<SettledRefund[]> {
  let query = db
    .selectFrom("moneyMovements")
    .innerJoin("orders", "orders.id", "moneyMovements.orderId")
    .select([
      "moneyMovements.id",
      "moneyMovements.lineKey",
      "moneyMovements.amountCents",
      "moneyMovements.requestKey",
      "orders.stripePaymentIntentId",
    ])
    .where("moneyMovements.orderId", "=", options.orderId)
    .where("moneyMovements.kind", "=", "refund")
    .where("moneyMovements.status", "=", "pending");
  if (options.purpose) query = query.where("moneyMovements.purpose", "=", options.purpose);
  if (options.disputeId) query = query.where("moneyMovements.disputeId", "=", options.disputeId);
  if (options.lineKey) query = query.where("moneyMovements.lineKey", "=", options.lineKey);
  const pending = await query.orderBy("moneyMovements.lineKey").execute();
  const groups = new Map<string, typeof pending>();
  for (const row of pending) groups.set(row.requestKey, [...(groups.get(row.requestKey) ?? []), row]);

  const settled: SettledRefund[] = [];
  for (const [requestKey, rows] of groups) {
    const paymentIntentId = rows[0]!.stripePaymentIntentId;
    if (!paymentIntentId) throw new Error(`order ${options.orderId} has no payment to refund`);
    const amountCents = rows.reduce((sum, row) => sum + row.amountCents, 0);
    let refund;
    try {
      refund = await stripe.refunds.create(
        {
          payment_intent: paymentIntentId,
          amount: amountCents,
          metadata: {
            orderId: options.orderId,
            ...(options.disputeId ? { disputeId: options.disputeId } : {}),
            ...(rows.length === 1 ? { lineKey: rows[0]!.lineKey! } : {}),
            ...options.metadata,
          },
        },
        { idempotencyKey: requestKey },
      );
    } catch (error) {
      // Still pending: the retry (a job, a rerun) replays the same key.
      await db
        .updateTable("moneyMovements")
        .set({ lastError: errorText(error), updatedAt: new Date() })
        .where("requestKey", "=", requestKey)
        .where("status", "=", "pending")
        .execute();
      throw error;
    }
    const done = await transaction(db, async (trx) => {
      const updated = await trx
        .updateTable("moneyMovements")
        .set({ status: "succeeded", stripeId: refund.id, lastError: null, updatedAt: new Date() })
        .where("requestKey", "=", requestKey)
        .where("status", "=", "pending")
        .returning(["lineKey", "amountCents"])
        .execute();
      if (!updated.length) return null;
      const result: SettledRefund = {
        stripeRefundId: refund.id,
        amountCents: refund.amount,
        lines: updated.map((row) => ({ lineKey: row.lineKey!, amountCents: row.amountCents })),
      };
      await options.onRefunded?.(trx, result);
      return result;
    });
    if (done) settled.push(done);
  }
  return settled;
}

// ---------------------------------------------------------------------------------------------
// Transfers: what a payee is owed (a `payouts` row) and the Stripe transfer that pays it.

/** At completion: the payout owed to a payee, keyed by order, payee and purpose (one per pair). */
export async function planPayout(
  trx: Trx,
  payout: {
    orderId: string;
    payee: Exclude<Payee, { kind: "platform" }>;
    /** The member told about it: the seller, or the shop's owner. */
    notifyUserId: string;
    purpose: "sale" | "service";
    amountCents: number;
  },
): Promise<void> {
  await trx
    .insertInto("payouts")
    .values({
      id: newId(),
      orderId: payout.orderId,
      payeeId: payout.notifyUserId,
      retailerId: payout.payee.kind === "shop" ? payout.payee.retailerId : null,
      purpose: payout.purpose,
      amountCents: payout.amountCents,
      status: "pending",
      idempotencyKey: moneyKey({ orderId: payout.orderId, payee: payout.payee, purpose: payout.purpose }),
    })
    .onConflict((conflict) => conflict.column("idempotencyKey").doNothing())
    .execute();
}

export interface PayoutToSend {
  id: string;
  orderId: string;
  payeeId: string;
  retailerId: string | null;
  purpose: string;
  amountCents: number;
  status: string;
}

export const payoutPayee = (payout: {
  payeeId: string;
  retailerId: string | null;
}): Exclude<Payee, { kind: "platform" }> =>
  payout.retailerId ? { kind: "shop", retailerId: payout.retailerId } : { kind: "member", userId: payout.payeeId };

/** The payouts of an order (what each payee is owed, and whether it was sent). */
export function payoutsOf(db: Executor, orderId: string): Promise<PayoutToSend[]> {
  return db
    .selectFrom("payouts")
    .select(["id", "orderId", "payeeId", "retailerId", "purpose", "amountCents", "status"])
    .where("orderId", "=", orderId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

/**
 * Sends one payout as a Stripe transfer drawn on the order's charge (source_transaction), under
 * the payout's key. The transfer row is written pending first; a failure marks it failed (and
 * the payout's last_error) and the next attempt revives it with the same key.
 */
export async function sendPayout(
  db: Db,
  stripe: StripeClient,
  payout: PayoutToSend,
  destination: { stripeAccountId: string; chargeId: string; currency: string },
): Promise<void> {
  const payee = payoutPayee(payout);
  const key = moneyKey({ orderId: payout.orderId, payee, purpose: payout.purpose as Purpose });
  await db
    .insertInto("moneyMovements")
    .values({
      id: newId(),
      orderId: payout.orderId,
      lineKey: null,
      kind: "transfer",
      ...payeeColumns(payee),
      purpose: payout.purpose,
      amountCents: payout.amountCents,
      idempotencyKey: key,
      requestKey: key,
      status: "pending",
      payoutId: payout.id,
    })
    .onConflict((conflict) =>
      conflict
        .column("idempotencyKey")
        .doUpdateSet({ status: "pending", amountCents: payout.amountCents, updatedAt: new Date() })
        .where("moneyMovements.status", "!=", "succeeded"),
    )
    .execute();
  let transfer;
  try {
    transfer = await stripe.transfers.create(
      {
        amount: payout.amountCents,
        currency: destination.currency,
        destination: destination.stripeAccountId,
        source_transaction: destination.chargeId,
        transfer_group: payout.orderId,
        metadata: { orderId: payout.orderId, payoutId: payout.id, purpose: payout.purpose },
      },
      { idempotencyKey: key },
    );
  } catch (error) {
    await transaction(db, async (trx) => {
      await trx
        .updateTable("moneyMovements")
        .set({ status: "failed", lastError: errorText(error), updatedAt: new Date() })
        .where("idempotencyKey", "=", key)
        .where("status", "=", "pending")
        .execute();
      await trx
        .updateTable("payouts")
        .set({ lastError: errorText(error), updatedAt: new Date() })
        .where("id", "=", payout.id)
        .execute();
    });
    throw error;
  }
  await transaction(db, async (trx) => {
    await trx
      .updateTable("moneyMovements")
      .set({
        status: "succeeded",
        stripeId: transfer.id,
        amountCents: transfer.amount,
        lastError: null,
        updatedAt: new Date(),
      })
      .where("idempotencyKey", "=", key)
      .where("status", "!=", "succeeded")
      .execute();
    await trx
      .updateTable("payouts")
      .set({ status: "paid", stripeTransferId: transfer.id, lastError: null, updatedAt: new Date() })
      .where("id", "=", payout.id)
      .where("status", "!=", "paid")
      .execute();
  });
}

// ---------------------------------------------------------------------------------------------
// Reversals: money taken back from a payee who was already paid.

/** What was transferred for a payout and is still with the payee (transfer − reversals, pending ones too). */
export async function keptOfPayout(db: Executor, payoutId: string): Promise<number> {
  const row = await db
    .selectFrom("moneyMovements")
    .select(
      sql<number>`coalesce(sum(case when kind = 'transfer' and status = 'succeeded' then amount_cents
                                    when kind = 'reversal' and status <> 'failed' then -amount_cents else 0 end), 0)::int`.as(
        "cents",
      ),
    )
    .where("payoutId", "=", payoutId)
    .executeTakeFirstOrThrow();
  return row.cents;
}

export async function planReversal(
  trx: Trx,
  reversal: { orderId: string; payoutId: string; payee: Payee; disputeId: string; amountCents: number },
): Promise<void> {
  const purpose: Purpose = `dispute:${reversal.disputeId}`;
  const key = moneyKey({ orderId: reversal.orderId, payee: reversal.payee, purpose });
  await trx
    .insertInto("moneyMovements")
    .values({
      id: newId(),
      orderId: reversal.orderId,
      lineKey: null,
      kind: "reversal",
      ...payeeColumns(reversal.payee),
      purpose,
      amountCents: reversal.amountCents,
      idempotencyKey: key,
      requestKey: key,
      status: "pending",
      payoutId: reversal.payoutId,
      disputeId: reversal.disputeId,
    })
    .onConflict((conflict) => conflict.column("idempotencyKey").doNothing())
    .execute();
}

export interface SettledReversal {
  stripeReversalId: string;
  stripeTransferId: string;
  payoutId: string;
  payeeId: string;
  amountCents: number;
}

/** Sends a dispute's pending reversals; `onReversed` runs in the transaction that records each. */
export async function sendPendingReversals(
  db: Db,
  stripe: StripeClient,
  options: {
    orderId: string;
    disputeId: string;
    onReversed?: (trx: Trx, reversal: SettledReversal) => Promise<unknown>;
  },
): Promise<void> {
  const pending = await db
    .selectFrom("moneyMovements")
    .innerJoin("payouts", "payouts.id", "moneyMovements.payoutId")
    .select([
      "moneyMovements.id",
      "moneyMovements.amountCents",
      "moneyMovements.requestKey",
      "payouts.id as payoutId",
      "payouts.payeeId",
      "payouts.stripeTransferId",
    ])
    .where("moneyMovements.orderId", "=", options.orderId)
    .where("moneyMovements.disputeId", "=", options.disputeId)
    .where("moneyMovements.kind", "=", "reversal")
    .where("moneyMovements.status", "=", "pending")
    .execute();
  for (const row of pending) {
    let reversal;
    try {
      reversal = await stripe.transfers.createReversal(
        row.stripeTransferId!,
        {
          amount: row.amountCents,
          metadata: { orderId: options.orderId, disputeId: options.disputeId, payoutId: row.payoutId },
        },
        { idempotencyKey: row.requestKey },
      );
    } catch (error) {
      await db
        .updateTable("moneyMovements")
        .set({ lastError: errorText(error), updatedAt: new Date() })
        .where("id", "=", row.id)
        .execute();
      throw error;
    }
    await transaction(db, async (trx) => {
      const done = await trx
        .updateTable("moneyMovements")
        .set({ status: "succeeded", stripeId: reversal.id, lastError: null, updatedAt: new Date() })
        .where("id", "=", row.id)
        .where("status", "=", "pending")
        .returning("id")
        .executeTakeFirst();
      if (done)
        await options.onReversed?.(trx, {
          stripeReversalId: reversal.id,
          stripeTransferId: row.stripeTransferId!,
          payoutId: row.payoutId,
          payeeId: row.payeeId,
          amountCents: row.amountCents,
        });
    });
  }
}

export type { MoneyMovementKind };
