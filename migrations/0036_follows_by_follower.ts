/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * "How many does this member follow", asked on every feed page: both per-follower indexes are
 * partial (member targets, shop targets), so neither can answer a count over all of a member's
 * follows and PostgreSQL scanned the whole table (70 ms at 100,000 follows, three times per page).
 * With the followed member as second column the same index also answers the feed walk's "is this
 * seller followed" probe exactly, from the index alone (the planner preferred the followed
 * member's index and filtered ~20 rows per probe).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index follows_follower_idx on follows (follower_id, followed_user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists follows_follower_idx`.execute(db);
}
