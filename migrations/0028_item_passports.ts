/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * The item passport (issue #19): an item's identity that survives relisting, and its history on
 * Stoop. `item_passports` is the item; a listing points at its passport (`listings.passport_id`,
 * null until something happens to the item through Stoop). `passport_entries` are written only by
 * the effects of a shop's service line moving to done (a service, an inspection passed, a handoff
 * collected) and of an order completing (a change of owner), never by a member's form. An admin
 * may strike an entry made in error: it stays, with removed_at/removed_by/removal_reason, and the
 * audit log records it. "Sell this again" makes a listing from a completed order
 * (`listings.relisted_from_order_id`, unique: once per order).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("item_passports")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("passport_entries")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("passport_id", "text", (col) => col.notNull().references("item_passports.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('service', 'inspection', 'handoff', 'sale')`))
    // The shop that did the service (null for a sale between members).
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("set null"))
    // The service's title as sold ("Tune-up"), or the listing's title for a sale.
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("listing_id", "text", (col) => col.references("listings.id").onDelete("set null"))
    .addColumn("order_id", "text", (col) => col.references("orders.id").onDelete("set null"))
    .addColumn("order_service_id", "text", (col) => col.references("order_services.id").onDelete("set null"))
    .addColumn("at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("removed_at", "timestamptz")
    .addColumn("removed_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("removal_reason", "text")
    .execute();
  // One entry per service line and one sale entry per order, however often an effect runs.
  await sql`create unique index passport_entries_service_line_uq on passport_entries (order_service_id) where order_service_id is not null`.execute(
    db,
  );
  await sql`create unique index passport_entries_sale_uq on passport_entries (order_id) where kind = 'sale'`.execute(
    db,
  );
  await sql`create index passport_entries_passport_idx on passport_entries (passport_id, at)`.execute(db);
  // The search filter "inspected": an index-only probe per candidate listing.
  await sql`create index passport_entries_inspected_idx on passport_entries (passport_id) where kind = 'inspection' and removed_at is null`.execute(
    db,
  );
  await db.schema
    .alterTable("listings")
    .addColumn("passport_id", "text", (col) => col.references("item_passports.id").onDelete("set null"))
    .addColumn("relisted_from_order_id", "text", (col) => col.references("orders.id").onDelete("set null"))
    .execute();
  await sql`create index listings_passport_idx on listings (passport_id) where passport_id is not null`.execute(db);
  await sql`create unique index listings_relisted_from_order_uq on listings (relisted_from_order_id) where relisted_from_order_id is not null`.execute(
    db,
  );
  // Price guidance: sold listings of a category and condition, near a point; their completed orders.
  await sql`create index listings_sold_guidance_idx on listings (category_id, condition, latitude, longitude) where status = 'sold'`.execute(
    db,
  );
  await sql`create index orders_completed_listing_idx on orders (listing_id, completed_at) where status = 'completed'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists orders_completed_listing_idx`.execute(db);
  await sql`drop index if exists listings_sold_guidance_idx`.execute(db);
  await sql`drop index if exists listings_relisted_from_order_uq`.execute(db);
  await sql`drop index if exists listings_passport_idx`.execute(db);
  await db.schema.alterTable("listings").dropColumn("relisted_from_order_id").dropColumn("passport_id").execute();
  await db.schema.dropTable("passport_entries").execute();
  await db.schema.dropTable("item_passports").execute();
}
