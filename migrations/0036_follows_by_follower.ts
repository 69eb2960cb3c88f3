/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * "How many does this member follow", asked on every feed page: both per-follower indexes are
 * partial (member targets, shop targets), so neither can answer a count over all of a member's
 * follows and PostgreSQL scanned the whole table (70 ms at 100,000 follows, three times per page).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index follows_follower_idx on follows (follower_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists follows_follower_idx`.execute(db);
}
