/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * The live stream's event log (ADR 045): what each member's open tabs are told (a new message, a
 * conversation read, a new notification), in the order the database numbered them, so a tab that
 * reconnects with `Last-Event-ID` is sent what it missed. Rows are signals, not content (ids, no
 * message text), and the hourly sweep drops those older than a day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table live_events (
    id bigint generated always as identity primary key,
    user_id text not null references users (id) on delete cascade,
    kind text not null,
    data jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index live_events_user_id_idx on live_events (user_id, id)`.execute(db);
  await sql`create index live_events_created_at_idx on live_events (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists live_events`.execute(db);
}
