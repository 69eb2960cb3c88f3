/**
 * npm run bench:search [-- --duration 15 --connections 10,50 --rounds 3]
 *
 * Against the PostgreSQL database at DATABASE_URL (fill it with `npm run seed:bulk -- --listings
 * 1000000`), with the production build, side by side at 10 and 50 connections:
 *   search pages (keyword + category + distance with facets; a common word matching ~5%),
 *   a listing page, the framework ceiling (the same components rendered from a captured constant
 *   payload by the /bench/:page route, no database) and a bare node:http server sending the same bytes.
 * Each target runs in interleaved slices (--rounds, default 3) so the ratios survive a busy shared
 * machine; CPU per request (app server + the database's PostgreSQL backends, from /proc) is printed
 * beside req/s as the noise-resistant figure. Options: --duration S (per target, default 15),
 * --connections 10,50, --rounds N and --processes 1,2: run everything once per count of app
 * processes behind the one port (node:cluster through scripts/cluster.ts, also for 1, so the
 * counts compare like with like) and print the pages side by side.
 * Prints req/s, p50/p95/p99 and the ratios, EXPLAIN ANALYZE of every query the search runs, and the
 * gzipped client JavaScript of both pages. A script that prints figures, not a test.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";
import type { Database } from "~db/schema";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { getListingPage } from "~/modules/community/listing-page.server";
import { resolveSearch, searchListings, searchWithFacets } from "~/modules/listings/search.server";
import { SEARCHES, uncachedVariant } from "./bench-search-queries";
import { argument, argumentList, percentile, productionServerEnv, startNode, waitFor } from "./bench-support";

const databaseUrl = process.env.DATABASE_URL;
const duration = argument("duration", 15);
const connectionCounts = argumentList("connections") ?? [10, 50];
const rounds = argument("rounds", 3);
const processCounts = argumentList("processes");
if (processCounts?.some((count) => count > 64))
  throw new Error("--processes needs whole numbers from 1 to 64, e.g. --processes 1,2");
const port = Number(process.env.BENCH_PORT ?? 3430);
const barePort = port + 1;
const base = `http://127.0.0.1:${port}`;

interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  cpuPerRequest: number;
}

interface Sample {
  latencies: number[];
  requests: number;
  seconds: number;
  errors: number;
  cpuMs: number;
}

/** A word no listing has: excluding it keeps the matches the same but makes every query new to the caches. */
let uniqueCounter = 0;
const UNCACHED = "&uncached";

async function load(urls: string[], connections: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  const first = new URL(urls[0]!);
  // autocannon cycles through `requests` on every connection: each connection walks the rotation.
  const requests = urls.map((url) => {
    const path = new URL(url).pathname + new URL(url).search;
    if (!path.endsWith(UNCACHED)) return { method: "GET" as const, path };
    const base = path.slice(0, -UNCACHED.length);
    return {
      method: "GET" as const,
      path: base,
      setupRequest: (request: { path: string }) => ({
        ...request,
        path: uncachedVariant(base, uniqueCounter++),
      }),
    };
  });
  const cpuBefore = await cpuSnapshot();
  const instance = autocannon({ url: first.origin, connections, duration: seconds, requests });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  const cpuMs = cpuBetween(cpuBefore, await cpuSnapshot());
  return {
    latencies,
    requests: result.requests.total,
    seconds,
    errors: result.non2xx + result.errors + result.timeouts,
    cpuMs,
  };
}

function summarize(name: string, connections: number, samples: Sample[]): Row {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  const requests = samples.reduce((sum, sample) => sum + sample.requests, 0);
  return {
    name,
    connections,
    rps: requests / samples.reduce((sum, sample) => sum + sample.seconds, 0),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    cpuPerRequest: samples.reduce((sum, sample) => sum + sample.cpuMs, 0) / Math.max(requests, 1),
  };
}

/**
 * CPU time (user + system) spent so far by the app server and by the benchmark database's
 * PostgreSQL backends, from /proc (Linux). Unlike req/s, CPU per request hardly depends on what
 * else the shared machine is doing, so it is printed beside the throughput.
 */
