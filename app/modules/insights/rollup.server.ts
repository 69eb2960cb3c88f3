import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { boundingBox, type Point } from "~/lib/geo";
import { INSIGHT_WINDOWS, MIN_MEMBERS, PEER_DISTANCE_KM, SECTIONS, TOP_LINES, type InsightWindow } from "./rules";

/**
 * The insights rollup (job `insights-rollup`, ADR 047), in two steps:
 *
 * 1. Fold: new raw events (past the watermark) become per-day rows keyed by cell, category, term,
 *    result bucket and counting key, added with ON CONFLICT … DO UPDATE. The watermark moves in the
 *    same transaction, under its row lock, so two runs never fold the same event twice and a run
 *    with nothing new changes nothing. Events younger than FOLD_LAG_SECONDS wait for the next run:
 *    identity values are taken before commit, so a just-inserted lower id may not be visible yet.
 * 2. Figures: a verified shop's figures for 30 and 90 days are recomputed from the day rows
 *    (and from listings, orders, questions and Wanted requests near the shop) and replace the
 *    previous ones in one transaction, but only when something they read changed: the change log
 *    (`insight_changes`, written by triggers on the domain tables and by the folds above) has an
 *    entry past the shop's mark inside its radius, from the shop itself or from a peer within
 *    PEER_DISTANCE_KM; or its figures are from an earlier UTC day (the windows moved); or it has
 *    none yet. A run with nothing new reads the log and the shops, and writes nothing.
 *    The k-anonymity rule is in these queries: a line with fewer than MIN_MEMBERS distinct members
 *    gets null figures (categories) or no row at all (words).
 */

type Db = Kysely<Database>;
type Executor = Transaction<Database>;

const FOLD_LAG_SECONDS = 5;
/** Raw events are kept this long after folding (a rollup can be rebuilt within it), day rows for the longest window. */
const RAW_RETENTION_DAYS = 7;
const DAY_RETENTION_DAYS = 91;
const DAY_MS = 24 * 3600 * 1000;

export interface RollupOutcome {
  searchEventsFolded: number;
  addOnEventsFolded: number;
  /** Shops whose figures were recomputed (the others had nothing new). */
  shops: number;
}

/** Log entries are rounded to 0.01° (under 0.8 km off), so a place counts as near within this much more. */
const CHANGE_MARGIN_KM = 1;

export async function rollUpInsights(
  db: Db,
  options: { now?: Date; retailerIds?: string[] } = {},
): Promise<RollupOutcome> {
  const now = options.now ?? new Date();
  const searchEventsFolded = await foldSearchEvents(db, now);
  const addOnEventsFolded = await foldAddOnEvents(db, now);
  let shopsQuery = db
    .selectFrom("retailers")
    .select(["id", "latitude", "longitude", "serviceRadiusKm"])
    .where("status", "=", "verified")
    .orderBy("id");
  if (options.retailerIds)
    shopsQuery = shopsQuery.where("id", "in", options.retailerIds.length ? options.retailerIds : [""]);
  const shops = await shopsQuery.execute();
  const stale = await shopsWithChanges(db, shops, now);
  for (const shop of shops) if (stale.has(shop.id)) await computeShopInsights(db, shop, now);
  await sql`delete from insight_changes where at < ${new Date(startOfDay(now).getTime() - DAY_MS)}`.execute(db);
  return { searchEventsFolded, addOnEventsFolded, shops: stale.size };
}

const startOfDay = (now: Date) => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
const foldCutoff = (now: Date) => new Date(now.getTime() - FOLD_LAG_SECONDS * 1000);

/** The newest change-log entry a computation may count as seen (the same lag as the folds). */
async function lastChange(db: Db | Executor, now: Date): Promise<number> {
  const row = await sql<{ id: number }>`
    select id from insight_changes where at <= ${foldCutoff(now)} order by id desc limit 1`.execute(db);
  return Number(row.rows[0]?.id ?? 0);
}

/**
 * The shops among `shops` whose figures may have moved since they were computed. One query: the
 * log is read only past each shop's mark (its primary key), so a quiet run reads almost nothing.
 */
