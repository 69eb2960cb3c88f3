/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Following and the neighbourhood feed (issue #16): members follow members and shops; a member
 * may hide their follower list and keeps a feed location and radius for "nearby" items; price
 * changes are recorded per listing (the feed shows drops); price-drop alerts are deduplicated per
 * (member, listing, price); follow notifications wait in `notification_digest_items` for the daily
 * digest email.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("follows")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("follower_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("followed_user_id", "text", (col) => col.references("users.id").onDelete("cascade"))
    .addColumn("followed_retailer_id", "text", (col) => col.references("retailers.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    // Exactly one of the two targets, and never oneself.
    .addCheckConstraint("follows_one_target", sql`(followed_user_id is null) <> (followed_retailer_id is null)`)
    .addCheckConstraint("follows_not_self", sql`followed_user_id is null or followed_user_id <> follower_id`)
    .execute();
  // One row per pair; these also serve "whom do I follow" (the feed's first step).
  await sql`create unique index follows_member_pair_idx on follows (follower_id, followed_user_id) where followed_user_id is not null`.execute(
    db,
  );
  await sql`create unique index follows_retailer_pair_idx on follows (follower_id, followed_retailer_id) where followed_retailer_id is not null`.execute(
    db,
  );
  // The other direction: a member's or shop's followers (lists, counts, the fan-out jobs).
  await sql`create index follows_followed_user_idx on follows (followed_user_id, created_at desc) where followed_user_id is not null`.execute(
    db,
  );
  await sql`create index follows_followed_retailer_idx on follows (followed_retailer_id, created_at desc) where followed_retailer_id is not null`.execute(
    db,
  );

  await db.schema
    .alterTable("users")
    .addColumn("hide_followers", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("feed_place_name", "text")
    .addColumn("feed_latitude", "double precision")
    .addColumn("feed_longitude", "double precision")
    .addColumn("feed_radius_km", "integer", (col) =>
      col
        .notNull()
        .defaultTo(10)
        .check(sql`feed_radius_km between 1 and 200`),
    )
    .execute();

  await db.schema
    .createTable("listing_price_changes")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("cascade"))
    // The listing's seller, copied so the feed finds a followed seller's drops from one index.
    .addColumn("seller_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("from_cents", "integer", (col) => col.notNull())
    .addColumn("to_cents", "integer", (col) => col.notNull())
    .addColumn("changed_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index listing_price_changes_listing_idx on listing_price_changes (listing_id, changed_at desc)`.execute(
    db,
  );
  await sql`create index listing_price_changes_seller_drops_idx on listing_price_changes (seller_id, changed_at desc) where to_cents < from_cents`.execute(
    db,
  );

  await db.schema
    .createTable("price_drop_alerts")
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("price_cents", "integer", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("price_drop_alerts_pkey", ["user_id", "listing_id", "price_cents"])
    .execute();
  await db.schema.createIndex("price_drop_alerts_listing_idx").on("price_drop_alerts").column("listing_id").execute();

  await db.schema
    .createTable("notification_digest_items")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("url", "text")
    .addColumn("dedupe_key", "text", (col) => col.unique())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    // Set, with the digest email's outbox id, in the transaction that writes that email.
    .addColumn("digested_at", "timestamptz")
    .addColumn("outbox_id", "text")
    .execute();
  await sql`create index notification_digest_items_pending_idx on notification_digest_items (user_id, created_at) where digested_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notification_digest_items").execute();
  await db.schema.dropTable("price_drop_alerts").execute();
  await db.schema.dropTable("listing_price_changes").execute();
  await db.schema
    .alterTable("users")
    .dropColumn("hide_followers")
    .dropColumn("feed_place_name")
    .dropColumn("feed_latitude")
    .dropColumn("feed_longitude")
    .dropColumn("feed_radius_km")
    .execute();
  await db.schema.dropTable("follows").execute();
}
