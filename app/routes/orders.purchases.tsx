import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OrderList } from "~/components/order-table";
import { requireUser } from "~/lib/auth.server";
import { listOrders } from "~/modules/orders/orders.server";

export const meta: MetaFunction = () => [{ title: "Purchases · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ orders: await listOrders(context.db, user.id, "purchases") });
}

export default function PurchasesPage() {
  const { orders } = useLoaderData<typeof loader>();
  return <OrderList title="Purchases" orders={orders} showPayout={false} />;
}