async function shopsWithChanges(db: Db, shops: Shop[], now: Date): Promise<Set<string>> {
  if (!shops.length) return new Set();
  const upto = await lastChange(db, now);
  const near = (lat: RawBuilder<unknown>, lon: RawBuilder<unknown>, km: RawBuilder<unknown>) =>
    sql<boolean>`${lat} between r.latitude - ${km} / 111.0 and r.latitude + ${km} / 111.0
      and ${kmBetween(sql.ref("r.latitude"), sql.ref("r.longitude"), lat, lon)} <= ${km}`;
  const rows = await sql<{ id: string }>`
    select r.id from retailers r left join shop_insight_state s on s.retailer_id = r.id
    where r.id in (${sql.join(shops.map((shop) => shop.id))})
      and (s.retailer_id is null
        or s.computed_at < ${startOfDay(now)}
        or exists (select 1 from insight_changes c
          where c.id > s.change_mark and c.id <= ${upto} and c.latitude is not null
            and ${near(sql.ref("c.latitude"), sql.ref("c.longitude"), sql`(r.service_radius_km + ${CHANGE_MARGIN_KM})`)})
        or exists (select 1 from insight_changes c join retailers x on x.id = c.retailer_id
          where c.id > s.change_mark and c.id <= ${upto}
            and (x.id = r.id or ${near(sql.ref("x.latitude"), sql.ref("x.longitude"), sql`${PEER_DISTANCE_KM}`)})))`.execute(
    db,
  );
  return new Set(rows.rows.map((row) => row.id));
}

async function foldSearchEvents(db: Db, now: Date): Promise<number> {
  return transaction(db, async (trx) => {
    const mark = await lockWatermark(trx, "search_events");
    const upto = await sql<{ upto: number | null }>`
      select max(id) as upto from search_events
      where id > ${mark} and searched_at <= ${foldCutoff(now)}`.execute(trx);
    const last = upto.rows[0]?.upto === null || upto.rows[0]?.upto === undefined ? mark : Number(upto.rows[0].upto);
    let folded = 0;
    if (last > mark) {
      // One pass over the new events for all shops and days. Rows go in in primary-key order (the
      // index is appended to, not split at random: ~35% faster for the first fold of 2M events),
      // and the group and sort get the memory to stay out of temporary files.
      await sql`set local work_mem = '64MB'`.execute(trx);
      const result = await sql`
        insert into search_rollup_days (day, cell_lat, cell_lon, category_id, term, result_bucket, counter_key, searches)
        select (e.searched_at at time zone 'UTC')::date, e.cell_lat, e.cell_lon, e.category_id, e.term, e.result_bucket,
          coalesce(e.member_id, 'v:' || e.visitor_key), count(*)::int
        from search_events e left join users u on u.id = e.member_id
        where e.id > ${mark} and e.id <= ${last} and not coalesce(u.exclude_from_insights, false)
        group by 1, 2, 3, 4, 5, 6, 7
        order by 2, 3, 1, 4, 5, 6, 7
        on conflict (cell_lat, cell_lon, day, category_id, term, result_bucket, counter_key)
        do update set searches = search_rollup_days.searches + excluded.searches`.execute(trx);
      folded = Number(result.numAffectedRows ?? 0);
      // The cells that received searches: the shops around them have something new.
      await sql`
        insert into insight_changes (at, latitude, longitude)
        select ${foldCutoff(now)}::timestamptz, round(c.cell_lat::numeric, 2)::float8, round(c.cell_lon::numeric, 2)::float8
        from (select distinct cell_lat, cell_lon from search_events where id > ${mark} and id <= ${last}) c`.execute(
        trx,
      );
    }
    await finishWatermark(trx, "search_events", last, now);
    await sql`delete from search_events where id <= ${last} and searched_at < ${daysBefore(now, RAW_RETENTION_DAYS)}`.execute(
      trx,
    );
    await sql`delete from search_rollup_days where day < ${daysBefore(now, DAY_RETENTION_DAYS)}`.execute(trx);
    return folded;
  });
}

