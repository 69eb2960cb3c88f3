/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * The pickup handover code (ADR 032). One row per pickup order, written when its buyer's code is
 * first issued: only HMACs of the 6-digit code and of the QR link's token are stored, with the
 * wrong tries counted in the same row, and who handed the item over, when and how.
 * app_secrets gains the handover key, used when no HANDOVER_SECRET (or SESSION_SECRET) is configured.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("order_handovers")
    .addColumn("order_id", "text", (col) => col.primaryKey().references("orders.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (col) => col.notNull())
    .addColumn("link_hash", "text", (col) => col.notNull())
    .addColumn("failed_attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("handed_over_at", "timestamptz")
    .addColumn("handed_over_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("method", "text")
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("order_handovers_method", sql`method is null or method in ('code', 'link', 'shop')`)
    .execute();
  // The handover key when none is configured, beside the unsubscribe key (0002).
  await sql`insert into app_secrets (name, value)
    values ('handover', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    on conflict (name) do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from app_secrets where name = 'handover'`.execute(db);
  await db.schema.dropTable("order_handovers").execute();
}
