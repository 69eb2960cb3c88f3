import type { ColumnType } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PayoutAccountsTable {
  userId: string;
  stripeAccountId: string;
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

export interface PaymentsTables {
  payoutAccounts: PayoutAccountsTable;
  stripeEvents: StripeEventsTable;
}
