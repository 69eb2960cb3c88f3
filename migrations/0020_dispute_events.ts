/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

// A dispute's status changes (opened, decided, resolved), one row each, like order_events: the
// admin case page shows them in its timeline. Cases opened before this migration have no rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("dispute_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("dispute_id", "text", (col) => col.notNull().references("disputes.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("event", "text", (col) => col.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("dispute_events_dispute_idx")
    .on("dispute_events")
    .columns(["dispute_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dispute_events").execute();
}
