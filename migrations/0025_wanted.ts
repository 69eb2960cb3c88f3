/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * "Wanted" requests (issue #16): the demand side speaks first. A member posts what they look for
 * or what problem they have, in an area with a radius; members answer with a listing or text,
 * shops answer with their badge, a quote (a price for one of their services, for this request) or
 * a recommendation of another shop. The requester marks the answer that solved it.
 *
 * A quote is an answer row (kind 'quote': retailer, service, price); buying it makes a
 * service-only order, which points back at the answer from the orders side (a later migration).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("wanted_requests")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("requester_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("details", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("category_id", "text", (col) => col.notNull().references("categories.id").onDelete("restrict"))
    .addColumn("budget_cents", "integer", (col) => col.check(sql`budget_cents > 0`))
    // The area, approximate like a listing's: a place or ZIP resolved to a point, never an address.
    .addColumn("place_name", "text", (col) => col.notNull())
    .addColumn("postal_code", "text")
    .addColumn("latitude", "double precision", (col) => col.notNull())
    .addColumn("longitude", "double precision", (col) => col.notNull())
    .addColumn("radius_km", "integer", (col) =>
      col
        .notNull()
        .defaultTo(10)
        .check(sql`radius_km between 1 and 200`),
    )
    .addColumn("photo_storage_key", "text")
    .addColumn("photo_width", "integer")
    .addColumn("photo_height", "integer")
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'solved', 'closed')`),
    )
    // Open requests stop showing at expires_at (30 days after posting or the last renewal); the
    // row keeps status 'open' so renewing is a plain update of expires_at.
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("solved_answer_id", "text")
    .addColumn("solved_at", "timestamptz")
    .addColumn("removed_at", "timestamptz")
    .addColumn("removal_reason", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("search_vector", sql`tsvector`, (col) =>
      col
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', details), 'B')`,
        )
        .stored(),
    )
    .execute();
  await sql`create index wanted_requests_search_vector_idx on wanted_requests using gin (search_vector)`.execute(db);
  await db.schema
    .createIndex("wanted_requests_open_idx")
    .on("wanted_requests")
    .columns(["created_at", "id"])
    .where(sql.ref("status"), "=", "open")
    .execute();
  await db.schema
    .createIndex("wanted_requests_requester_idx")
    .on("wanted_requests")
    .columns(["requester_id", "created_at"])
    .execute();

  await db.schema
    .createTable("wanted_answers")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("request_id", "text", (col) => col.notNull().references("wanted_requests.id").onDelete("cascade"))
    .addColumn("author_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    // Set when a shop's staff member answers as the shop (the answer shows the shop's badge).
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("cascade"))
    .addColumn("kind", "text", (col) =>
      col.notNull().check(sql`kind in ('text', 'listing', 'quote', 'recommendation')`),
    )
    .addColumn("body", "text", (col) => col.notNull().defaultTo(""))
    // kind 'listing': the answerer's own or another member's active listing.
    .addColumn("listing_id", "text", (col) => col.references("listings.id").onDelete("cascade"))
    // kind 'quote': one of the answering shop's services at a price for this request.
    // kind 'recommendation': another shop, optionally one of its services.
    .addColumn("service_id", "text", (col) => col.references("services.id").onDelete("cascade"))
    .addColumn("recommended_retailer_id", "text", (col) => col.references("retailers.id").onDelete("cascade"))
    .addColumn("quote_cents", "integer", (col) => col.check(sql`quote_cents > 0`))
    .addColumn("removed_at", "timestamptz")
    .addColumn("removal_reason", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "wanted_answers_kind_fields",
      sql`(kind <> 'listing' or listing_id is not null)
        and (kind <> 'quote' or (retailer_id is not null and service_id is not null and quote_cents is not null))
        and (kind = 'quote' or quote_cents is null)
        and (kind <> 'recommendation' or (retailer_id is not null and recommended_retailer_id is not null
             and recommended_retailer_id <> retailer_id))`,
    )
    .execute();
  await db.schema
    .createIndex("wanted_answers_request_idx")
    .on("wanted_answers")
    .columns(["request_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("wanted_answers_retailer_idx")
    .on("wanted_answers")
    .columns(["retailer_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("wanted_answers_author_idx")
    .on("wanted_answers")
    .columns(["author_id", "created_at"])
    .execute();
  await sql`alter table wanted_requests add constraint wanted_requests_solved_answer_fk
    foreign key (solved_answer_id) references wanted_answers(id) on delete set null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table wanted_requests drop constraint wanted_requests_solved_answer_fk`.execute(db);
  await db.schema.dropTable("wanted_answers").execute();
  await db.schema.dropTable("wanted_requests").execute();
}