async function foldAddOnEvents(db: Db, now: Date): Promise<number> {
  return transaction(db, async (trx) => {
    const mark = await lockWatermark(trx, "addon_events");
    const upto = await sql<{ upto: number | null }>`
      select max(id) as upto from addon_events
      where id > ${mark} and at <= ${foldCutoff(now)}`.execute(trx);
    const last = upto.rows[0]?.upto === null || upto.rows[0]?.upto === undefined ? mark : Number(upto.rows[0].upto);
    let folded = 0;
    if (last > mark) {
      const result = await sql`
        insert into addon_rollup_days (day, retailer_id, service_id, category_id, kind, counter_key, events)
        select (e.at at time zone 'UTC')::date, e.retailer_id, e.service_id, e.category_id, e.kind,
          coalesce(e.member_id, 'v:' || e.visitor_key), count(*)::int
        from addon_events e
        where e.id > ${mark} and e.id <= ${last}
        group by 1, 2, 3, 4, 5, 6
        on conflict (retailer_id, day, service_id, category_id, kind, counter_key)
        do update set events = addon_rollup_days.events + excluded.events`.execute(trx);
      folded = Number(result.numAffectedRows ?? 0);
      await sql`
        insert into insight_changes (at, retailer_id)
        select distinct ${foldCutoff(now)}::timestamptz, retailer_id from addon_events where id > ${mark} and id <= ${last}`.execute(
        trx,
      );
    }
    await finishWatermark(trx, "addon_events", last, now);
    await sql`delete from addon_events where id <= ${last} and at < ${daysBefore(now, RAW_RETENTION_DAYS)}`.execute(
      trx,
    );
    await sql`delete from addon_rollup_days where day < ${daysBefore(now, DAY_RETENTION_DAYS)}`.execute(trx);
    return folded;
  });
}

async function lockWatermark(trx: Executor, name: string): Promise<number> {
  const row = await sql<{ lastId: number }>`
    select last_id from insight_watermarks where name = ${name} for update`.execute(trx);
  return Number(row.rows[0]?.lastId ?? 0);
}

