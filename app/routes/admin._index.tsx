import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { requireAdmin } from "~/lib/auth.server";
import { formatMoney } from "~/lib/money";
import { dashboardFigures } from "~/modules/admin/figures.server";
import { parseSearchParams } from "~/lib/forms";
import { dashboardQuery } from "~/modules/admin/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const { days } = parseSearchParams(dashboardQuery, request);
  return json({ days, figures: await dashboardFigures(context.db, { days }) });
}

const STATE_LABELS: Record<string, string> = {
  pending_payment: "Waiting for payment",
  paid: "Paid",
  shipped: "Shipped",
  ready_for_pickup: "Ready for pickup",
  received: "Received",
  completed: "Completed",
  cancelled: "Cancelled",
  disputed: "Disputed",
};

const percent = (rate: number | null) =>
  rate === null ? "—" : new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 }).format(rate);

function Series({
  id,
  title,
  days,
  pick,
  format,
}: {
  id: string;
  title: string;
  days: { day: string; gmvCents: number; orders: number; newListings: number; newMembers: number }[];
  pick: (day: { gmvCents: number; orders: number; newListings: number; newMembers: number }) => number;
  format?: (value: number) => string;
}) {
  const data = days.map((day) => ({ label: day.day, value: pick(day) }));
  const show = format ?? ((value: number) => String(value));
  return (
    <section aria-labelledby={id} className="card admin-series">
      <h2 id={id}>{title}</h2>
      <div className="admin-chart">
        <BarChart title={title} data={data} format={show} />
        <details>
          <summary>Numbers per day</summary>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {data.map((datum) => (
                <tr key={datum.label}>
                  <th scope="row">{datum.label}</th>
                  <td>{show(datum.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </section>
  );
}

export default function AdminDashboard() {
  const { days, figures } = useLoaderData<typeof loader>();
  const states = Object.entries(figures.ordersByState).map(([state, count]) => ({
    label: STATE_LABELS[state] ?? state,
    value: count,
  }));
  return (
    <section aria-labelledby="dashboard-title" className="admin-dashboard">
      <div className="admin-dashboard__head">
        <h1 id="dashboard-title">Dashboard</h1>
        <Form method="get" className="inline-form admin-dashboard__period">
          <label htmlFor="dashboard-days">Period</label>
          <select id="dashboard-days" name="days" defaultValue={String(days)}>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
          </select>
          <button type="submit" className="button--secondary">
            Show
          </button>
        </Form>
      </div>
      <p className="muted">
        {figures.from} to {figures.to} (UTC days).
      </p>
      <dl className="admin-figures" aria-label="Key figures">
        <div>
          <dt>GMV (paid orders)</dt>
          <dd>{formatMoney(figures.gmvCents)}</dd>
        </div>
        <div>
          <dt>Platform fees</dt>
          <dd>{formatMoney(figures.platformFeeCents)}</dd>
        </div>
        <div>
          <dt>Take rate</dt>
          <dd>{percent(figures.takeRate)}</dd>
        </div>
        <div>
          <dt>Paid orders</dt>
          <dd>{figures.paidOrders}</dd>
        </div>
        <div>
          <dt>New listings</dt>
          <dd>{figures.newListings}</dd>
        </div>
        <div>
          <dt>New members</dt>
          <dd>{figures.newMembers}</dd>
        </div>
        <div>
          <dt>Open disputes</dt>
          <dd>{figures.disputes.open}</dd>
        </div>
        <div>
          <dt>Median time to resolve a dispute</dt>
          <dd>
            {figures.disputes.medianHoursToResolution === null
              ? "none resolved yet"
              : `${figures.disputes.medianHoursToResolution.toFixed(1)} h`}
          </dd>
        </div>
      </dl>

      <Series
        id="gmv-title"
        title="GMV per day"
        days={figures.days}
        pick={(day) => day.gmvCents}
        format={formatMoney}
      />
      <Series id="orders-title" title="Paid orders per day" days={figures.days} pick={(day) => day.orders} />
      <Series id="listings-title" title="New listings per day" days={figures.days} pick={(day) => day.newListings} />
      <Series id="members-title" title="New members per day" days={figures.days} pick={(day) => day.newMembers} />

      <section aria-labelledby="states-title" className="card admin-series">
        <h2 id="states-title">Orders by state (all time)</h2>
        <div className="admin-chart">
          <BarChart title="Orders by state" data={states} />
          <table>
            <caption className="visually-hidden">Orders by state</caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Orders</th>
              </tr>
            </thead>
            <tbody>
              {states.map((state) => (
                <tr key={state.label}>
                  <th scope="row">{state.label}</th>
                  <td>{state.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
