import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { formatMoney } from "~/lib/money";
import { listOrders } from "~/modules/orders/orders.server";
import { ORDER_STATUS_TITLES } from "~/modules/orders/state-machine";

export const meta: MetaFunction = () => [{ title: "Purchases · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ orders: await listOrders(context.db, user.id, "purchases") });
}

export default function PurchasesPage() {
  const { orders } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Purchases</h1>
      <p>
        <Link to="/orders/purchases">Purchases</Link> · <Link to="/orders/sales">Sales</Link>
      </p>
      {orders.length === 0 ? (
        <p>No purchases yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
              <th scope="col">Date</th>
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
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
