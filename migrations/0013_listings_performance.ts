/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

// The listing page's seller card counts the seller's active listings and shows their four newest
// ("more from this seller"). With this index both read a few index entries instead of fetching
// every one of the seller's listings from the heap (docs/decisions/015-search-performance.md).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index listings_active_seller_idx on listings (seller_id, published_at desc, id) where status = 'active'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists listings_active_seller_idx`.execute(db);
}
