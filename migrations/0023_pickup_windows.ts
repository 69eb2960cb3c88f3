/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Pickup time windows (issue #15): one row per proposed window of a pickup order. A proposal is
 * the order's rows with status 'proposed'; proposing again withdraws them; picking one makes it
 * 'agreed' and withdraws the rest. The two reminder columns record that a reminder went out, so
 * a rerun of its job sends nothing twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pickup_windows")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("proposed_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("starts_at", "timestamptz", (col) => col.notNull())
    .addColumn("ends_at", "timestamptz", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull().defaultTo("proposed"))
    .addColumn("day_reminder_sent_at", "timestamptz")
    .addColumn("hour_reminder_sent_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("pickup_windows_status", sql`status in ('proposed', 'agreed', 'withdrawn')`)
    .addCheckConstraint("pickup_windows_order", sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex("pickup_windows_order_id").on("pickup_windows").columns(["order_id", "status"]).execute();
  // At most one agreed window per order.
  await sql`create unique index pickup_windows_one_agreed on pickup_windows (order_id) where status = 'agreed'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pickup_windows").execute();
}
