/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * A search for a word in a category near a place (ADR 046): the category's listings inside the
 * place's latitude/longitude box are a few thousand at most, so search walks this index and checks
 * the words on those rows instead of intersecting with the word's whole posting list (tens of
 * thousands of rows for "bike").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index listings_active_category_geo_idx on listings (category_id, latitude, longitude) where status = 'active'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists listings_active_category_geo_idx`.execute(db);
}
