import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { ORDER_STATUSES, type OrderStatus } from "~db/schema-orders";

/**
 * The admin dashboard's numbers. Definitions (also in the README's Administration section):
 * - GMV: the totals (item + shipping, in cents) of orders paid in the period, leaving out orders
 *   cancelled after payment (they were refunded in full).
 * - Take rate: the platform fees of those same orders divided by their GMV (null without sales).
 * - New listings: listings first published in the period; new members: accounts created in it.
 * Days are UTC calendar days; the period is the last `days` days including today.
 */

export interface DayFigures {
  /** YYYY-MM-DD (UTC). */
  day: string;
  gmvCents: number;
  orders: number;
  newListings: number;
  newMembers: number;
}

export interface DisputeFigures {
  open: number;
  medianHoursToResolution: number | null;
}

export interface DashboardFigures {
  from: string;
  to: string;
  gmvCents: number;
  platformFeeCents: number;
  /** Fees / GMV, between 0 and 1; null when nothing sold. */
  takeRate: number | null;
  paidOrders: number;
  newListings: number;
  newMembers: number;
  /** Every order as it stands now, by state (all time). */
  ordersByState: Record<OrderStatus, number>;
  disputes: DisputeFigures;
  days: DayFigures[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/** Open disputes (buyer disputes and chargebacks alike) and the median time an admin took to resolve one. */
export async function disputeFigures(db: Kysely<Database>): Promise<DisputeFigures> {
  const row = await db
    .selectFrom("disputes")
    .select([
      sql<number>`count(*) filter (where status <> 'resolved')::int`.as("open"),
      sql<number | null>`percentile_cont(0.5) within group (
        order by extract(epoch from resolved_at - created_at) / 3600.0
      ) filter (where status = 'resolved' and resolved_at is not null)`.as("medianHours"),
    ])
    .executeTakeFirstOrThrow();
  return {
    open: Number(row.open),
    medianHoursToResolution: row.medianHours === null ? null : Number(row.medianHours),
  };
}

export async function dashboardFigures(
  db: Kysely<Database>,
  options: { days?: number; now?: Date } = {},
): Promise<DashboardFigures> {
  const days = Math.min(Math.max(options.days ?? 30, 1), 366);
  const now = options.now ?? new Date();
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(todayStart - (days - 1) * DAY_MS);
  const to = new Date(todayStart + DAY_MS);
  const utcDay = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`;

  const [sales, listings, members, states, disputes] = await Promise.all([
    db
      .selectFrom("orders")
      .select((eb) => [
        utcDay("paidAt").as("day"),
        eb.fn.sum<string>("totalCents").as("gmv"),
        eb.fn.sum<string>("platformFeeCents").as("fees"),
        eb.fn.countAll<string>().as("orders"),
      ])
      .where("paidAt", ">=", from)
      .where("paidAt", "<", to)
      .where("status", "!=", "cancelled")
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom("listings")
      .select((eb) => [utcDay("publishedAt").as("day"), eb.fn.countAll<string>().as("count")])
      .where("publishedAt", ">=", from)
      .where("publishedAt", "<", to)
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom("users")
      .select((eb) => [utcDay("createdAt").as("day"), eb.fn.countAll<string>().as("count")])
      .where("createdAt", ">=", from)
      .where("createdAt", "<", to)
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom("orders")
      .select((eb) => ["status", eb.fn.countAll<string>().as("count")])
      .groupBy("status")
      .execute(),
    disputeFigures(db),
  ]);

  const byDay = new Map<string, DayFigures>();
  for (let time = from.getTime(); time < to.getTime(); time += DAY_MS) {
    const day = dayKey(new Date(time));
    byDay.set(day, { day, gmvCents: 0, orders: 0, newListings: 0, newMembers: 0 });
  }
  let platformFeeCents = 0;
  for (const row of sales) {
    const entry = byDay.get(row.day);
    platformFeeCents += Number(row.fees);
    if (!entry) continue;
    entry.gmvCents += Number(row.gmv);
    entry.orders += Number(row.orders);
  }
  for (const row of listings) {
    const entry = byDay.get(row.day);
    if (entry) entry.newListings += Number(row.count);
  }
  for (const row of members) {
    const entry = byDay.get(row.day);
    if (entry) entry.newMembers += Number(row.count);
  }
  const series = [...byDay.values()];
  const gmvCents = series.reduce((sum, day) => sum + day.gmvCents, 0);
  const ordersByState = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
  for (const row of states) {
    if (row.status in ordersByState) ordersByState[row.status] = Number(row.count);
  }
  return {
    from: dayKey(from),
    to: dayKey(new Date(to.getTime() - DAY_MS)),
    gmvCents,
    platformFeeCents,
    takeRate: gmvCents > 0 ? platformFeeCents / gmvCents : null,
    paidOrders: series.reduce((sum, day) => sum + day.orders, 0),
    newListings: series.reduce((sum, day) => sum + day.newListings, 0),
    newMembers: series.reduce((sum, day) => sum + day.newMembers, 0),
    ordersByState,
    disputes,
    days: series,
  };
}
