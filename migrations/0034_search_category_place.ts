/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * A search for a word in a category near a place (ADR 046): the category's listings inside the
 * place's latitude/longitude box are a few thousand at most, so search walks this index and checks
 * the words on those rows instead of intersecting with the word's whole posting list (tens of
 * thousands of rows for "bike").
 *
 * The full-text index also stops deferring its updates (`fastupdate = off`): with it on, new
 * entries wait in a pending list that every search scans in full until a VACUUM merges it, and
 * the embedded PGlite has no autovacuum, so the list only ever grew to its 4 MB limit (at 100,000
 * listings a search's index scan took 82 ms with it and 1.1 ms after merging). Inserting a listing
 * updates its ~20 index entries at once instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index listings_active_category_geo_idx on listings (category_id, latitude, longitude) where status = 'active'`.execute(
    db,
  );
  await sql`alter index listings_search_vector_idx set (fastupdate = off)`.execute(db);
  await sql`select gin_clean_pending_list('listings_search_vector_idx')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter index listings_search_vector_idx reset (fastupdate)`.execute(db);
  await sql`drop index if exists listings_active_category_geo_idx`.execute(db);
}
