/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Service-only orders (issue #16, ADR 038): buying a shop's quote on a Wanted request makes an
 * order with no item. `kind` says which; an item order keeps its listing and seller (a CHECK), a
 * service order has neither, points at the quote it buys, costs nothing for item and shipping
 * (its one line is an order_services row, so orders_total_adds_up still holds) and is delivered
 * 'at_shop': none of the pickup or shipping features apply. One live (not cancelled) order per
 * quote: a second checkout of the same quote can't be started while one is open or was paid.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("orders")
    .addColumn("kind", "text", (col) => col.notNull().defaultTo("item"))
    .execute();
  await db.schema
    .alterTable("orders")
    .addColumn("wanted_answer_id", "text", (col) => col.references("wanted_answers.id").onDelete("set null"))
    .execute();
  await sql`alter table orders alter column listing_id drop not null`.execute(db);
  await sql`alter table orders alter column seller_id drop not null`.execute(db);
  await sql`alter table orders drop constraint orders_delivery_check`.execute(db);
  await sql`alter table orders add constraint orders_delivery_check
    check (delivery in ('pickup', 'shipping', 'at_shop'))`.execute(db);
  await sql`alter table orders add constraint orders_kind_fields check (
    (kind = 'item' and listing_id is not null and seller_id is not null and delivery <> 'at_shop'
       and wanted_answer_id is null)
    or (kind = 'service' and listing_id is null and seller_id is null and delivery = 'at_shop'
       and item_cents = 0 and shipping_cents = 0))`.execute(db);
  await sql`create unique index orders_one_live_per_quote on orders (wanted_answer_id)
    where wanted_answer_id is not null and status <> 'cancelled'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Unpaid or unmoved service orders go with their line; one with money or reviews on it makes this
  // fail (the ledger's and the reviews' foreign keys restrict), as a rollback of live money should.
  await sql`delete from order_services where order_id in (select id from orders where kind = 'service')`.execute(db);
  await sql`delete from orders where kind = 'service'`.execute(db);
  await sql`drop index orders_one_live_per_quote`.execute(db);
  await sql`alter table orders drop constraint orders_kind_fields`.execute(db);
  await sql`alter table orders drop constraint orders_delivery_check`.execute(db);
  await sql`alter table orders add constraint orders_delivery_check check (delivery in ('pickup', 'shipping'))`.execute(
    db,
  );
  await sql`alter table orders alter column seller_id set not null`.execute(db);
  await sql`alter table orders alter column listing_id set not null`.execute(db);
  await db.schema.alterTable("orders").dropColumn("wanted_answer_id").execute();
  await db.schema.alterTable("orders").dropColumn("kind").execute();
}
