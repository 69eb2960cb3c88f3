/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

// Reviews of retailer service lines: the buyer reviews each service line that was done, once per
// line. `reviewee_id` stays the shop's owner (a user, as for every review); `retailer_id` is what
// the shop's rating is computed over. The seller/buyer uniqueness of 0010 is unchanged.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("reviews")
    .addColumn("order_service_id", "text", (col) => col.references("order_services.id").onDelete("restrict"))
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("restrict"))
    .execute();
  await sql`alter table reviews add constraint reviews_service_line_check check (
    (subject = 'service') = (order_service_id is not null and retailer_id is not null))`.execute(db);
  await sql`create unique index reviews_one_per_service_line_key on reviews (order_service_id)
    where subject = 'service'`.execute(db);
  await sql`create index reviews_retailer_idx on reviews (retailer_id, created_at) where subject = 'service'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("reviews_retailer_idx").execute();
  await db.schema.dropIndex("reviews_one_per_service_line_key").execute();
  await sql`alter table reviews drop constraint reviews_service_line_check`.execute(db);
  await db.schema.alterTable("reviews").dropColumn("order_service_id").dropColumn("retailer_id").execute();
}
