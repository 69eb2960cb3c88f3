import type { ColumnType } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export type PayoutPayeeKind = "member" | "shop";

/**
 * A payee's Stripe Connect (Express) account: a cache of what Stripe says, for a member or a shop
 * (migrations/0021_payout_accounts.ts, ADR 030). Exactly one of userId / retailerId is set, as
 * payeeKind says; one account per payee.
 */
export interface PayoutAccountsTable {
  stripeAccountId: string;
  payeeKind: PayoutPayeeKind;
  userId: NullableText;
  retailerId: NullableText;
  detailsSubmitted: ColumnType<boolean, boolean | undefined, boolean>;
  chargesEnabled: ColumnType<boolean, boolean | undefined, boolean>;
  payoutsEnabled: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  outcome: string;
  receivedAt: CreatedAt;
}

type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export type MoneyMovementKind = "charge" | "refund" | "transfer" | "reversal";
export type MoneyMovementStatus = "pending" | "succeeded" | "failed";
export type PayeeKind = "member" | "shop" | "platform";

/**
 * The money ledger (migrations/0019_money_ledger.ts, ADR 020): one row per movement of money,
 * written only by app/modules/payments/gateway.server.ts.
 */
export interface MoneyMovementsTable {
  id: string;
  orderId: string;
  /** item | shipping | service:<order_services.id>; null for a charge or a transfer. */
  lineKey: NullableText;
  kind: MoneyMovementKind;
  payeeKind: PayeeKind;
  /** The member's or the shop's id; null for the platform. */
  payeeId: NullableText;
  purpose: string;
  amountCents: number;
  idempotencyKey: string;
  /** The Stripe request's key (shared by the lines one refund pays back). */
  requestKey: string;
  stripeId: NullableText;
  status: MoneyMovementStatus;
  payoutId: NullableText;
  disputeId: NullableText;
  lastError: NullableText;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface PaymentsTables {
  moneyMovements: MoneyMovementsTable;
  payoutAccounts: PayoutAccountsTable;
  stripeEvents: StripeEventsTable;
}
