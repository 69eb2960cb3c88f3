/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Shop insights, incremental (issue #19; docs/insights.md "How it is computed").
 *
 * 1. Indexes the rollup's statements needed (EXPLAIN ANALYZE at 200,000 listings / 2,000,000
 *    events): the retention deletes of day rows filter on `day`, which no index led with (a full
 *    scan of ~2M rows every run, most of the 10-minute job's time); the raw events' retention
 *    delete walked every kept event by id (110 ms of a quiet run's 150 ms); and the add-on funnel
 *    looks up order service lines by service.
 * 2. `insight_changes`: an append-only log of what moved a shop's figures, as a place (rounded to
 *    0.01°) or a shop. Statement triggers on the domain tables write it (so every writer is
 *    covered, the modules and the admin tools alike, and a bulk INSERT writes one row per distinct
 *    place, not per row); the rollup adds the cells of the search events it folds and the shops of
 *    the add-on events. `shop_insight_state` keeps, per shop, the log position its figures have
 *    seen: a shop is recomputed only when the log has a newer entry inside its radius (or from
 *    itself or a peer within 50 km), when its figures are from an earlier UTC day (the windows
 *    moved), or when it has none yet.
 */

/** Per table: the watched columns of an update, and the places/shops a set of its rows touches (alias `t`). */
const SOURCES: { table: string; key: string; watch: string[] | null; touches: string }[] = [
  {
    table: "listings",
    key: "id",
    watch: ["status", "published_at", "latitude", "longitude", "category_id", "price_cents", "title", "seller_id"],
    touches: `select t.latitude, t.longitude, null::text from T t`,
  },
  {
    table: "orders",
    key: "id",
    watch: ["status", "paid_at", "completed_at", "item_cents", "buyer_id"],
    touches: `select l.latitude, l.longitude, null::text from T t join listings l on l.id = t.listing_id
      union all select null, null, os.retailer_id from T t join order_services os on os.order_id = t.id`,
  },
  {
    table: "order_services",
    key: "id",
    watch: ["status", "service_id", "retailer_id"],
    touches: `select null::float8, null::float8, t.retailer_id from T t`,
  },
  {
    table: "questions",
    key: "id",
    watch: ["body", "listing_id"],
    touches: `select l.latitude, l.longitude, null::text from T t join listings l on l.id = t.listing_id`,
  },
  {
    table: "answers",
    key: "id",
    watch: ["removed_at", "question_id"],
    touches: `select l.latitude, l.longitude, null::text from T t join questions q on q.id = t.question_id
      join listings l on l.id = q.listing_id`,
  },
  {
    table: "wanted_requests",
    key: "id",
    watch: ["status", "removed_at", "expires_at", "latitude", "longitude", "category_id", "requester_id"],
    touches: `select t.latitude, t.longitude, null::text from T t`,
  },
  {
    table: "services",
    key: "id",
    watch: ["active", "retailer_id", "title"],
    touches: `select null::float8, null::float8, t.retailer_id from T t`,
  },
  {
    table: "service_categories",
    key: "service_id",
    watch: null,
    touches: `select null::float8, null::float8, s.retailer_id from T t join services s on s.id = t.service_id`,
  },
  {
    table: "retailers",
    key: "id",
    watch: ["status", "latitude", "longitude", "service_radius_km"],
    touches: `select null::float8, null::float8, t.id from T t`,
  },
];

const note = (rows: string) => `insert into insight_changes (latitude, longitude, retailer_id)
  select distinct round(p.lat::numeric, 2)::float8, round(p.lon::numeric, 2)::float8, p.retailer_id
  from (${rows}) p (lat, lon, retailer_id) where p.lat is not null or p.retailer_id is not null`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index search_rollup_days_day_idx on search_rollup_days (day)`.execute(db);
  await sql`create index addon_rollup_days_day_idx on addon_rollup_days (day)`.execute(db);
  await sql`create index order_services_service_idx on order_services (service_id)`.execute(db);
  await sql`create index search_events_searched_at_idx on search_events (searched_at)`.execute(db);
  await sql`create index addon_events_at_idx on addon_events (at)`.execute(db);

  await sql`create table insight_changes (
    id bigint generated always as identity primary key,
    at timestamptz not null default now(),
    latitude double precision,
    longitude double precision,
    retailer_id text
  )`.execute(db);
  await sql`create table shop_insight_state (
    retailer_id text primary key references retailers (id) on delete cascade,
    computed_at timestamptz not null,
    change_mark bigint not null
  )`.execute(db);

  for (const source of SOURCES) {
    const name = `insights_note_${source.table}`;
    const inserted = note(source.touches.replaceAll("from T t", "from new_rows t"));
    const deleted = note(source.touches.replaceAll("from T t", "from old_rows t"));
    const changed = source.watch
      ? (() => {
          const differs = `(${source.watch.map((column) => `o.${column}`).join(", ")}) is distinct from (${source.watch
            .map((column) => `n.${column}`)
            .join(", ")})`;
          const newSide = `(select n.* from new_rows n join old_rows o on o.${source.key} = n.${source.key} where ${differs})`;
          const oldSide = `(select o.* from old_rows o join new_rows n on n.${source.key} = o.${source.key} where ${differs})`;
          return note(
            `${source.touches.replaceAll("from T t", `from ${newSide} t`)} union all ${source.touches.replaceAll("from T t", `from ${oldSide} t`)}`,
          );
        })()
      : null;
    await sql
      .raw(
        `create function ${name}() returns trigger language plpgsql as $fn$
        begin
          if tg_op = 'INSERT' then ${inserted};
          elsif tg_op = 'DELETE' then ${deleted};
          ${changed ? `else ${changed};` : ""}
          end if;
          return null;
        end $fn$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${name}_insert after insert on ${source.table} referencing new table as new_rows for each statement execute function ${name}()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${name}_delete after delete on ${source.table} referencing old table as old_rows for each statement execute function ${name}()`,
      )
      .execute(db);
    if (changed)
      await sql
        .raw(
          `create trigger ${name}_update after update on ${source.table} referencing old table as old_rows new table as new_rows for each statement execute function ${name}()`,
        )
        .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const source of SOURCES) {
    const name = `insights_note_${source.table}`;
    for (const event of ["insert", "delete", "update"])
      await sql.raw(`drop trigger if exists ${name}_${event} on ${source.table}`).execute(db);
    await sql.raw(`drop function if exists ${name}()`).execute(db);
  }
  await sql`drop table if exists shop_insight_state`.execute(db);
  await sql`drop table if exists insight_changes`.execute(db);
  await sql`drop index if exists addon_events_at_idx`.execute(db);
  await sql`drop index if exists search_events_searched_at_idx`.execute(db);
  await sql`drop index if exists order_services_service_idx`.execute(db);
  await sql`drop index if exists addon_rollup_days_day_idx`.execute(db);
  await sql`drop index if exists search_rollup_days_day_idx`.execute(db);
}