async function finishWatermark(trx: Executor, name: string, lastId: number, now: Date) {
  await sql`update insight_watermarks set last_id = ${lastId}, rolled_up_at = ${now} where name = ${name}`.execute(trx);
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Kilometres from `point` to the row's (lat, lon), the same great-circle formula as lib/geo. */
function kmFrom(point: Point, lat: RawBuilder<unknown>, lon: RawBuilder<unknown>): RawBuilder<number> {
  return kmBetween(sql`${point.latitude}::float8`, sql`${point.longitude}::float8`, lat, lon);
}

function kmBetween(
  fromLat: RawBuilder<unknown>,
  fromLon: RawBuilder<unknown>,
  lat: RawBuilder<unknown>,
  lon: RawBuilder<unknown>,
): RawBuilder<number> {
  return sql<number>`(2 * 6371 * asin(least(1, sqrt(
    power(sin(radians(${lat} - ${fromLat}) / 2), 2)
    + cos(radians(${fromLat})) * cos(radians(${lat})) * power(sin(radians(${lon} - ${fromLon}) / 2), 2)))))`;
}

/** Inside the shop's radius: a bounding box (index-friendly) and the exact distance. */
function within(point: Point, km: number, lat: RawBuilder<unknown>, lon: RawBuilder<unknown>): RawBuilder<boolean> {
  const box = boundingBox(point, km);
  return sql<boolean>`${lat} between ${box.minLatitude} and ${box.maxLatitude}
    and ${lon} between ${box.minLongitude} and ${box.maxLongitude}
    and ${kmFrom(point, lat, lon)} <= ${km}`;
}

/** Null unless at least MIN_MEMBERS members stand behind it: the rule, in SQL. */
const ifEnough = (members: RawBuilder<unknown>, value: RawBuilder<unknown>) =>
  sql`case when ${members} >= ${MIN_MEMBERS} then ${value} end`;

interface Shop {
  id: string;
  latitude: number;
  longitude: number;
  serviceRadiusKm: number;
}

/** Recomputes one shop's figures (both windows) and records the change-log position they have seen. */
export async function computeShopInsights(db: Db, shop: Shop, now: Date): Promise<void> {
  await transaction(db, async (trx) => {
    // Read before the figures: whatever commits after this has a later id and recomputes next run.
    const mark = await lastChange(trx, now);
    await trx.deleteFrom("shopInsights").where("retailerId", "=", shop.id).execute();
    for (const windowDays of INSIGHT_WINDOWS) await insertShopFigures(trx, shop, windowDays, now);
    await sql`
      insert into shop_insight_state (retailer_id, computed_at, change_mark) values (${shop.id}, ${now}, ${mark})
      on conflict (retailer_id) do update set computed_at = excluded.computed_at, change_mark = excluded.change_mark`.execute(
      trx,
    );
  });
}

async function insertShopFigures(trx: Executor, shop: Shop, windowDays: InsightWindow, now: Date) {
  const point = { latitude: shop.latitude, longitude: shop.longitude };
  const radius = shop.serviceRadiusKm;
  const since = daysBefore(now, windowDays);
  const sinceDay = since.toISOString().slice(0, 10);
  const head = sql`insert into shop_insights (retailer_id, window_days, section, row_key, label, position, figures, computed_at)`;
  const base = sql`${shop.id}, ${windowDays}::int`;
  const cellsInRadius = within(point, radius, sql.ref("cell_lat"), sql.ref("cell_lon"));
  const shopCategories = sql`(
    select sc.category_id from service_categories sc join services s on s.id = sc.service_id
    where s.retailer_id = ${shop.id} and s.active
    union select c.id from categories c join service_categories sc on sc.category_id = c.parent_id
      join services s on s.id = sc.service_id where s.retailer_id = ${shop.id} and s.active)`;

  // Unmet demand by category: searches that found few or none. A category under 5 members says so.
  await sql`${head}
    select ${base}, ${SECTIONS.demandCategory}, d.category_id,
      case when d.category_id = '' then 'Any category' else coalesce(c.name, d.category_id) end,
      row_number() over (order by (d.members >= ${MIN_MEMBERS}) desc,
        case when d.members >= ${MIN_MEMBERS} then d.members end desc nulls last, coalesce(c.name, d.category_id))::int,
      ${ifEnough(sql`d.members`, sql`jsonb_build_object('members', d.members, 'searches', d.searches)`)}, ${now}
    from (
      select category_id, count(distinct counter_key)::int as members, sum(searches)::int as searches
      from search_rollup_days
      where day >= ${sinceDay}::date and result_bucket in ('none', 'few') and ${cellsInRadius}
      group by category_id
    ) d left join categories c on c.id = d.category_id`.execute(trx);

  // Top terms of those searches: a term fewer than 5 members used never leaves the query.
  await sql`${head}
    select ${base}, ${SECTIONS.demandTerm}, t.term, t.term,
      row_number() over (order by t.members desc, t.term)::int,
      jsonb_build_object('members', t.members, 'searches', t.searches), ${now}
    from (
      select term, count(distinct counter_key)::int as members, sum(searches)::int as searches
      from search_rollup_days
      where day >= ${sinceDay}::date and result_bucket in ('none', 'few') and term <> '' and ${cellsInRadius}
      group by term having count(distinct counter_key) >= ${MIN_MEMBERS}
      order by members desc, term limit ${TOP_LINES}
    ) t`.execute(trx);

  // Open Wanted requests in the radius, by category (counted by distinct requesters).
  await sql`${head}
    select ${base}, ${SECTIONS.wanted}, w.category_id, coalesce(c.name, w.category_id),
      row_number() over (order by (w.members >= ${MIN_MEMBERS}) desc,
        case when w.members >= ${MIN_MEMBERS} then w.requests end desc nulls last, coalesce(c.name, w.category_id))::int,
      ${ifEnough(sql`w.members`, sql`jsonb_build_object('members', w.members, 'requests', w.requests)`)}, ${now}
    from (
      select category_id, count(distinct requester_id)::int as members, count(*)::int as requests
      from wanted_requests
      where status = 'open' and removed_at is null and expires_at > ${now}
        and ${within(point, radius, sql.ref("latitude"), sql.ref("longitude"))}
      group by category_id
    ) w left join categories c on c.id = w.category_id`.execute(trx);

  // What sells used: listings published in the window in the radius, and how their sales went.
  await sql`${head}
    select ${base}, ${SECTIONS.sells}, s.category_id, coalesce(c.name, s.category_id),
      row_number() over (order by (s.sellers >= ${MIN_MEMBERS}) desc,
        case when s.sellers >= ${MIN_MEMBERS} then s.published end desc nulls last, coalesce(c.name, s.category_id))::int,
      ${ifEnough(
        sql`s.sellers`,
        sql`jsonb_build_object(
          'published', s.published,
          'medianAskingCents', round(s.asking),
          'sold', ${ifEnough(sql`least(s.sold_sellers, s.sold_buyers)`, sql`s.sold`)},
          'medianSoldCents', ${ifEnough(sql`least(s.sold_sellers, s.sold_buyers)`, sql`round(s.sold_price)`)},
          'medianDaysToSell', ${ifEnough(sql`least(s.sold_sellers, s.sold_buyers)`, sql`round(s.days::numeric, 1)`)})`,
      )}, ${now}
    from (
      select l.category_id,
        count(*)::int as published,
        count(distinct l.seller_id)::int as sellers,
        percentile_cont(0.5) within group (order by l.price_cents) as asking,
        count(o.id)::int as sold,
        count(distinct o.seller_id)::int as sold_sellers,
        count(distinct o.buyer_id)::int as sold_buyers,
        percentile_cont(0.5) within group (order by o.item_cents) as sold_price,
        percentile_cont(0.5) within group (order by extract(epoch from (o.completed_at - l.published_at)) / 86400) as days
      from listings l
      left join orders o on o.listing_id = l.id and o.status = 'completed'
      where l.published_at >= ${since} and l.published_at is not null
        and ${within(point, radius, sql.ref("l.latitude"), sql.ref("l.longitude"))}
      group by l.category_id
    ) s left join categories c on c.id = s.category_id`.execute(trx);

  // Questions asked on listings in the shop's categories nearby: words of 4+ letters, each counted
  // once per asker; a word fewer than 5 members used is not shown.
  const questionsNearby = sql`q.created_at >= ${since} and l.category_id in ${shopCategories}
      and ${within(point, radius, sql.ref("l.latitude"), sql.ref("l.longitude"))}`;
  await sql`${head}
    select ${base}, ${SECTIONS.questionWord}, w.word, w.word,
      row_number() over (order by w.members desc, w.word)::int,
      jsonb_build_object('members', w.members), ${now}
    from (
      select words.word, count(distinct q.asker_id)::int as members
      from questions q join listings l on l.id = q.listing_id
      cross join lateral (
        select distinct token as word from regexp_split_to_table(lower(q.body), '[^[:alpha:]]+') as token
        where length(token) >= 4 and token <> all (${sql.val(STOP_WORDS)}::text[])
      ) words
      where ${questionsNearby}
      group by words.word having count(distinct q.asker_id) >= ${MIN_MEMBERS}
      order by members desc, words.word limit ${TOP_LINES}
    ) w`.execute(trx);

  // Public questions still without an answer: the one place a shop sees a member's own words,
  // because they are already public on the listing page.
  await sql`${head}
    select ${base}, ${SECTIONS.unanswered}, u.id, u.body,
      row_number() over (order by u.created_at desc, u.id)::int,
      jsonb_build_object('listingId', u.listing_id, 'listingTitle', u.title), ${now}
    from (
      select q.id, q.body, q.created_at, q.listing_id, l.title
      from questions q join listings l on l.id = q.listing_id
      where ${questionsNearby}
        and l.status = 'active'
        and not exists (select 1 from answers a where a.question_id = q.id and a.removed_at is null)
      order by q.created_at desc, q.id limit 10
    ) u`.execute(trx);

  // The shop's own funnel, per service.
  await sql`${head}
    select ${base}, ${SECTIONS.funnel}, f.id, f.title,
      row_number() over (order by f.title, f.id)::int,
      jsonb_build_object(
        'shown', ${ifEnough(sql`f.shown`, sql`f.shown`)},
        'ticked', ${ifEnough(sql`f.ticked`, sql`f.ticked`)},
        'bought', ${ifEnough(sql`f.bought`, sql`f.bought`)},
        'declined', ${ifEnough(sql`f.declined`, sql`f.declined`)},
        'conversion', ${ifEnough(sql`least(f.shown, f.bought)`, sql`round(f.bought::numeric / f.shown, 3)`)}), ${now}
    from (
      select s.id, s.title,
        (select count(distinct counter_key) from addon_rollup_days r
          where r.retailer_id = ${shop.id} and r.service_id = s.id and r.kind = 'shown' and r.day >= ${sinceDay}::date)::int as shown,
        (select count(distinct counter_key) from addon_rollup_days r
          where r.retailer_id = ${shop.id} and r.service_id = s.id and r.kind = 'ticked' and r.day >= ${sinceDay}::date)::int as ticked,
        (select count(distinct o.buyer_id) from order_services os join orders o on o.id = os.order_id
          where os.service_id = s.id and o.paid_at >= ${since} and os.status not in ('cancelled'))::int as bought,
        (select count(distinct o.buyer_id) from order_services os join orders o on o.id = os.order_id
          where os.service_id = s.id and o.paid_at >= ${since} and os.status = 'declined')::int as declined
      from services s where s.retailer_id = ${shop.id}
    ) f
    where f.shown > 0 or f.ticked > 0 or f.bought > 0`.execute(trx);

  // Compared with other shops nearby in the same category: the median conversion of those with at
  // least 5 members shown and 5 buyers, only when there are at least 5 such shops.
  await sql`${head}
    select ${base}, ${SECTIONS.funnelPeers}, p.category_id, coalesce(c.name, p.category_id),
      row_number() over (order by coalesce(c.name, p.category_id))::int,
      case when p.shops >= ${MIN_MEMBERS} then jsonb_build_object('shops', p.shops, 'medianConversion', round(p.median::numeric, 3)) end,
      ${now}
    from (
      select rates.category_id, count(*)::int as shops,
        percentile_cont(0.5) within group (order by rates.bought::numeric / rates.shown) as median
      from (
        select peer.id, cat.category_id,
          (select count(distinct counter_key) from addon_rollup_days r
            where r.retailer_id = peer.id and r.category_id = cat.category_id and r.kind = 'shown' and r.day >= ${sinceDay}::date) as shown,
          (select count(distinct o.buyer_id) from order_services os join orders o on o.id = os.order_id
            join listings l on l.id = o.listing_id
            where os.retailer_id = peer.id and l.category_id = cat.category_id and o.paid_at >= ${since}
              and os.status not in ('cancelled')) as bought
        from (select distinct category_id from ${shopCategories} sc0) cat
        join retailers peer on peer.status = 'verified' and peer.id <> ${shop.id}
          and ${within(point, PEER_DISTANCE_KM, sql.ref("peer.latitude"), sql.ref("peer.longitude"))}
          and exists (select 1 from services s join service_categories sc on sc.service_id = s.id
            where s.retailer_id = peer.id and sc.category_id = cat.category_id)
      ) rates
      where rates.shown >= ${MIN_MEMBERS} and rates.bought >= ${MIN_MEMBERS}
      group by rates.category_id
    ) p left join categories c on c.id = p.category_id`.execute(trx);
}

/** Common words of four letters or more that say nothing about a topic. */
const STOP_WORDS = [
  "about",
  "also",
  "been",
  "body",
  "could",
  "does",
  "from",
  "have",
  "hello",
  "here",
  "into",
  "just",
  "know",
  "like",
  "make",
  "many",
  "more",
  "much",
  "only",
  "other",
  "please",
  "really",
  "some",
  "still",
  "than",
  "thank",
  "thanks",
  "that",
  "their",
  "them",
  "then",
  "there",
  "these",
  "they",
  "this",
  "those",
  "very",
  "want",
  "were",
  "what",
  "when",
  "where",
  "which",
  "will",
  "with",
  "would",
  "your",
  "item",
  "anyone",
  "there",
  "available",
  "interested",
];
