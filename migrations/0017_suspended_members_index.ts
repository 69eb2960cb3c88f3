/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

// Every public listing query hides suspended members' listings with `not exists (… users where
// suspended_at is not null)` (app/modules/listings/visibility.server.ts). PostgreSQL plans that as
// an anti join against the suspended members, which it found by reading the whole users table on
// every search and listing page. Suspended members are few: this index holds only them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index users_suspended_idx on users (id) where suspended_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists users_suspended_idx`.execute(db);
}
