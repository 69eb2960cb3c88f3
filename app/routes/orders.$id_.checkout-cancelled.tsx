import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { abandonCheckout } from "~/modules/orders/checkout.server";
import { getOrderFor } from "~/modules/orders/orders.server";
import { parseParams } from "~/lib/forms";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

export const meta: MetaFunction = () => [{ title: "Checkout cancelled · Stoop" }];

function orderIdOf(params: unknown): string {
  return parseParams(paramsSchema, params).id;
}

/**
 * Stripe's cancel_url lands here with a GET, which any site can trigger with a link: so this page
 * only reads, and cancelling the order is the button's POST (which the CSRF check guards).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { order, role } = await orErrorResponse(() => getOrderFor(context.db, orderIdOf(params), user.id));
  if (role !== "buyer") throw new Response("Not found", { status: 404 });
  return json({
    order: {
      id: order.id,
      listingId: order.listingId,
      wantedRequestId: order.wantedRequestId,
      listingTitle: order.listingTitle,
    },
    pending: order.status === "pending_payment",
  });
}

/** Closes the Stripe session, cancels the unpaid order and puts the listing back on sale. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const orderId = orderIdOf(params);
  const { listingId, wantedRequestId } = await orErrorResponse(() =>
    abandonCheckout(context.db, context.payments.stripe, orderId, user.id),
  );
  // A bought quote (a service-only order) goes back to the request it answers.
  return redirect(
    listingId ? `/listings/${listingId}` : wantedRequestId ? `/wanted/${wantedRequestId}` : "/orders/purchases",
  );
}

export default function CheckoutCancelled() {
  const { order, pending } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="narrow card" aria-labelledby="checkout-cancelled-title">
      <h1 id="checkout-cancelled-title">You left the checkout</h1>
      {pending ? (
        <>
          <p>
            Your order for <strong>{order.listingTitle}</strong> is not paid
            {order.listingId
              ? ", and the item stays held for you until the checkout runs out. Cancel the order to put it back on sale now."
              : ". Cancel it to close the checkout; you can buy the quote again later."}
          </p>
          <Form method="post">
            <button type="submit" disabled={busy}>
              Cancel the order
            </button>
          </Form>
        </>
      ) : (
        <p>This order is no longer waiting for payment: nothing to cancel.</p>
      )}
      <p>
        <Link to={`/orders/${order.id}`}>Go to the order</Link> ·{" "}
        {order.listingId ? (
          <Link to={`/listings/${order.listingId}`}>Back to the listing</Link>
        ) : order.wantedRequestId ? (
          <Link to={`/wanted/${order.wantedRequestId}`}>Back to the request</Link>
        ) : (
          <Link to="/orders/purchases">Your purchases</Link>
        )}
      </p>
    </section>
  );
}
