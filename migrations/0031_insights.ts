/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Insights for shops (issue #19, ADR 047). Raw events (`search_events`, `addon_events`) are written
 * by the search page, the listing page and checkout; the `insights-rollup` job folds new events
 * (past `insight_watermarks`) into per-day rows (`*_rollup_days`, one per day, cell and counting
 * key, so distinct members can still be counted over 30 or 90 days) and then recomputes each
 * shop's figures (`shop_insights`) with the k-anonymity rule applied in that query. Pages read
 * only `shop_insights`.
 *
 * No exact place is stored: a search keeps the centre of its 0.1° cell (~11 km by ~8 km here).
 * A member's events carry their id (for opt-out, export and erasure; cascade on delete); an
 * anonymous visitor's carry a key that is a hash of the address, browser and day, so it cannot
 * follow anyone across days.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("exclude_from_insights", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();

  await sql`create table search_events (
    id bigint generated always as identity primary key,
    searched_at timestamptz not null default now(),
    term text not null default '' check (length(term) <= 60),
    category_id text not null default '',
    cell_lat real not null,
    cell_lon real not null,
    result_bucket text not null check (result_bucket in ('none', 'few', 'some')),
    member_id text references users (id) on delete cascade,
    visitor_key text,
    check ((member_id is null) <> (visitor_key is null))
  )`.execute(db);
  await sql`create index search_events_member_idx on search_events (member_id) where member_id is not null`.execute(db);

  await sql`create table addon_events (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    kind text not null check (kind in ('shown', 'ticked')),
    service_id text not null references services (id) on delete cascade,
    retailer_id text not null references retailers (id) on delete cascade,
    category_id text not null,
    member_id text references users (id) on delete cascade,
    visitor_key text,
    check ((member_id is null) <> (visitor_key is null))
  )`.execute(db);
  await sql`create index addon_events_member_idx on addon_events (member_id) where member_id is not null`.execute(db);

  await sql`create table insight_watermarks (
    name text primary key,
    last_id bigint not null default 0,
    rolled_up_at timestamptz
  )`.execute(db);
  await sql`insert into insight_watermarks (name) values ('search_events'), ('addon_events')`.execute(db);

  // counter_key: the member's id, or 'v:' + the visitor key (never both kinds in one namespace).
  await sql`create table search_rollup_days (
    day date not null,
    cell_lat real not null,
    cell_lon real not null,
    category_id text not null,
    term text not null,
    result_bucket text not null,
    counter_key text not null,
    searches integer not null,
    primary key (cell_lat, cell_lon, day, category_id, term, result_bucket, counter_key)
  )`.execute(db);
  await sql`create index search_rollup_days_counter_idx on search_rollup_days (counter_key)`.execute(db);

  await sql`create table addon_rollup_days (
    day date not null,
    retailer_id text not null references retailers (id) on delete cascade,
    service_id text not null references services (id) on delete cascade,
    category_id text not null,
    kind text not null,
    counter_key text not null,
    events integer not null,
    primary key (retailer_id, day, service_id, category_id, kind, counter_key)
  )`.execute(db);
  await sql`create index addon_rollup_days_counter_idx on addon_rollup_days (counter_key)`.execute(db);

  // One shop's figures for one window, one row per section and line; `members` is the distinct
  // members behind the line, `figures` null when they are fewer than 5.
  await sql`create table shop_insights (
    retailer_id text not null references retailers (id) on delete cascade,
    window_days integer not null check (window_days in (30, 90)),
    section text not null,
    row_key text not null,
    label text not null,
    position integer not null,
    figures jsonb,
    computed_at timestamptz not null default now(),
    primary key (retailer_id, window_days, section, row_key)
  )`.execute(db);

  // The "what sells" and "questions" figures read listings near a shop published in the window.
  await sql`create index listings_published_place_idx on listings (latitude, longitude, published_at) where published_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists listings_published_place_idx`.execute(db);
  for (const table of [
    "shop_insights",
    "addon_rollup_days",
    "search_rollup_days",
    "insight_watermarks",
    "addon_events",
    "search_events",
  ])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await db.schema.alterTable("users").dropColumn("exclude_from_insights").execute();
}
