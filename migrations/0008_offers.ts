/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // A negotiation between one buyer and the seller of one listing. Money is integer cents.
  await db.schema
    .createTable("offers")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("buyer_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("seller_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .check(
          sql`status in ('pending', 'countered', 'accepted', 'declined', 'withdrawn', 'expired', 'purchased', 'closed')`,
        ),
    )
    // What the buyer offered, the seller's counter (if any), and the price both agreed on (once accepted).
    .addColumn("amount_cents", "integer", (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn("counter_cents", "integer", (col) => col.check(sql`counter_cents > amount_cents`))
    .addColumn("agreed_cents", "integer", (col) => col.check(sql`agreed_cents > 0`))
    // When the current open state lapses (pending/countered: 48 h; accepted: 24 h to check out).
    .addColumn("expires_at", "timestamptz")
    .addColumn("accepted_at", "timestamptz")
    // Why a negotiation ended without a sale: sold, archived, removed, …
    .addColumn("closed_reason", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // One open negotiation per buyer per listing, enforced by the database as well as the module.
  await sql`create unique index offers_one_open_idx on offers (listing_id, buyer_id)
    where status in ('pending', 'countered', 'accepted')`.execute(db);
  await db.schema.createIndex("offers_buyer_idx").on("offers").columns(["buyer_id", "created_at"]).execute();
  await db.schema.createIndex("offers_seller_idx").on("offers").columns(["seller_id", "created_at"]).execute();
  await sql`create index offers_expiry_idx on offers (expires_at)
    where status in ('pending', 'countered', 'accepted')`.execute(db);

  await db.schema
    .createTable("offer_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("offer_id", "text", (col) => col.notNull().references("offers.id").onDelete("cascade"))
    // null: the system (the expiry job, a sale or a listing change)
    .addColumn("actor_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("event", "text", (col) => col.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (col) => col.notNull())
    .addColumn("amount_cents", "integer")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("offer_events_offer_idx")
    .on("offer_events")
    .columns(["offer_id", "created_at"])
    .execute();

  // Which accepted offer an order was bought at (null: the listed price).
  await db.schema
    .alterTable("orders")
    .addColumn("offer_id", "text", (col) => col.references("offers.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("orders").dropColumn("offer_id").execute();
  await db.schema.dropTable("offer_events").execute();
  await db.schema.dropTable("offers").execute();
}