const cpuWatch = { serverPid: 0, database: "" };
async function cpuSnapshot(): Promise<Map<string, number>> {
  const snapshot = new Map<string, number>();
  if (!cpuWatch.serverPid) return snapshot;
  const ticks = async (pid: string) => {
    try {
      const fields = (await fs.readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
      snapshot.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // gone meanwhile
    }
  };
  await ticks(String(cpuWatch.serverPid));
  for (const pid of await fs.readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    // The cluster's workers (--processes) are children of the server process.
    const parent = Number(
      (await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "")).split(") ")[1]?.split(" ")[1] ?? 0,
    );
    if (parent === cpuWatch.serverPid) {
      await ticks(pid);
      continue;
    }
    const command = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (command.startsWith("postgres: ") && command.includes(` ${cpuWatch.database} `)) await ticks(pid);
  }
  return snapshot;
}

/** CPU milliseconds between two snapshots (processes that ended in between are not counted). */
function cpuBetween(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
  return (total * 1000) / 100; // USER_HZ is 100 on Linux
}

/** After a run, requests still queued in the server would slow the next one: wait until it is idle. */
async function drain() {
  for (let attempt = 0; attempt < 240; attempt++) {
    const started = performance.now();
    await fetch(`${base}/healthz`).catch(() => undefined);
    // Queries a finished run left behind (a slow search whose client went away) would bill the next one.
    const busy = drainPool
      ? Number(
          (
            await drainPool.query(
              "select count(*) as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()",
            )
          ).rows[0].n,
        )
      : 0;
    if (performance.now() - started < 50 && busy === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
let drainPool: pg.Pool | null = null;

async function explainPlans(db: Kysely<Database>, captured: CompiledQuery[], client: pg.Client, listingId: string) {
  captured.length = 0;
  await getListingPage(db, listingId, null, null);
  await printPlans("listing page", captured, client);
  await printPreparedPlan("listing page", captured[0]!, client);
  await explainSearches(db, captured, client);
}

/**
 * The server runs the listing page as a prepared statement (docs/decisions/017): after five
 * executions PostgreSQL keeps a generic plan and stops planning. This shows that plan and its cost.
 */
async function printPreparedPlan(name: string, compiled: CompiledQuery, client: pg.Client) {
  const statement = "bench_prepared_page";
  for (let execution = 0; execution < 6; execution++)
    await client.query({ name: statement, text: compiled.sql, values: [...compiled.parameters] });
  const literals = compiled.parameters.map((value) =>
    value instanceof Date
      ? client.escapeLiteral(value.toISOString())
      : typeof value === "string"
        ? client.escapeLiteral(value)
        : String(value),
  );
  const plan = await client.query(`explain (analyze, buffers off) execute ${statement}(${literals.join(", ")})`);
  const { rows } = await client.query(
    "select generic_plans, custom_plans from pg_prepared_statements where name = $1",
    [statement],
  );
  const lines = plan.rows.map((row: Record<string, string>) => row["QUERY PLAN"]!);
  const seqScan = lines.some((line) => /Seq Scan on listings/.test(line));
  console.log(
    `\n--- EXPLAIN ANALYZE: ${name} as the server runs it (prepared; ${rows[0].generic_plans} generic and ` +
      `${rows[0].custom_plans} custom plans so far) ${seqScan ? "(SEQUENTIAL SCAN on listings!)" : "(no sequential scan on listings)"}`,
  );
  console.log(lines.filter((line) => /^(Planning|Execution) Time/.test(line)).join("\n"));
}

async function printPlans(name: string, captured: CompiledQuery[], client: pg.Client) {
  for (const [index, compiled] of captured.filter((q) => /from "listings"/.test(q.sql)).entries()) {
    const plan = await client.query(`explain (analyze, buffers off) ${compiled.sql}`, [...compiled.parameters]);
    const lines = plan.rows.map((row: Record<string, string>) => row["QUERY PLAN"]!);
    const seqScan = lines.some((line) => /Seq Scan on listings/.test(line));
    console.log(
      `\n--- EXPLAIN ANALYZE: ${name}, query ${index + 1} ${seqScan ? "(SEQUENTIAL SCAN on listings!)" : "(no sequential scan on listings)"}`,
    );
    console.log(lines.join("\n"));
  }
}

async function explainSearches(db: Kysely<Database>, captured: CompiledQuery[], client: pg.Client) {
  for (const [name, [query]] of Object.entries(SEARCHES)) {
    captured.length = 0;
    const resolved = await resolveSearch(db, searchParamsSchema.parse(rawSearchParams(new URLSearchParams(query!))));
    await searchWithFacets(db, resolved);
    await printPlans(name, captured, client);
  }
}

async function clientJsGzip(pageUrl: string): Promise<number> {
  const html = await (await fetch(pageUrl)).text();
  const sources = new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((match) => match[1]!));
  let total = 0;
  for (const source of sources) total += gzipSync(Buffer.from(await (await fetch(base + source)).arrayBuffer())).length;
  return total;
}

/** Each page at every --processes count: req/s, p95 and the ratio to the ceiling at the same count. */
function printSideBySide(runs: { processes: number | null; rows: Row[] }[]) {
  const counts = runs.map((run) => run.processes!);
  const header = [
    "page",
    "conns",
    ...counts.flatMap((n) => [`req/s ×${n}`, `p95 ×${n}`, `vs ceiling ×${n}`]),
    `×${counts.at(-1)} / ×${counts[0]}`,
  ];
  const lines = runs[0]!.rows.map((first) => {
    const cells = runs.flatMap((run) => {
      const row = run.rows.find((r) => r.name === first.name && r.connections === first.connections)!;
      const ceiling = run.rows.find(
        (r) =>
          r.connections === first.connections &&
          r.name ===
            (first.name.startsWith("listing") || first.name.includes("listing markup")
              ? "ceiling: listing markup, no database"
              : "ceiling: search markup, no database"),
      )!;
      return [row.rps.toFixed(0), row.p95.toFixed(1), `${((row.rps / ceiling.rps) * 100).toFixed(0)}%`];
    });
    const last = runs.at(-1)!.rows.find((r) => r.name === first.name && r.connections === first.connections)!;
    return [first.name, String(first.connections), ...cells, `${(last.rps / first.rps).toFixed(2)}`];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (line: string[]) =>
    line
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ");
  console.log(`\nSide by side (${counts.join(" vs ")} app processes):`);
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

async function main() {
  if (!databaseUrl?.startsWith("postgres"))
    throw new Error("Set DATABASE_URL to the PostgreSQL database to benchmark.");
  await fs.access("build/index.js").catch(() => {
    throw new Error("Build first: npm run build");
  });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-bench-"));
  const children: ChildProcess[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  drainPool = pool;
  const captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      if (event.level === "query") captured.push(event.query);
    },
  });
  try {
    const { count } = await db
      .selectFrom("listings")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .executeTakeFirstOrThrow();
    const listing = await db
      .selectFrom("listings")
      .select("id")
      .where("status", "=", "active")
      .where(sql<boolean>`id in (select listing_id from listing_photos)`)
      .executeTakeFirst()
      .then(
        async (row) =>
          row ??
          (await db.selectFrom("listings").select("id").where("status", "=", "active").executeTakeFirstOrThrow()),
      );
    console.log(
      `Stoop search benchmark: ${Number(count).toLocaleString("en")} listings, ${duration} s per run, ${os.cpus().length} CPUs\n`,
    );

    const serverEnv = { ...productionServerEnv(port, dataDir), DATABASE_URL: databaseUrl };
    /** One app process (app/server.ts), or `processes` of them behind the port (scripts/cluster.ts). */
    const startApp = async (processes: number | null): Promise<ChildProcess> => {
      const readyFile = path.join(dataDir, `ready-${processes}`);
      const child = processes
        ? startNode(
            ["--import", "tsx", "scripts/cluster.ts", "--processes", String(processes), "--ready-file", readyFile],
            serverEnv,
          )
        : startNode(["--import", "tsx", "app/server.ts"], serverEnv);
      children.push(child);
      if (processes) {
        for (let attempt = 0; ; attempt++) {
          if (
            await fs.access(readyFile).then(
              () => true,
              () => false,
            )
          )
            break;
          if (attempt > 240 || child.exitCode !== null)
            throw new Error(`the cluster of ${processes} app processes did not come up`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      await waitFor(`${base}/healthz`);
      cpuWatch.serverPid = child.pid ?? 0;
      return child;
    };
    const stopApp = async (child: ChildProcess) => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    };
    cpuWatch.database = new URL(databaseUrl).pathname.slice(1);
    let app = await startApp(processCounts?.[0] ?? null);

    // Capture the loader payloads the ceiling route renders, and the bytes the bare server sends.
    const searchQuery = Object.values(SEARCHES)[0]![0]!;
    await fs.mkdir(path.join(dataDir, "bench"), { recursive: true });
    const searchJson = await (await fetch(`${base}/search?${searchQuery}&_data=routes%2Fsearch`)).text();
    const listingJson = await (await fetch(`${base}/listings/${listing.id}?_data=routes%2Flistings.%24id`)).text();
    await fs.writeFile(path.join(dataDir, "bench", "search.json"), searchJson);
    await fs.writeFile(path.join(dataDir, "bench", "listing.json"), listingJson);
    const searchHtml = await (await fetch(`${base}/search?${searchQuery}`)).text();
    const ceilingHtml = await (await fetch(`${base}/bench/search`)).text();
    const listingHtml = await (await fetch(`${base}/listings/${listing.id}`)).text();
    const ceilingListingHtml = await (await fetch(`${base}/bench/listing`)).text();
    console.log(
      `search page ${searchHtml.length} bytes, its ceiling copy ${ceilingHtml.length} bytes; ` +
        `listing page ${listingHtml.length} bytes, its ceiling copy ${ceilingListingHtml.length} bytes ` +
        "(the copies differ only in the Remix context script: route ids and the wrapped payload)",
    );

    const htmlFile = path.join(dataDir, "bare.html");
    await fs.writeFile(htmlFile, searchHtml);
    children.push(
      startNode(
        [
          "-e",
          `const fs=require("fs");const body=fs.readFileSync(${JSON.stringify(htmlFile)});` +
            `require("http").createServer((q,s)=>{s.writeHead(200,{"Content-Type":"text/html; charset=utf-8","Content-Length":body.length});s.end(body)})` +
            `.listen(${barePort},"127.0.0.1")`,
        ],
        {},
      ),
    );
    await waitFor(`http://127.0.0.1:${barePort}/`);

    // A page 2 for the first common word: keyset pagination must be as cheap as the first page.
    const common = SEARCHES["search (common word, ~5%)"]!;
    const secondPage = await resolveSearch(
      db,
      searchParamsSchema.parse(rawSearchParams(new URLSearchParams(common[0]))),
    );
    const { nextCursor } = await searchListings(db, secondPage);
    const commonQueries = nextCursor ? [...common, `${common[0]}&cursor=${nextCursor}`] : common;
    // Twenty different listings, as visitors arriving from search results would open.
    const listingIds = (
      await db
        .selectFrom("listings")
        .select("id")
        .where("status", "=", "active")
        .where("id", "!=", listing.id)
        .orderBy("publishedAt", "desc")
        .limit(19)
        .execute()
    ).map((row) => row.id);

    const targets: [string, string[]][] = [
      [
        "search (keyword + category + 50 km)",
        SEARCHES["search (keyword + category + 50 km)"]!.map((query) => `${base}/search?${query}`),
      ],
      ["search (common word, ~5%)", commonQueries.map((query) => `${base}/search?${query}`)],
      ["listing page", [listing.id, ...listingIds].map((id) => `${base}/listings/${id}`)],
      ["ceiling: search markup, no database", [`${base}/bench/search`]],
      ["ceiling: listing markup, no database", [`${base}/bench/listing`]],
      ["bare node:http, same bytes", [`http://127.0.0.1:${barePort}/`]],
      // The same searches with an extra excluded nonsense word each time: always new to the caches.
      [
        "search (keyword + category + 50 km), uncached",
        SEARCHES["search (keyword + category + 50 km)"]!.map((query) => `${base}/search?${query}${UNCACHED}`),
      ],
      ["search (common word, ~5%), uncached", common.map((query) => `${base}/search?${query}${UNCACHED}`)],
    ];
    const runs: { processes: number | null; rows: Row[] }[] = [];
    for (const [runIndex, processes] of (processCounts ?? [null]).entries()) {
      if (runIndex > 0) {
        await stopApp(app);
        app = await startApp(processes);
        for (const [, urls] of targets) await load(urls, connectionCounts[0]!, 1); // the new processes' JIT
      }
      if (processes)
        console.log(
          `\n=== ${processes} app process${processes === 1 ? "" : "es"} behind port ${port} (node:cluster) ===`,
        );
      // Every target runs in `rounds` interleaved slices (A B C … A B C …) rather than one long run
      // each, so a burst of load from the machine's other users hits all of them alike and the
      // ratios to the ceiling stay meaningful.
      const rows: Row[] = [];
      for (const connections of connectionCounts) {
        const samples = new Map<string, Sample[]>(targets.map(([name]) => [name, []]));
        for (const [, urls] of targets) {
          await load(urls, connections, 2); // warm-up: JIT, caches, connection pool
          await drain();
        }
        for (let round = 0; round < rounds; round++) {
          for (const [name, urls] of targets) {
            samples.get(name)!.push(await load(urls, connections, duration / rounds));
            await drain();
            process.stdout.write(".");
          }
        }
        for (const [name] of targets) rows.push(summarize(name, connections, samples.get(name)!));
      }
      process.stdout.write("\n\n");

      const find = (name: string, connections: number) =>
        rows.find((r) => r.name === name && r.connections === connections)!;
      const header = [
        "page",
        "conns",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "vs ceiling",
        "vs bare",
        "CPU ms/req",
        "CPU vs ceiling",
      ];
      const table = rows.map((row) => {
        const ceiling = find(
          row.name.startsWith("listing") || row.name.includes("listing markup")
            ? "ceiling: listing markup, no database"
            : "ceiling: search markup, no database",
          row.connections,
        );
        const bare = find("bare node:http, same bytes", row.connections);
        return [
          row.name,
          String(row.connections),
          row.rps.toFixed(0),
          row.p50.toFixed(1),
          row.p95.toFixed(1),
          row.p99.toFixed(1),
          String(row.errors),
          `${((row.rps / ceiling.rps) * 100).toFixed(0)}%`,
          `${((row.rps / bare.rps) * 100).toFixed(1)}%`,
          row.name.startsWith("bare") ? "" : row.cpuPerRequest.toFixed(2),
          row.cpuPerRequest && ceiling.cpuPerRequest && !row.name.startsWith("bare")
            ? `${((ceiling.cpuPerRequest / row.cpuPerRequest) * 100).toFixed(0)}%`
            : "",
        ];
      });
      const widths = header.map((title, column) =>
        Math.max(title.length, ...table.map((line) => line[column]!.length)),
      );
      const format = (line: string[]) =>
        line
          .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
          .join("  ");
      console.log(format(header));
      for (const line of table) console.log(format(line));
      const failing = rows.filter((row) => row.errors > 0);
      if (failing.length)
        console.log(
          `\nWARNING: non-2xx answers or errors in ${failing.map((row) => row.name).join("; ")}: those figures are not the pages'.`,
        );
      runs.push({ processes, rows });
    }
    if (processCounts && processCounts.length > 1) printSideBySide(runs);

    console.log(
      `\nClient JavaScript (gzip): search page ${((await clientJsGzip(`${base}/search?${searchQuery}`)) / 1024).toFixed(1)} KB, listing page ${((await clientJsGzip(`${base}/listings/${listing.id}`)) / 1024).toFixed(1)} KB`,
    );

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await explainPlans(db, captured, client, listing.id);
    await client.end();
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await db.destroy();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
