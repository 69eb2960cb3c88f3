/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Retailers as community members (issue 5, first half): retailer pages, their staff and
 * invitations, their payout accounts, the services they sell, and the service lines of orders.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("retailers")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("owner_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("slug", "text", (col) => col.notNull().unique())
    .addColumn("description", "text", (col) => col.notNull())
    .addColumn("logo_key", "text")
    // Only the centre of the address area (a postal code or town), as for listings.
    .addColumn("place_name", "text", (col) => col.notNull())
    .addColumn("latitude", "double precision", (col) => col.notNull())
    .addColumn("longitude", "double precision", (col) => col.notNull())
    .addColumn("service_radius_km", "integer", (col) => col.notNull().check(sql`service_radius_km between 1 and 500`))
    .addColumn("opening_hours", "text", (col) => col.notNull())
    .addColumn("website", "text")
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'verified', 'rejected')`),
    )
    .addColumn("decided_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("rejection_reason", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("retailers_status_idx").on("retailers").columns(["status", "created_at"]).execute();

  await db.schema
    .createTable("retailer_staff")
    .addColumn("retailer_id", "text", (col) => col.notNull().references("retailers.id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull().check(sql`role in ('owner', 'staff')`))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("retailer_staff_pk", ["retailer_id", "user_id"])
    .execute();
  await db.schema.createIndex("retailer_staff_user_idx").on("retailer_staff").column("user_id").execute();

  // Only the SHA-256 of the emailed token is stored (as for account tokens).
  await db.schema
    .createTable("retailer_invites")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("retailer_id", "text", (col) => col.notNull().references("retailers.id").onDelete("cascade"))
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("invited_by", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("accepted_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("accepted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // The retailer's own Stripe Connect account (not its owner's personal one).
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

  await db.schema
    .createTable("services")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("retailer_id", "text", (col) => col.notNull().references("retailers.id").onDelete("cascade"))
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull())
    .addColumn("price_cents", "integer", (col) => col.notNull().check(sql`price_cents > 0`))
    .addColumn("performed_at", "text", (col) =>
      col.notNull().check(sql`performed_at in ('shop', 'buyer', 'pickup_deliver')`),
    )
    .addColumn("lead_days", "integer", (col) => col.notNull().check(sql`lead_days between 0 and 60`))
    .addColumn("kind", "text", (col) =>
      col
        .notNull()
        .defaultTo("standard")
        .check(sql`kind in ('standard', 'inspection', 'handoff')`),
    )
    .addColumn("active", "boolean", (col) => col.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("services_retailer_idx").on("services").column("retailer_id").execute();

  await db.schema
    .createTable("service_categories")
    .addColumn("service_id", "text", (col) => col.notNull().references("services.id").onDelete("cascade"))
    .addColumn("category_id", "text", (col) => col.notNull().references("categories.id").onDelete("restrict"))
    .addPrimaryKeyConstraint("service_categories_pk", ["service_id", "category_id"])
    .execute();
  await db.schema
    .createIndex("service_categories_category_idx")
    .on("service_categories")
    .column("category_id")
    .execute();

  // One line per add-on, priced (and its fee fixed) at the moment of purchase.
  await db.schema
    .createTable("order_services")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("service_id", "text", (col) => col.notNull().references("services.id").onDelete("restrict"))
    .addColumn("retailer_id", "text", (col) => col.notNull().references("retailers.id").onDelete("restrict"))
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("performed_at", "text", (col) => col.notNull())
    .addColumn("lead_days", "integer", (col) => col.notNull())
    .addColumn("price_cents", "integer", (col) => col.notNull().check(sql`price_cents > 0`))
    .addColumn("platform_fee_cents", "integer", (col) =>
      col.notNull().check(sql`platform_fee_cents >= 0 and platform_fee_cents <= price_cents`),
    )
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("requested")
        .check(sql`status in ('requested', 'accepted', 'dropped_off', 'declined', 'done', 'failed', 'cancelled')`),
    )
    .addColumn("refunded_cents", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("stripe_refund_id", "text")
    .addColumn("decided_at", "timestamptz")
    .addColumn("done_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("order_services_refund_within_price", sql`refunded_cents between 0 and price_cents`)
    .execute();
  await db.schema.createIndex("order_services_order_idx").on("order_services").column("order_id").execute();
  await db.schema
    .createIndex("order_services_retailer_idx")
    .on("order_services")
    .columns(["retailer_id", "created_at"])
    .execute();

  await db.schema
    .createTable("order_service_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_service_id", "text", (col) => col.notNull().references("order_services.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("event", "text", (col) => col.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // The order's total now includes its add-ons.
  await db.schema
    .alterTable("orders")
    .addColumn("services_cents", "integer", (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`services_cents >= 0`),
    )
    .execute();
  await sql`alter table orders drop constraint orders_total_adds_up`.execute(db);
  await sql`alter table orders add constraint orders_total_adds_up check (total_cents = item_cents + shipping_cents + services_cents)`.execute(
    db,
  );

  // A payout to a retailer goes to the retailer's account; payee_id is its owner (who is told).
  await db.schema
    .alterTable("payouts")
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("restrict"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("payouts").dropColumn("retailer_id").execute();
  await sql`alter table orders drop constraint orders_total_adds_up`.execute(db);
  await db.schema.alterTable("orders").dropColumn("services_cents").execute();
  await sql`alter table orders add constraint orders_total_adds_up check (total_cents = item_cents + shipping_cents)`.execute(
    db,
  );
  await db.schema.dropTable("order_service_events").execute();
  await db.schema.dropTable("order_services").execute();
  await db.schema.dropTable("service_categories").execute();
  await db.schema.dropTable("services").execute();
  await db.schema.dropTable("retailer_payout_accounts").execute();
  await db.schema.dropTable("retailer_invites").execute();
  await db.schema.dropTable("retailer_staff").execute();
  await db.schema.dropTable("retailers").execute();
}
