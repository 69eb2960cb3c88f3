/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Safe meetup spots (issue #15). Admins curate public spots (meetup_spots: a name, the area and
 * hours as text, and an approximate point from a place or ZIP, like listings); a verified shop can
 * declare itself a spot (retailers.meetup_spot). A paid pickup order's parties choose one spot
 * (order_meetup_spots: one row per order, either a curated spot or a shop).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("meetup_spots")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("area", "text", (col) => col.notNull())
    .addColumn("hours", "text", (col) => col.notNull())
    .addColumn("place_name", "text", (col) => col.notNull())
    .addColumn("latitude", "double precision", (col) => col.notNull())
    .addColumn("longitude", "double precision", (col) => col.notNull())
    .addColumn("active", "boolean", (col) => col.notNull().defaultTo(true))
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("meetup_spots_active_location")
    .on("meetup_spots")
    .columns(["latitude", "longitude"])
    .where(sql.ref("active"), "=", true)
    .execute();
  await db.schema
    .alterTable("retailers")
    .addColumn("meetup_spot", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable("order_meetup_spots")
    .addColumn("order_id", "text", (col) => col.primaryKey().references("orders.id").onDelete("cascade"))
    .addColumn("meetup_spot_id", "text", (col) => col.references("meetup_spots.id").onDelete("cascade"))
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("cascade"))
    .addColumn("chosen_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("chosen_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("order_meetup_spots_one_place", sql`(meetup_spot_id is null) <> (retailer_id is null)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("order_meetup_spots").execute();
  await db.schema.alterTable("retailers").dropColumn("meetup_spot").execute();
  await db.schema.dropTable("meetup_spots").execute();
}
