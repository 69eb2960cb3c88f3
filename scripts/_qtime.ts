import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "~db/schema";
import { rawSearchParams, searchParamsSchema } from "~/modules/listings/schemas";
import { resolveSearch, searchFacets, searchListings } from "~/modules/listings/search.server";
import { getListingPage } from "~/modules/listings/browse.server";

const pool = new pg.Pool({ connectionString: "postgres://stoop@127.0.0.1:5432/stoop_bench", max: 4 });
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  plugins: [new CamelCasePlugin()],
  log: (e) => {
    if (e.level === "query" && process.env.SHOW)
      console.log(
        `  ${e.queryDurationMillis.toFixed(1).padStart(7)} ms  ${e.query.sql.replace(/\s+/g, " ").slice(0, Number(process.env.SHOW))}`,
      );
  },
});
const queries = process.argv.slice(2);
for (const q of queries) {
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    if (q.startsWith("listing:")) {
      await getListingPage(db, q.slice(8), null, null);
    } else {
      const resolved = await resolveSearch(db, searchParamsSchema.parse(rawSearchParams(new URLSearchParams(q))));
      await Promise.all([searchListings(db, resolved), searchFacets(db, resolved)]);
    }
    console.log(`${q}: ${(performance.now() - t0).toFixed(1)} ms`);
  }
}
await db.destroy();
