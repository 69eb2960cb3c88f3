import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { formatMoney } from "~/lib/money";
import { listOrders } from "~/modules/orders/orders.server";
import { ORDER_STATUS_TITLES } from "~/modules/orders/state-machine";

const PAYOUT_LABELS: Record<string, string> = {
  pending: "Being sent",
  paid: "Paid",
  waiting_for_account: "Waiting for you to set up payouts",
};

export const meta: MetaFunction = () => [{ title: "Sales · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ orders: await listOrders(context.db, user.id, "sales") });
}

export default function SalesPage() {
  const { orders } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Sales</h1>
      <p>
        <Link to="/orders/purchases">Purchases</Link> · <Link to="/orders/sales">Sales</Link>
      </p>
      {orders.length === 0 ? (
        <p>No sales yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
              <th scope="col">Date</th>
              <th scope="col">Payout</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link to={`/orders/${order.id}`}>{order.listingTitle}</Link>
                </td>
                <td>{ORDER_STATUS_TITLES[order.status]}</td>
                <td>{formatMoney(order.totalCents)}</td>
                <td>{new Date(order.createdAt).toLocaleDateString("en", { dateStyle: "medium" })}</td>
                <td>{order.payoutStatus ? PAYOUT_LABELS[order.payoutStatus] : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
