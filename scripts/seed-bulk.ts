/**
 * npm run seed:bulk -- --listings 1000000 [--sellers 5000] [--batch 50000]
 *
 * Benchmark data: generates listings inside the database (INSERT … SELECT over generate_series in
 * large batches, no row crosses the wire), spread over 50 US metro areas, with a vocabulary in which
 * “vintage” starts about 5% of titles (the common-word case of the search benchmark). No photos.
 * Works on PostgreSQL (DATABASE_URL) and, slowly, on the embedded PGlite.
 */
import { sql } from "kysely";
import { openDatabase } from "~db/index";
import { migrateToLatest } from "~db/migrate";
import { CATALOGUE } from "~db/seed-listings";
import { loadConfig } from "~/lib/env.server";
import { hashPassword } from "~/modules/accounts/passwords.server";
import { resolvePlace } from "~/modules/listings/location.server";

const METROS = [
  "10001",
  "11215",
  "07302",
  "19104",
  "02139",
  "20001",
  "21201",
  "15213",
  "14604",
  "06510",
  "30303",
  "33101",
  "32801",
  "28202",
  "27601",
  "37203",
  "35203",
  "70112",
  "77002",
  "78701",
  "75201",
  "73102",
  "64106",
  "63101",
  "60601",
  "53202",
  "55401",
  "48201",
  "44113",
  "46204",
  "43215",
  "40202",
  "80202",
  "84101",
  "87102",
  "85004",
  "89101",
  "92101",
  "90012",
  "93101",
  "94103",
  "95814",
  "97214",
  "98101",
  "99201",
  "83702",
  "59801",
  "96813",
  "99501",
  "82001",
];
// 20 adjectives: each starts about 5% of titles; "Vintage" is the benchmark's common word.
const ADJECTIVES = [
  "Vintage",
  "Used",
  "Barely used",
  "Sturdy",
  "Compact",
  "Large",
  "Small",
  "Classic",
  "Modern",
  "Retro",
  "Handmade",
  "Lightweight",
  "Heavy-duty",
  "Cozy",
  "Elegant",
  "Practical",
  "Solid",
  "Portable",
  "Rustic",
  "Bright",
];
const EXTRAS = [
  "",
  "",
  "with original box",
  "in great shape",
  "needs a little love",
  "must go this week",
  "barely used",
  "with extras",
];
const SENTENCES = [
  "Moving out, so it has to go.",
  "Works perfectly, some scratches.",
  "Smoke-free, pet-free home.",
  "Pickup from the porch any evening.",
  "Priced to sell quickly.",
  "Happy to answer questions.",
  "Comes from a tidy household.",
  "Cash or Stoop checkout.",
];

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

function progress(done: number, total: number, started: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = (Date.now() - started) / 1000;
  const rate = Math.round(done / Math.max(seconds, 0.001));
  const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
  process.stdout.write(
    `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done.toLocaleString("en")}/${total.toLocaleString("en")} ` +
      `${((done / total) * 100).toFixed(0)}%  ${rate.toLocaleString("en")} listings/s  ${seconds.toFixed(0)} s elapsed, ~${eta} s left   `,
  );
}

async function main() {
  const total = argument("listings", 100_000);
  const sellerCount = argument("sellers", 5_000);
  const batch = argument("batch", 50_000);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { db } = database;
  try {
    await migrateToLatest(db);
    const places = METROS.map((zip) => resolvePlace(zip)).filter((place) => place !== null);
    const items = CATALOGUE.flatMap(([categoryId, list]) => list.map(([name, price]) => ({ categoryId, name, price })));
    const run = Date.now().toString(36);

    console.log(
      `Stoop bulk seed: ${total.toLocaleString("en")} listings by ${sellerCount.toLocaleString("en")} sellers into ${database.location}`,
    );
    // Sellers share one password hash (of a random password): nobody signs in as them.
    const passwordHash = await hashPassword(`bulk-${Math.random()}-${Date.now()}`);
    await sql`
      insert into users (id, email, display_name, password_hash)
      select 'bulk-' || ${run} || '-' || g, 'seller-' || ${run} || '-' || g || '@bulk.stoop.local',
             'Bulk seller ' || g, ${passwordHash}
      from generate_series(1, ${sellerCount}::int) g`.execute(db);

    const started = Date.now();
    progress(0, total, started);
    for (let done = 0; done < total; done += batch) {
      const size = Math.min(batch, total - done);
      await sql`
        with v as (
          select ${sql.val(ADJECTIVES)}::text[] as adjectives,
                 ${sql.val(items.map((item) => item.name))}::text[] as names,
                 ${sql.val(items.map((item) => item.categoryId))}::text[] as categories,
                 ${sql.val(items.map((item) => item.price * 100))}::int[] as prices,
                 ${sql.val(EXTRAS)}::text[] as extras,
                 ${sql.val(SENTENCES)}::text[] as sentences,
                 ${sql.val(places.map((place) => place.latitude))}::float8[] as lats,
                 ${sql.val(places.map((place) => place.longitude))}::float8[] as lons,
                 ${sql.val(places.map((place) => place.placeName))}::text[] as place_names
        ),
        r as (
          select g,
                 1 + floor(random() * ${ADJECTIVES.length})::int as a,
                 1 + floor(random() * ${items.length})::int as i,
                 1 + floor(random() * ${EXTRAS.length})::int as e,
                 1 + floor(random() * ${SENTENCES.length})::int as s1,
                 1 + floor(random() * ${SENTENCES.length})::int as s2,
                 1 + floor(random() * ${places.length})::int as p,
                 random() as roll, random() as price_roll, random() as ship_roll
          from generate_series(1, ${size}::int) g
        )
        insert into listings (id, seller_id, title, description, category_id, condition, price_cents, pickup,
                              shipping, shipping_cents, latitude, longitude, place_name, status, published_at)
        select
          substr(translate(encode(uuid_send(gen_random_uuid()), 'base64'), '+/', '-_'), 1, 16),
          'bulk-' || ${run} || '-' || (1 + (g + ${done}::int) % ${sellerCount}::int),
          trim(v.adjectives[a] || ' ' || lower(v.names[i]) || ' ' || v.extras[e]),
          v.sentences[s1] || ' ' || v.sentences[s2] || ' The ' || lower(v.names[i]) || ' is ready for a new home.',
          v.categories[i],
          (array['new_with_tags','like_new','good','good','fair','for_parts'])[1 + floor(roll * 6)::int],
          case when price_roll < 0.04 then 0 else round(v.prices[i] * (0.4 + price_roll) / 100) * 100 end,
          ship_roll > 0.2,
          ship_roll < 0.5,
          case when ship_roll < 0.5 then 500 + floor(ship_roll * 4)::int * 250 else null end,
          round((v.lats[p] + (random() - 0.5) * 0.3)::numeric, 2)::float8,
          round((v.lons[p] + (random() - 0.5) * 0.4)::numeric, 2)::float8,
          v.place_names[p],
          case when roll < 0.95 then 'active' when roll < 0.98 then 'sold' else 'archived' end,
          now() - random() * interval '365 days'
        from r, v`.execute(db);
      progress(done + size, total, started);
    }
    process.stdout.write("\n");
    const analyzeStarted = Date.now();
    await sql`analyze listings`.execute(db);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Loaded ${total.toLocaleString("en")} listings in ${seconds.toFixed(1)} s ` +
        `(${Math.round(total / seconds).toLocaleString("en")} listings/s; analyze ${((Date.now() - analyzeStarted) / 1000).toFixed(1)} s).`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
