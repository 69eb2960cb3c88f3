/**
 * npm run bench:insights [-- --listings 1000000 --events 10000000 --shops 50 --runs 200 --write]
 *
 * Shop insights (ADR 047) at scale, on PostgreSQL: creates its own database next to
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL), migrates it, fills it with the bulk seed
 * (scripts/seed-bulk.ts) and --events search events (one INSERT … SELECT over generate_series,
 * spread over 90 days, the listings' areas, 2,000 terms and 200,000 visitor keys), puts --shops
 * shops where the listings are, then measures: the first fold of every event into day rows, the
 * first figures of every shop, a run with nothing new, an incremental fold of 10,000 new events and
 * the run that recomputes the shops they touched, a run after a sale far from every shop, each
 * shop's figures (both windows), and the page's read (`shopInsights`, p50/p95 over --runs). Prints a Markdown section; with --write appends it to
 * docs/benchmarks.md. The database is dropped at the end, whatever happens.
 * A script that prints figures, not a test.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import pg from "pg";
import { sql } from "kysely";
import { openPostgres } from "~db/index";
import { migrateToLatest } from "~db/migrate";
import { computeShopInsights, rollUpInsights } from "~/modules/insights/rollup.server";
import { shopInsights } from "~/modules/insights/shop-insights.server";

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function main() {
  const listings = argument("listings", 1_000_000);
  const events = argument("events", 10_000_000);
  const shopCount = argument("shops", 50);
  const runs = argument("runs", 200);
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base)
    throw new Error(
      "Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server the bench may create a database on.",
    );
  const name = `stoop_bench_insights_${Date.now().toString(36)}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const handle = openPostgres(url.toString(), { maxConnections: 4 });
  const { db } = handle;
  const lines: string[] = [];
  try {
    await migrateToLatest(db);
    console.log(`Seeding ${listings.toLocaleString("en")} listings…`);
    const [, seedMs] = await timed(async () => {
      const seeded = spawnSync("npx", ["tsx", "scripts/seed-bulk.ts", "--listings", String(listings)], {
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: url.toString() },
      });
      if (seeded.status !== 0) throw new Error("the bulk seed failed");
    });
    const points = (
      await sql<{ latitude: number; longitude: number }>`
        select latitude, longitude from (select distinct on (round(latitude), round(longitude)) latitude, longitude
        from listings order by round(latitude), round(longitude), id) p limit ${shopCount}`.execute(db)
    ).rows;
    const categories = (
      await sql<{ id: string }>`select id from categories where parent_id is null order by id`.execute(db)
    ).rows.map((row) => row.id);

    // Search events: a term of a 2,000-word vocabulary, a category or none, a cell near one of the
    // listings' areas, 90 days back, 200,000 visitors.
    console.log(`Inserting ${events.toLocaleString("en")} search events…`);
    const insertEvents = (count: number, offset: number) =>
      sql`
      insert into search_events (searched_at, term, category_id, cell_lat, cell_lon, result_bucket, visitor_key)
      select now() - interval '1 minute' - ((g * 7919) % 7776000) * interval '1 second',
        'term' || ((g * 31) % 2000),
        case when g % 3 = 0 then '' else (${sql.val(categories)}::text[])[1 + g % ${categories.length}] end,
        round(((p.lat + ((g % 7) - 3) * 0.1) / 0.1)::numeric) * 0.1 + 0.05,
        round(((p.lon + ((g % 5) - 2) * 0.1) / 0.1)::numeric) * 0.1 + 0.05,
        (array['none', 'few', 'some'])[1 + g % 3],
        'bench' || ((g * 13) % 200000)
      from generate_series(${offset + 1}::bigint, ${offset + count}::bigint) g
      cross join lateral (select (${sql.val(points.map((p) => p.latitude))}::float8[])[1 + g % ${points.length}] as lat,
        (${sql.val(points.map((p) => p.longitude))}::float8[])[1 + g % ${points.length}] as lon) p`.execute(db);
    const [, insertMs] = await timed(async () => {
      const batch = 1_000_000;
      for (let offset = 0; offset < events; offset += batch)
        await insertEvents(Math.min(batch, events - offset), offset);
    });
    await sql`analyze search_events`.execute(db);

    const owner = "bench-insights-owner";
    await sql`insert into users (id, email, display_name, password_hash) values (${owner}, 'owner@bench.stoop.local', 'Bench owner', '!')`.execute(
      db,
    );
    for (const [index, point] of points.entries()) {
      const id = `bench-shop-${index}`;
      await sql`insert into retailers (id, owner_id, name, slug, description, place_name, latitude, longitude, service_radius_km, opening_hours, status)
        values (${id}, ${owner}, ${`Bench shop ${index}`}, ${`bench-shop-${index}`}, 'Bench', 'Bench', ${point.latitude}, ${point.longitude}, 25, 'always', 'verified')`.execute(
        db,
      );
      await sql`insert into services (id, retailer_id, title, description, price_cents, performed_at, lead_days)
        values (${`${id}-s`}, ${id}, 'Tune-up', 'Bench', 2000, 'shop', 1)`.execute(db);
      await sql`insert into service_categories (service_id, category_id) values (${`${id}-s`}, ${categories[index % categories.length]!})`.execute(
        db,
      );
    }

    console.log("First fold of every event…");
    const [first, firstFoldMs] = await timed(() => rollUpInsights(db, { retailerIds: [] }));
    await sql`analyze search_rollup_days`.execute(db);
    const dayRows = (await sql<{ count: number }>`select count(*)::int as count from search_rollup_days`.execute(db))
      .rows[0]!.count;
    console.log("Every shop's first figures…");
    const [allShops, allShopsMs] = await timed(() => rollUpInsights(db));
    const [quiet, quietMs] = await timed(() => rollUpInsights(db));
    await insertEvents(10_000, events);
    await sql`update search_events set searched_at = now() - interval '1 minute' where id > (select max(id) - 10000 from search_events)`.execute(
      db,
    );
    const [incremental, incrementalMs] = await timed(() => rollUpInsights(db, { retailerIds: [] }));
    const [afterNew, afterNewMs] = await timed(() => rollUpInsights(db));
    // A sale far from every shop: the run checks the log and recomputes none.
    await sql`update listings set status = 'sold' where id = (select id from listings where status = 'active' order by latitude desc limit 1)`.execute(
      db,
    );
    const [farSale, farSaleMs] = await timed(() => rollUpInsights(db));

    console.log("Each shop's figures…");
    const shops = await db
      .selectFrom("retailers")
      .select(["id", "latitude", "longitude", "serviceRadiusKm"])
      .where("id", "like", "bench-shop-%")
      .execute();
    const shopTimes: number[] = [];
    for (const shop of shops) shopTimes.push((await timed(() => computeShopInsights(db, shop, new Date())))[1]);
    shopTimes.sort((a, b) => a - b);

    const pageTimes: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const shop = shops[run % shops.length]!;
      pageTimes.push((await timed(() => shopInsights(db, shop.id, run % 2 ? 90 : 30)))[1]);
    }
    pageTimes.sort((a, b) => a - b);

    const date = new Date().toISOString().slice(0, 10);
    lines.push(
      "",
      `## Shop insights (ADR 047), ${date}`,
      "",
      `\`npm run bench:insights\` on PostgreSQL 15, ${os.cpus().length} cores shared with other work: ${listings.toLocaleString("en")} listings (bulk seed, ${(seedMs / 1000).toFixed(0)} s), ${events.toLocaleString("en")} search events over 90 days (inserted in ${(insertMs / 1000).toFixed(0)} s), ${shops.length} shops with a 25 km radius.`,
      "",
      "| Step | Figure |",
      "| --- | --- |",
      `| First fold of all ${events.toLocaleString("en")} events into day rows | ${(firstFoldMs / 1000).toFixed(1)} s (${first.searchEventsFolded.toLocaleString("en")} day rows written, ${dayRows.toLocaleString("en")} kept) |`,
      `| Every shop's first figures (one rollup run, ${allShops.shops} shops) | ${(allShopsMs / 1000).toFixed(1)} s |`,
      `| A run with nothing new (all ${shops.length} shops checked) | ${ms(quietMs)} (${quiet.shops} shops recomputed) |`,
      `| Incremental fold of 10,000 new events (fold only) | ${ms(incrementalMs)} (${incremental.searchEventsFolded.toLocaleString("en")} day rows) |`,
      `| The run after those 10,000 events (spread over every shop's area) | ${(afterNewMs / 1000).toFixed(1)} s (${afterNew.shops} shops recomputed) |`,
      `| A run after one sale far from every shop | ${ms(farSaleMs)} (${farSale.shops} shops recomputed) |`,
      `| One shop's figures, both windows (p50 / p95 / max over ${shops.length} shops) | ${ms(percentile(shopTimes, 0.5))} / ${ms(percentile(shopTimes, 0.95))} / ${ms(shopTimes[shopTimes.length - 1]!)} |`,
      `| The insights page's read (\`shopInsights\`, p50 / p95 over ${runs} reads) | ${ms(percentile(pageTimes, 0.5))} / ${ms(percentile(pageTimes, 0.95))} |`,
      "",
    );
    console.log(lines.join("\n"));
    if (process.argv.includes("--write")) await fs.appendFile("docs/benchmarks.md", lines.join("\n"));
  } finally {
    await handle.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
