/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * The feed's "recent first" plan for members with many follows (ADR 042): walk the newest active
 * listings and price drops in the feed's own order (time, then id as bytes) and keep those of
 * followed sellers. The indexes match that order exactly (`collate "C"`), so the walk stops after
 * a few rows with no sort, the same on every database collation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index listings_active_recent_c_idx on listings (published_at desc, (id collate "C") desc) where status = 'active'`.execute(
    db,
  );
  await sql`create index listing_price_changes_drops_recent_c_idx on listing_price_changes (changed_at desc, (id collate "C") desc) where to_cents < from_cents`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists listing_price_changes_drops_recent_c_idx`.execute(db);
  await sql`drop index if exists listings_active_recent_c_idx`.execute(db);
}
