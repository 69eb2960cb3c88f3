/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // The listing as the buyer saw it when they bought it (title, description, condition, price,
  // category, photo keys): an admin deciding a dispute must see that, not today's edited listing.
  // A table of its own rather than a column on orders, so no other table changes shape.
  await db.schema
    .createTable("order_listing_snapshots")
    .addColumn("order_id", "text", (col) => col.primaryKey().references("orders.id").onDelete("cascade"))
    .addColumn("snapshot", "jsonb", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // A case on an order: opened by the buyer, or by a chargeback (charge.dispute.created).
  await db.schema
    .createTable("disputes")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("source", "text", (col) => col.notNull().check(sql`source in ('buyer', 'chargeback')`))
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('open', 'resolving', 'resolved')`))
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("opened_by", "text", (col) => col.references("users.id").onDelete("set null"))
    // The order's status before it was frozen (the window and the resolution depend on it).
    .addColumn("order_status_before", "text", (col) => col.notNull())
    .addColumn("assigned_admin_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("stripe_dispute_id", "text", (col) => col.unique())
    .addColumn("stripe_status", "text")
    .addColumn("evidence_due_by", "timestamptz")
    .addColumn("resolution", "jsonb")
    .addColumn("resolved_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("resolved_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // One open case per order, enforced by the database (two concurrent openings: one wins).
  await sql`create unique index disputes_one_open_per_order on disputes (order_id) where status <> 'resolved'`.execute(
    db,
  );
  await db.schema.createIndex("disputes_queue_idx").on("disputes").columns(["status", "created_at"]).execute();

  // The thread: statements by the parties and admins, each with optional photos.
  await db.schema
    .createTable("dispute_messages")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("dispute_id", "text", (col) => col.notNull().references("disputes.id").onDelete("cascade"))
    .addColumn("author_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("author_role", "text", (col) => col.notNull())
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema
    .createIndex("dispute_messages_dispute_idx")
    .on("dispute_messages")
    .columns(["dispute_id", "created_at"])
    .execute();
  await db.schema
    .createTable("dispute_photos")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("message_id", "text", (col) => col.notNull().references("dispute_messages.id").onDelete("cascade"))
    .addColumn("storage_key", "text", (col) => col.notNull())
    .addColumn("width", "integer", (col) => col.notNull())
    .addColumn("height", "integer", (col) => col.notNull())
    .execute();

  // Money back to the buyer, per order line. A row is written (pending) before Stripe is called,
  // with the idempotency key the call uses; a retry finds the row and replays the same key.
  await db.schema
    .createTable("order_line_refunds")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("line_key", "text", (col) => col.notNull())
    .addColumn("dispute_id", "text", (col) => col.references("disputes.id").onDelete("restrict"))
    .addColumn("amount_cents", "integer", (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('pending', 'succeeded')`))
    // Not unique: a cancellation's one full refund covers every line.
    .addColumn("stripe_refund_id", "text")
    .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("order_line_refunds_order_idx").on("order_line_refunds").column("order_id").execute();

  // Money taken back from a payee who was already paid (Stripe transfer reversals).
  await db.schema
    .createTable("payout_reversals")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("payout_id", "text", (col) => col.notNull().references("payouts.id").onDelete("restrict"))
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("dispute_id", "text", (col) => col.references("disputes.id").onDelete("restrict"))
    .addColumn("amount_cents", "integer", (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('pending', 'succeeded')`))
    .addColumn("stripe_reversal_id", "text", (col) => col.unique())
    .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("payout_reversals_order_idx").on("payout_reversals").column("order_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("payout_reversals").execute();
  await db.schema.dropTable("order_line_refunds").execute();
  await db.schema.dropTable("dispute_photos").execute();
  await db.schema.dropTable("dispute_messages").execute();
  await db.schema.dropTable("disputes").execute();
  await db.schema.dropTable("order_listing_snapshots").execute();
}
