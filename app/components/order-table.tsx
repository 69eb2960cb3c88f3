import { Link } from "@remix-run/react";
import { formatMoney } from "~/lib/money";
import { ORDER_STATUS_TITLES } from "~/modules/orders/state-machine";
import { formatDay } from "~/lib/dates";
import { TableScroll } from "./table-scroll";
import { EmptyState } from "./ui";

const PAYOUT_LABELS: Record<string, string> = {
  pending: "Being sent",
  paid: "Paid",
  waiting_for_account: "Waiting for you to set up payouts",
};

export interface OrderRow {
  id: string;
  listingTitle: string;
  status: keyof typeof ORDER_STATUS_TITLES;
  totalCents: number;
  /** The ledger's refunds on the order. */
  refundedCents: number | null;
  createdAt: string;
  payoutStatus?: string | null;
}

/** The purchases and sales pages: one list of orders, with the payout column on the seller's side. */
export function OrderList({
  title,
  orders,
  showPayout,
}: {
  title: "Purchases" | "Sales";
  orders: OrderRow[];
  showPayout: boolean;
}) {
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">{title}</h1>
      <p>
        <Link to="/orders/purchases">Purchases</Link> · <Link to="/orders/sales">Sales</Link> ·{" "}
        <Link to="/offers">Offers</Link>
      </p>
      {orders.length === 0 ? (
        <EmptyState title={`No ${title.toLowerCase()} yet.`} />
      ) : (
        <TableScroll label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
                <th scope="col">Date</th>
                {showPayout ? <th scope="col">Payout</th> : null}
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <td>
                    <Link to={`/orders/${order.id}`}>{order.listingTitle}</Link>
                  </td>
                  <td>{ORDER_STATUS_TITLES[order.status]}</td>
                  <td>
                    {formatMoney(order.totalCents)}
                    {/* Under the total rather than a column of its own: the table must fit a phone. */}
                    {order.refundedCents ? (
                      <>
                        <br />
                        <span className="muted">−{formatMoney(order.refundedCents)} refunded</span>
                      </>
                    ) : null}
                  </td>
                  <td>{formatDay(order.createdAt)}</td>
                  {showPayout ? <td>{order.payoutStatus ? PAYOUT_LABELS[order.payoutStatus] : "—"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
