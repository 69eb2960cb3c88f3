/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * The money ledger (ADR 020): one row per movement of money on an order line — the buyer's
 * charge, each refund, each transfer to a payee and each reversal of one. Refunded and paid
 * amounts are sums over it; `orders.refunded_cents` and `order_services.refunded_cents` stay as
 * columns for readers, but triggers keep them equal to the ledger (a write of any other value is
 * overwritten), so they can't drift. The old per-purpose tables are folded in and dropped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("money_movements")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    // item | shipping | service:<order_services.id>; null when the movement isn't one line's (a charge, a transfer).
    .addColumn("line_key", "text")
    .addColumn("kind", "text", (col) => col.notNull().check(sql`kind in ('charge', 'refund', 'transfer', 'reversal')`))
    // Whose share the movement pays or shrinks: a member (the seller), a shop, or the platform.
    .addColumn("payee_kind", "text", (col) => col.notNull().check(sql`payee_kind in ('member', 'shop', 'platform')`))
    .addColumn("payee_id", "text")
    .addColumn("purpose", "text", (col) => col.notNull())
    .addColumn("amount_cents", "integer", (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
    // The key of the Stripe request; rows share it when one refund pays back several lines.
    .addColumn("request_key", "text", (col) => col.notNull())
    .addColumn("stripe_id", "text")
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`))
    .addColumn("payout_id", "text", (col) => col.references("payouts.id").onDelete("set null"))
    .addColumn("dispute_id", "text", (col) => col.references("disputes.id").onDelete("restrict"))
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn("updated_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("money_movements_payee", sql`(payee_kind = 'platform') = (payee_id is null)`)
    .execute();
  await db.schema.createIndex("money_movements_order_idx").on("money_movements").column("order_id").execute();
  await db.schema.createIndex("money_movements_request_idx").on("money_movements").column("request_key").execute();

  // Backfill. Charges: every paid order's charge, to the platform.
  await sql`
    insert into money_movements (id, order_id, kind, payee_kind, payee_id, purpose, amount_cents, idempotency_key, request_key, stripe_id, status, created_at)
    select 'mm_charge_' || id, id, 'charge', 'platform', null, 'charge', total_cents,
           'order:' || id || ':payee:platform:purpose:charge', 'order:' || id || ':payee:platform:purpose:charge',
           stripe_charge_id, 'succeeded', coalesce(paid_at, created_at)
    from orders where stripe_charge_id is not null and total_cents > 0`.execute(db);
  // Refunds, per line, with the keys they were (or will be) sent with; the payee is the line's.
  await sql`
    insert into money_movements (id, order_id, line_key, kind, payee_kind, payee_id, purpose, amount_cents, idempotency_key, request_key, stripe_id, status, dispute_id, created_at)
    select r.id, r.order_id, r.line_key, 'refund',
           case when s.id is null then 'member' else 'shop' end,
           coalesce(s.retailer_id, o.seller_id),
           case when r.dispute_id is not null then 'dispute:' || r.dispute_id
                when r.line_key like 'service:%' and r.idempotency_key not like '%:refund:full:%' then 'decline'
                else 'cancellation' end,
           r.amount_cents, r.idempotency_key, r.idempotency_key, r.stripe_refund_id, r.status, r.dispute_id, r.created_at
    from order_line_refunds r
    join orders o on o.id = r.order_id
    left join order_services s on r.line_key = 'service:' || s.id`.execute(db);
  // Refunds recorded on the order but on no line (before lines existed): kept, so no cent is lost.
  await sql`
    insert into money_movements (id, order_id, kind, payee_kind, payee_id, purpose, amount_cents, idempotency_key, request_key, stripe_id, status)
    select 'mm_refund_' || o.id, o.id, 'refund', 'platform', null, 'backfill',
           o.refunded_cents - coalesce(l.cents, 0),
           'order:' || o.id || ':payee:platform:purpose:backfill', 'order:' || o.id || ':payee:platform:purpose:backfill',
           o.stripe_refund_id, 'succeeded'
    from orders o
    left join (select order_id, sum(amount_cents) as cents from order_line_refunds where status = 'succeeded' group by order_id) l
      on l.order_id = o.id
    where o.refunded_cents > coalesce(l.cents, 0)`.execute(db);
  // Transfers: every payout that was sent.
  await sql`
    insert into money_movements (id, order_id, kind, payee_kind, payee_id, purpose, amount_cents, idempotency_key, request_key, stripe_id, status, payout_id, created_at)
    select 'mm_transfer_' || p.id, p.order_id, 'transfer',
           case when p.retailer_id is null then 'member' else 'shop' end, coalesce(p.retailer_id, p.payee_id),
           p.purpose, p.amount_cents, p.idempotency_key, p.idempotency_key, p.stripe_transfer_id, 'succeeded', p.id, p.updated_at
    from payouts p where p.status = 'paid' and p.stripe_transfer_id is not null`.execute(db);
  // Reversals of those transfers.
  await sql`
    insert into money_movements (id, order_id, kind, payee_kind, payee_id, purpose, amount_cents, idempotency_key, request_key, stripe_id, status, payout_id, dispute_id, created_at)
    select r.id, r.order_id, 'reversal',
           case when p.retailer_id is null then 'member' else 'shop' end, coalesce(p.retailer_id, p.payee_id),
           coalesce('dispute:' || r.dispute_id, 'reversal'), r.amount_cents, r.idempotency_key, r.idempotency_key,
           r.stripe_reversal_id, r.status, r.payout_id, r.dispute_id, r.created_at
    from payout_reversals r join payouts p on p.id = r.payout_id`.execute(db);

  await db.schema.dropTable("payout_reversals").execute();
  await db.schema.dropTable("order_line_refunds").execute();

  // The stored refunded totals follow the ledger and nothing else: whatever an UPDATE writes to
  // them is replaced by the ledger's sum, and every change to the ledger recomputes them.
  await sql`
    create function ledger_refunded_cents(p_order_id text, p_line_key text) returns integer
    language sql stable as $$
      select coalesce(sum(amount_cents), 0)::integer from money_movements
      where order_id = p_order_id and kind = 'refund' and status = 'succeeded'
        and (p_line_key is null or line_key = p_line_key)
    $$`.execute(db);
  await sql`
    create function orders_refunded_from_ledger() returns trigger language plpgsql as $$
    begin
      new.refunded_cents := ledger_refunded_cents(new.id, null);
      return new;
    end $$`.execute(db);
  await sql`
    create trigger orders_refunded_from_ledger before insert or update of refunded_cents on orders
    for each row execute function orders_refunded_from_ledger()`.execute(db);
  await sql`
    create function order_services_refunded_from_ledger() returns trigger language plpgsql as $$
    begin
      new.refunded_cents := ledger_refunded_cents(new.order_id, 'service:' || new.id);
      return new;
    end $$`.execute(db);
  await sql`
    create trigger order_services_refunded_from_ledger before insert or update of refunded_cents on order_services
    for each row execute function order_services_refunded_from_ledger()`.execute(db);
  await sql`
    create function money_movements_keep_totals() returns trigger language plpgsql as $$
    begin
      -- The value written is irrelevant: the BEFORE triggers above put the ledger's sum in.
      if tg_op <> 'DELETE' then
        update orders set refunded_cents = 0 where id = new.order_id;
        if new.line_key like 'service:%' then
          update order_services set refunded_cents = 0 where id = substr(new.line_key, 9);
        end if;
      end if;
      if tg_op <> 'INSERT' then
        update orders set refunded_cents = 0 where id = old.order_id;
        if old.line_key like 'service:%' then
          update order_services set refunded_cents = 0 where id = substr(old.line_key, 9);
        end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger money_movements_keep_totals after insert or update or delete on money_movements
    for each row execute function money_movements_keep_totals()`.execute(db);
  // Bring the stored totals in line once (the backfill above ran before the triggers).
  await sql`update orders set refunded_cents = 0`.execute(db);
  await sql`update order_services set refunded_cents = 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger money_movements_keep_totals on money_movements`.execute(db);
  await sql`drop function money_movements_keep_totals()`.execute(db);
  await sql`drop trigger order_services_refunded_from_ledger on order_services`.execute(db);
  await sql`drop function order_services_refunded_from_ledger()`.execute(db);
  await sql`drop trigger orders_refunded_from_ledger on orders`.execute(db);
  await sql`drop function orders_refunded_from_ledger()`.execute(db);
  await sql`drop function ledger_refunded_cents(text, text)`.execute(db);

  await db.schema
    .createTable("order_line_refunds")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("line_key", "text", (col) => col.notNull())
    .addColumn("dispute_id", "text", (col) => col.references("disputes.id").onDelete("restrict"))
    .addColumn("amount_cents", "integer", (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('pending', 'succeeded')`))
    .addColumn("stripe_refund_id", "text")
    .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("order_line_refunds_order_idx").on("order_line_refunds").column("order_id").execute();
  await db.schema
    .createTable("payout_reversals")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("payout_id", "text", (col) => col.notNull().references("payouts.id").onDelete("restrict"))
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("dispute_id", "text", (col) => col.references("disputes.id").onDelete("restrict"))
    .addColumn("amount_cents", "integer", (col) => col.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('pending', 'succeeded')`))
    .addColumn("stripe_reversal_id", "text", (col) => col.unique())
    .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("payout_reversals_order_idx").on("payout_reversals").column("order_id").execute();
  // Line refunds and reversals go back; a failed movement had no place in the old tables.
  await sql`
    insert into order_line_refunds (id, order_id, line_key, dispute_id, amount_cents, status, stripe_refund_id, idempotency_key, created_at)
    select id, order_id, line_key, dispute_id, amount_cents, status, stripe_id, idempotency_key, created_at
    from money_movements where kind = 'refund' and line_key is not null and status <> 'failed'`.execute(db);
  await sql`
    insert into payout_reversals (id, payout_id, order_id, dispute_id, amount_cents, status, stripe_reversal_id, idempotency_key, created_at)
    select id, payout_id, order_id, dispute_id, amount_cents, status, stripe_id, idempotency_key, created_at
    from money_movements where kind = 'reversal' and payout_id is not null and status <> 'failed'`.execute(db);
  await db.schema.dropTable("money_movements").execute();
}
