/**
 * npm run bench:feed [-- --listings 100000 --follows 100000 --runs 200]
 *
 * The feed's query against the PostgreSQL database at DATABASE_URL: tops the listings up to
 * --listings with the bulk seed (scripts/seed-bulk.ts) if there are fewer, seeds --follows follows
 * (2,000 members following bulk sellers; the benchmarked member follows 1,000 of them and 20 shops)
 * plus price drops and services, then prints EXPLAIN ANALYZE of the feed's UNION query (first page
 * and a later page for the heavy follower with the recent-first plan it gets, its first page with
 * the per-follow plan for comparison, and a member with no follows whose feed falls back to nearby
 * listings), fails if any plan has a Seq Scan on listings, follows or
 * listing_price_changes, and prints p50/p95 of `memberFeed` (the whole page: query + hydration).
 * With --http (after `npm run build`): starts the production server on BENCH_PORT (default 3440)
 * and measures with autocannon (10 connections, --duration s per target, two interleaved rounds)
 * the anonymous home page, the signed-in home page of the heavy follower (its first section is
 * the feed) and their /feed, printing req/s, p50/p95, the server's CPU time per request and the
 * signed-in/anonymous ratio. The signed-in pages are the member's cached first page (ADR 049) after
 * the first request: nothing changes while they are measured.
 * A script that prints figures, not a test.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sessionsFor } from "~/modules/accounts/sessions.server";
import { CompiledQuery, sql } from "kysely";
import type { loadConfig } from "~/lib/env.server";
import {
  FEED_PAGE_SIZE,
  FEED_SOURCES,
  feedQuery,
  memberFeed,
  recentWalkFills,
  setFeedLocation,
} from "~/modules/community/feed.server";
import { decodeFeedCursor } from "~/modules/community/feed-cursor.server";
import {
  argument,
  openBenchDatabase,
  percentile,
  productionServerEnv,
  startNode,
  topUpListings,
  waitFor,
} from "./bench-support";

async function main() {
  const wantedListings = argument("listings", 100_000);
  const follows = argument("follows", 100_000);
  const runs = argument("runs", 200);
  const { database, config } = await openBenchDatabase();
  const { db } = database;
  try {
    await topUpListings(database, wantedListings);

    const run = Date.now().toString(36);
    const followers = 2_000;
    const perFollower = Math.max(1, Math.floor((follows - 1_000) / (followers - 1)));
    console.log(`Seeding ${follows.toLocaleString("en")} follows (bench run ${run})…`);
    await sql`insert into users (id, email, display_name, password_hash)
      select 'bench-' || ${run} || '-' || g, 'bench-' || ${run} || '-' || g || '@bench.stoop.local', 'Bench follower ' || g, '!'
      from generate_series(1, ${followers}::int) g`.execute(db);
    const heavy = `bench-${run}-1`;
    const loner = `bench-${run}-2`;
    // The heavy follower: 1,000 distinct sellers.
    await sql`insert into follows (id, follower_id, followed_user_id)
      select 'bf-' || ${run} || '-h-' || s.id, ${heavy}, s.id
      from (select id from users where id like 'bulk-%' order by random() limit 1000) s`.execute(db);
    // Everyone else but the loner: random sellers, ~50 each.
    await sql`with s as (select array_agg(id) as ids, count(*) as n from users where id like 'bulk-%')
      insert into follows (id, follower_id, followed_user_id)
      select 'bf-' || ${run} || '-' || f || '-' || k, 'bench-' || ${run} || '-' || f, s.ids[1 + floor(random() * s.n)::int]
      from s, generate_series(3, ${followers}::int) f, generate_series(1, ${perFollower}::int) k
      on conflict do nothing`.execute(db);
    // 20 shops the heavy follower follows, each with services; staff answers are not seeded.
    await sql`insert into retailers (id, owner_id, name, slug, description, place_name, latitude, longitude,
        service_radius_km, opening_hours, status)
      select 'br-' || ${run} || '-' || g, 'bench-' || ${run} || '-' || (100 + g), 'Bench shop ' || g,
        'bench-' || ${run} || '-' || g, 'A shop', 'Portland, OR', 45.52, -122.68, 15, 'Always', 'verified'
      from generate_series(1, 20) g`.execute(db);
    await sql`insert into services (id, retailer_id, title, description, price_cents, performed_at, lead_days)
      select 'bs-' || ${run} || '-' || g || '-' || k, 'br-' || ${run} || '-' || g, 'Service ' || k, '', 2000, 'shop', 2
      from generate_series(1, 20) g, generate_series(1, 10) k`.execute(db);
    await sql`insert into follows (id, follower_id, followed_retailer_id)
      select 'bf-' || ${run} || '-r-' || g, ${heavy}, 'br-' || ${run} || '-' || g from generate_series(1, 20) g`.execute(
      db,
    );
    // Price drops on 5,000 listings of followed sellers.
    await sql`insert into listing_price_changes (id, listing_id, seller_id, from_cents, to_cents, changed_at)
      select 'bp-' || ${run} || '-' || l.id, l.id, l.seller_id, l.price_cents + 500, l.price_cents, now() - random() * interval '30 days'
      from (select id, seller_id, price_cents from listings where status = 'active' and seller_id like 'bulk-%' order by random() limit 5000) l`.execute(
      db,
    );
    await setFeedLocation(db, loner, { place: "97214", radiusKm: 10 });
    await sql`analyze follows`.execute(db);
    await sql`analyze listing_price_changes`.execute(db);
    await sql`analyze services`.execute(db);
    await sql`analyze users`.execute(db);
    const { rows: totals } = await sql<{ listings: number; follows: number }>`
      select (select count(*)::int from listings) as listings, (select count(*)::int from follows) as follows`.execute(
      db,
    );
    console.log(
      `Database: ${totals[0]!.listings.toLocaleString("en")} listings, ${totals[0]!.follows.toLocaleString("en")} follows.`,
    );

    const secondCursor = (await memberFeed(db, heavy)).nextCursor;
    // The heavy follower gets the recent-first plan (ADR 042); the per-follow plan is kept for comparison.
    const scenarios = [
      {
        name: "heavy follower, first page",
        userId: heavy,
        cursor: null as string | null,
        nearby: false,
        plan: "recent",
      },
      { name: "heavy follower, second page", userId: heavy, cursor: secondCursor, nearby: false, plan: "recent" },
      {
        name: "heavy follower, first page, per-follow plan",
        userId: heavy,
        cursor: null,
        nearby: false,
        plan: "lateral",
      },
      { name: "no follows, nearby fallback (10 km of 97214)", userId: loner, cursor: null, nearby: true, plan: "auto" },
    ] as const;
    let seqScans = 0;
    for (const scenario of scenarios) {
      const decoded = decodeFeedCursor(scenario.cursor);
      const cursor = decoded === "broken" ? null : decoded;
      const sources = FEED_SOURCES.filter((source) => source.fromFollows || scenario.nearby);
      const place = scenario.nearby ? { latitude: 45.51, longitude: -122.64, radiusKm: 10 } : null;
      const query = feedQuery(sources, {
        userId: scenario.userId,
        cursor,
        limit: FEED_PAGE_SIZE + 1,
        place,
        recentKinds:
          scenario.plan === "recent"
            ? await recentWalkFills(db, { userId: scenario.userId, cursor, limit: FEED_PAGE_SIZE + 1, place: null })
            : [],
      })!;
      const compiled = query.compile(db);
      const explain = await db.executeQuery<{ "QUERY PLAN": string }>(
        CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
      );
      const plan = explain.rows.map((row) => row["QUERY PLAN"]).join("\n");
      const bad = plan.match(/Seq Scan on (listings|follows|listing_price_changes)\b/g) ?? [];
      seqScans += bad.length;
      console.log(`\n=== EXPLAIN ANALYZE: ${scenario.name} ===\n${plan}`);
      if (bad.length) console.log(`!!! ${bad.join(", ")}`);
    }

    console.log(`\nmemberFeed (query + hydration of ${FEED_PAGE_SIZE} items), ${runs} runs each:`);
    for (const scenario of scenarios) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await memberFeed(db, scenario.userId, { cursor: scenario.cursor, plan: scenario.plan });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${scenario.name.padEnd(48)} p50 ${percentile(times, 50).toFixed(2)} ms   p95 ${percentile(times, 95).toFixed(2)} ms`,
      );
    }
    console.log(
      seqScans
        ? `\n${seqScans} sequential scan(s) on the big tables: see above.`
        : "\nNo sequential scans on listings, follows or listing_price_changes.",
    );
    if (seqScans) process.exitCode = 1;
    if (process.argv.includes("--http")) await measurePages(db, config, heavy);
  } finally {
    await database.close();
  }
}

async function measurePages(
  db: Parameters<typeof sessionsFor>[0],
  config: ReturnType<typeof loadConfig>,
  userId: string,
) {
  const port = Number(process.env.BENCH_PORT ?? 3440);
  const seconds = argument("duration", 10);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-bench-feed-"));
  const server = startNode(["--import", "tsx", "app/server.ts"], productionServerEnv(port, dataDir));
  try {
    await waitFor(`${base}/healthz`);
    const sessions = sessionsFor(db, {
      cookieName: config.sessionCookie.name,
      secureCookie: false,
      days: config.sessionCookie.days,
      secret: config.sessionSecret,
    });
    const cookie = (await sessions.create(userId, { userAgent: "bench", ipAddress: "127.0.0.1" })).split(";")[0]!;
    const targets: [string, string, Record<string, string>][] = [
      ["home page, anonymous", "/", {}],
      ["home page, signed in (feed first)", "/", { cookie }],
      ["/feed, signed in", "/feed", { cookie }],
    ];
    const results = new Map<string, { requests: number; latencies: number[]; cpuMs: number }>();
    // The server's own CPU time (user + system, from /proc): PostgreSQL's is not counted (it is
    // shared with whatever else runs on the machine).
    const serverCpuMs = async () => {
      const fields = (await fs.readFile(`/proc/${server.pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    };
    for (let round = 0; round < 2; round++) {
      for (const [name, url, headers] of targets) {
        const latencies: number[] = [];
        const cpuBefore = await serverCpuMs();
        const instance = autocannon({ url: base + url, connections: 10, duration: seconds, headers });
        instance.on("response", (_c, _s, _b, time) => latencies.push(time));
        const result = await instance;
        const cpuAfter = await serverCpuMs();
        if (result.non2xx) throw new Error(`${name}: ${result.non2xx} answers were not 2xx`);
        const entry = results.get(name) ?? { requests: 0, latencies: [], cpuMs: 0 };
        entry.requests += result.requests.total;
        entry.latencies.push(...latencies);
        entry.cpuMs += cpuAfter - cpuBefore;
        results.set(name, entry);
      }
    }
    console.log(`
Pages, production build, 10 connections, 2 × ${seconds} s per target:`);
    const anonymous = results.get(targets[0]![0])!.requests;
    for (const [name] of targets) {
      const { requests, latencies, cpuMs } = results.get(name)!;
      latencies.sort((a, b) => a - b);
      console.log(
        `  ${name.padEnd(36)} ${(requests / (2 * seconds)).toFixed(0).padStart(5)} req/s   p50 ${percentile(latencies, 50).toFixed(0)} ms   p95 ${percentile(latencies, 95).toFixed(0)} ms   server CPU ${(cpuMs / requests).toFixed(2)} ms/req   ${((requests / anonymous) * 100).toFixed(0)}% of anonymous`,
      );
    }
  } finally {
    server.kill("SIGTERM");
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
