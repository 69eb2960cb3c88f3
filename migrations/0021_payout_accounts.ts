/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * One table of Stripe Connect accounts keyed by payee (ADR 030): members' accounts were in
 * payout_accounts (keyed by user, 0005) and shops' in retailer_payout_accounts (0009), two copies
 * of the same cache. payout_accounts gains the payee's kind and a retailer_id, exactly one of
 * user_id / retailer_id is set, each payee has at most one account, and the Stripe account id
 * (what account.updated names) becomes the key. The shops' rows move in; their table goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payout_accounts drop constraint payout_accounts_pkey`.execute(db);
  await sql`alter table payout_accounts alter column user_id drop not null`.execute(db);
  await db.schema
    .alterTable("payout_accounts")
    .addColumn("payee_kind", "text", (col) => col.notNull().defaultTo("member"))
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("restrict"))
    .execute();
  await sql`alter table payout_accounts alter column payee_kind drop default`.execute(db);
  await sql`alter table payout_accounts add constraint payout_accounts_one_payee check (
    (payee_kind = 'member' and user_id is not null and retailer_id is null) or
    (payee_kind = 'shop' and retailer_id is not null and user_id is null))`.execute(db);
  // The Stripe account id was already unique; it becomes the primary key.
  await sql`alter table payout_accounts drop constraint payout_accounts_stripe_account_id_key`.execute(db);
  await sql`alter table payout_accounts add primary key (stripe_account_id)`.execute(db);
  // One account per payee (NULLs are distinct, so members and shops don't collide).
  await db.schema.createIndex("payout_accounts_user_idx").unique().on("payout_accounts").column("user_id").execute();
  await db.schema
    .createIndex("payout_accounts_retailer_idx")
    .unique()
    .on("payout_accounts")
    .column("retailer_id")
    .execute();

  await sql`insert into payout_accounts
              (payee_kind, retailer_id, stripe_account_id, details_submitted, charges_enabled, payouts_enabled, created_at, updated_at)
            select 'shop', retailer_id, stripe_account_id, details_submitted, charges_enabled, payouts_enabled, created_at, updated_at
            from retailer_payout_accounts`.execute(db);
  await db.schema.dropTable("retailer_payout_accounts").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("retailer_payout_accounts")
    .addColumn("retailer_id", "text", (col) => col.primaryKey().references("retailers.id").onDelete("restrict"))
    .addColumn("stripe_account_id", "text", (col) => col.notNull().unique())
    .addColumn("details_submitted", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("charges_enabled", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("payouts_enabled", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into retailer_payout_accounts
              (retailer_id, stripe_account_id, details_submitted, charges_enabled, payouts_enabled, created_at, updated_at)
            select retailer_id, stripe_account_id, details_submitted, charges_enabled, payouts_enabled, created_at, updated_at
            from payout_accounts where payee_kind = 'shop'`.execute(db);
  await sql`delete from payout_accounts where payee_kind = 'shop'`.execute(db);

  await db.schema.dropIndex("payout_accounts_retailer_idx").execute();
  await db.schema.dropIndex("payout_accounts_user_idx").execute();
  await sql`alter table payout_accounts drop constraint payout_accounts_pkey`.execute(db);
  await sql`alter table payout_accounts add constraint payout_accounts_stripe_account_id_key unique (stripe_account_id)`.execute(
    db,
  );
  await sql`alter table payout_accounts drop constraint payout_accounts_one_payee`.execute(db);
  await db.schema.alterTable("payout_accounts").dropColumn("retailer_id").dropColumn("payee_kind").execute();
  await sql`alter table payout_accounts alter column user_id set not null`.execute(db);
  await sql`alter table payout_accounts add primary key (user_id)`.execute(db);
}
