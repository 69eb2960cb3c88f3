/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Listings, photos, favorites and saved searches (issue 3). 0002 is reserved for jobs/notifications.
 *
 * Search: a stored generated tsvector (title weight A above description B, 'english' stemming)
 * with a GIN index. Geo: plain latitude/longitude columns with a btree index, so a bounding-box
 * prefilter is indexed on PostgreSQL and PGlite alike (no PostGIS/cube/earthdistance extension).
 */

// The seeded two-level category tree: [slug, name, children].
const CATEGORIES: [string, string, [string, string][]][] = [
  [
    "furniture",
    "Furniture",
    [
      ["sofas-chairs", "Sofas & chairs"],
      ["tables-desks", "Tables & desks"],
      ["storage", "Storage & shelving"],
      ["beds", "Beds & mattresses"],
    ],
  ],
  [
    "electronics",
    "Electronics",
    [
      ["phones", "Phones"],
      ["computers", "Computers"],
      ["audio", "Audio"],
      ["tv-video", "TV & video"],
      ["cameras", "Cameras"],
      ["gaming", "Video games & consoles"],
    ],
  ],
  [
    "bikes-sports",
    "Bikes & sports",
    [
      ["bikes", "Bikes"],
      ["fitness", "Fitness"],
      ["camping", "Camping & outdoors"],
      ["winter-sports", "Winter sports"],
    ],
  ],
  [
    "clothing-shoes",
    "Clothing & shoes",
    [
      ["womens", "Women's clothing"],
      ["mens", "Men's clothing"],
      ["shoes", "Shoes"],
      ["bags-accessories", "Bags & accessories"],
    ],
  ],
  [
    "kids-baby",
    "Kids & baby",
    [
      ["toys", "Toys"],
      ["strollers", "Strollers & car seats"],
      ["kids-clothing", "Kids' clothing"],
      ["nursery", "Nursery furniture"],
    ],
  ],
  [
    "home-garden",
    "Home & garden",
    [
      ["kitchen", "Kitchen & dining"],
      ["decor", "Decor & lighting"],
      ["garden", "Garden & patio"],
      ["bedding", "Bedding & bath"],
    ],
  ],
  [
    "tools",
    "Tools",
    [
      ["power-tools", "Power tools"],
      ["hand-tools", "Hand tools"],
      ["workshop", "Workshop equipment"],
    ],
  ],
  [
    "books-media",
    "Books & media",
    [
      ["books", "Books"],
      ["music-media", "Records, CDs & tapes"],
      ["movies", "Movies"],
      ["board-games", "Board games & puzzles"],
    ],
  ],
  [
    "musical-instruments",
    "Musical instruments",
    [
      ["guitars", "Guitars & basses"],
      ["keyboards", "Keyboards & pianos"],
      ["drums", "Drums & percussion"],
      ["music-gear", "Amps & pro audio"],
    ],
  ],
  [
    "collectibles",
    "Collectibles",
    [
      ["art", "Art"],
      ["antiques", "Antiques"],
      ["cards-coins", "Cards, coins & stamps"],
    ],
  ],
  [
    "appliances",
    "Appliances",
    [
      ["large-appliances", "Large appliances"],
      ["small-appliances", "Small appliances"],
      ["heating-cooling", "Heating & cooling"],
    ],
  ],
  ["other", "Everything else", []],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("categories")
    .addColumn("id", "text", (col) => col.primaryKey()) // a readable slug: categories appear in URLs
    .addColumn("parent_id", "text", (col) => col.references("categories.id").onDelete("restrict"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("categories_parent_id_idx").on("categories").column("parent_id").execute();

  const rows: { id: string; parent_id: string | null; name: string; position: number }[] = [];
  CATEGORIES.forEach(([id, name, children], index) => {
    rows.push({ id, parent_id: null, name, position: index });
    children.forEach(([childId, childName], childIndex) =>
      rows.push({ id: childId, parent_id: id, name: childName, position: childIndex }),
    );
  });
  await db
    .insertInto("categories")
    .values(rows.filter((row) => row.parent_id === null))
    .execute();
  await db
    .insertInto("categories")
    .values(rows.filter((row) => row.parent_id !== null))
    .execute();

  await db.schema
    .createTable("listings")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("seller_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("category_id", "text", (col) => col.notNull().references("categories.id"))
    .addColumn("condition", "text", (col) =>
      col.notNull().check(sql`condition in ('new_with_tags', 'like_new', 'good', 'fair', 'for_parts')`),
    )
    .addColumn("price_cents", "integer", (col) => col.notNull().check(sql`price_cents >= 0`))
    .addColumn("pickup", "boolean", (col) => col.notNull().defaultTo(true))
    .addColumn("shipping", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("shipping_cents", "integer", (col) => col.check(sql`shipping_cents >= 0`))
    // An approximate point (a postal code's or town's centre), never the seller's address.
    .addColumn("latitude", "double precision", (col) => col.notNull())
    .addColumn("longitude", "double precision", (col) => col.notNull())
    .addColumn("place_name", "text", (col) => col.notNull())
    .addColumn("postal_code", "text")
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'active', 'reserved', 'sold', 'archived', 'removed')`),
    )
    .addColumn("published_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("search_vector", sql`tsvector`, (col) =>
      col
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')`,
        )
        .stored(),
    )
    .addCheckConstraint("listings_delivery_check", sql`pickup or shipping`)
    .addCheckConstraint(
      "listings_shipping_price_check",
      sql`(shipping and shipping_cents is not null) or (not shipping and shipping_cents is null)`,
    )
    .execute();

  await sql`create index listings_search_vector_idx on listings using gin (search_vector)`.execute(db);
  // Partial indexes on the searchable rows: every public query filters on status = 'active'.
  await sql`create index listings_active_published_idx on listings (published_at desc, id desc) where status = 'active'`.execute(
    db,
  );
  await sql`create index listings_active_price_idx on listings (price_cents, id) where status = 'active'`.execute(db);
  await sql`create index listings_active_category_idx on listings (category_id, published_at desc) where status = 'active'`.execute(
    db,
  );
  await sql`create index listings_active_geo_idx on listings (latitude, longitude) where status = 'active'`.execute(db);
  await sql`create index listings_seller_idx on listings (seller_id, status, created_at desc)`.execute(db);

  await db.schema
    .createTable("listing_photos")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("storage_key", "text", (col) => col.notNull())
    .addColumn("width", "integer", (col) => col.notNull())
    .addColumn("height", "integer", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("listing_photos_listing_idx")
    .on("listing_photos")
    .columns(["listing_id", "position"])
    .execute();

  await db.schema
    .createTable("favorites")
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("favorites_pkey", ["user_id", "listing_id"])
    .execute();
  await db.schema.createIndex("favorites_listing_idx").on("favorites").column("listing_id").execute();

  await db.schema
    .createTable("saved_searches")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    // The normalized search URL parameters (the same ones /search reads), as a JSON object.
    .addColumn("query", "jsonb", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("saved_searches_user_idx").on("saved_searches").column("user_id").execute();

  await db.schema
    .createTable("listing_events")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("listing_events_listing_idx")
    .on("listing_events")
    .columns(["listing_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("listing_events").execute();
  await db.schema.dropTable("saved_searches").execute();
  await db.schema.dropTable("favorites").execute();
  await db.schema.dropTable("listing_photos").execute();
  await db.schema.dropTable("listings").execute();
  await db.schema.dropTable("categories").execute();
}
