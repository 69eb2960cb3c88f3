/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // A member's Stripe Connect (Express) account: a cache of what Stripe says, refreshed by
  // account.updated webhooks and when the member returns from onboarding.
  await db.schema
    .createTable("payout_accounts")
    .addColumn("user_id", "text", (col) => col.primaryKey().references("users.id").onDelete("restrict"))
    .addColumn("stripe_account_id", "text", (col) => col.notNull().unique())
    .addColumn("details_submitted", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("charges_enabled", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("payouts_enabled", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // Each Stripe event is processed once: its id is stored in the same transaction as its effect.
  await db.schema
    .createTable("stripe_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("type", "text", (col) => col.notNull())
    .addColumn("outcome", "text", (col) => col.notNull())
    .addColumn("received_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stripe_events").execute();
  await db.schema.dropTable("payout_accounts").execute();
}
