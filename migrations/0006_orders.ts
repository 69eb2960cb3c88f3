/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One order per checkout attempt. Money is integer cents in the platform currency.
  await db.schema
    .createTable("orders")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("restrict"))
    .addColumn("buyer_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("seller_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("delivery", "text", (col) => col.notNull().check(sql`delivery in ('pickup', 'shipping')`))
    .addColumn("ship_name", "text")
    .addColumn("ship_line1", "text")
    .addColumn("ship_line2", "text")
    .addColumn("ship_city", "text")
    .addColumn("ship_region", "text")
    .addColumn("ship_postal_code", "text")
    .addColumn("ship_country", "text")
    .addColumn("tracking_number", "text")
    .addColumn("item_cents", "integer", (col) => col.notNull().check(sql`item_cents >= 0`))
    .addColumn("shipping_cents", "integer", (col) => col.notNull().check(sql`shipping_cents >= 0`))
    .addColumn("total_cents", "integer", (col) => col.notNull().check(sql`total_cents > 0`))
    .addColumn("platform_fee_cents", "integer", (col) =>
      col.notNull().check(sql`platform_fee_cents >= 0 and platform_fee_cents <= total_cents`),
    )
    .addColumn("currency", "text", (col) => col.notNull().defaultTo("usd"))
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("stripe_checkout_session_id", "text", (col) => col.unique())
    .addColumn("stripe_payment_intent_id", "text")
    .addColumn("stripe_charge_id", "text")
    .addColumn("stripe_refund_id", "text")
    .addColumn("refunded_cents", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("paid_at", "timestamptz")
    .addColumn("shipped_at", "timestamptz")
    .addColumn("received_at", "timestamptz")
    .addColumn("completed_at", "timestamptz")
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("orders_total_adds_up", sql`total_cents = item_cents + shipping_cents`)
    .execute();
  await db.schema.createIndex("orders_buyer_idx").on("orders").columns(["buyer_id", "created_at"]).execute();
  await db.schema.createIndex("orders_seller_idx").on("orders").columns(["seller_id", "created_at"]).execute();
  await db.schema.createIndex("orders_listing_idx").on("orders").column("listing_id").execute();

  await db.schema
    .createTable("order_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("cascade"))
    // null: the system (a webhook or a job)
    .addColumn("actor_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("event", "text", (col) => col.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("order_events_order_idx")
    .on("order_events")
    .columns(["order_id", "created_at"])
    .execute();

  // Money leaving the platform account to a member (Stripe transfers: separate charges and transfers).
  await db.schema
    .createTable("payouts")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("payee_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("purpose", "text", (col) => col.notNull())
    .addColumn("amount_cents", "integer", (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn("stripe_transfer_id", "text", (col) => col.unique())
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('pending', 'paid', 'waiting_for_account')`),
    )
    .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("payouts_payee_idx").on("payouts").columns(["payee_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("payouts").execute();
  await db.schema.dropTable("order_events").execute();
  await db.schema.dropTable("orders").execute();
}
