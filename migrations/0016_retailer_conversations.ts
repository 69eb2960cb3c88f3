/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Conversations about an order with one of its retailers: the order subject gets the retailer it
 * is with, and one conversation per (order, retailer). Participants are the buyer and the shop's
 * staff (role 'retailer'); staff who join later get their rows when they join.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("conversations")
    .addColumn("retailer_id", "text", (col) => col.references("retailers.id").onDelete("restrict"))
    .execute();
  await sql`create unique index conversations_order_retailer_key on conversations (order_id, retailer_id)
    where subject_type = 'order'`.execute(db);
  // Adding a staff member to a shop adds them to its conversations.
  await sql`create index conversations_retailer_idx on conversations (retailer_id) where retailer_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index conversations_retailer_idx`.execute(db);
  await sql`drop index conversations_order_retailer_key`.execute(db);
  await db.schema.alterTable("conversations").dropColumn("retailer_id").execute();
}
