/**
 * npm run bench:search:embedded [-- --searches 80]
 *
 * Uncached search on the embedded default (PGlite in DATA_DIR, filled with `npm run seed:bulk --
 * --listings 100000` without DATABASE_URL): per search shape of bench:search, `--searches` searches
 * in this process, each excluding a word no listing has and no cache has seen, results and facet
 * counts as the search page reads them (searchWithFacets over PGlite's one connection). Prints
 * p50/p95/max per shape. A script that prints figures, not a test.
 */
import { openDatabase } from "~db/index";
import { loadConfig } from "~/lib/env.server";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { resolveSearch, searchWithFacets } from "~/modules/listings/search.server";
import { SEARCHES, uncachedVariant } from "./bench-search-queries";

const searchesIndex = process.argv.indexOf("--searches");
const perShape = searchesIndex > -1 ? Number(process.argv[searchesIndex + 1]) : 80;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function main() {
  const config = loadConfig();
  if (config.databaseUrl)
    throw new Error("Unset DATABASE_URL: this benchmark measures the embedded PGlite in DATA_DIR.");
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { db } = database;
  try {
    const { count } = await db
      .selectFrom("listings")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    console.log(`Uncached search on PGlite (${config.dataDir}): ${Number(count).toLocaleString("en-US")} listings`);
    let counter = 0;
    console.log("\nshape                                   searches  p50 ms  p95 ms  max ms");
    for (const [name, queries] of Object.entries(SEARCHES)) {
      // One round of each query first: PGlite's own caches warm up, not Stoop's (every search differs).
      for (const query of queries) await search(uncachedVariant(query, counter++));
      const times: number[] = [];
      for (let i = 0; i < perShape; i++) {
        const started = performance.now();
        await search(uncachedVariant(queries[i % queries.length]!, counter++));
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${name.padEnd(40)}${String(perShape).padStart(8)}${percentile(times, 0.5).toFixed(1).padStart(8)}${percentile(times, 0.95).toFixed(1).padStart(8)}${times.at(-1)!.toFixed(1).padStart(8)}`,
      );
    }
  } finally {
    await database.close();
  }

  async function search(query: string) {
    const params = searchParamsSchema.parse(rawSearchParams(new URLSearchParams(query)));
    await searchWithFacets(db, await resolveSearch(db, params));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
