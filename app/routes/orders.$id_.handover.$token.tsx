import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { formFailure, orErrorResponse } from "~/lib/http.server";
import { parseParams } from "~/lib/forms";
import { payOutNow } from "~/modules/orders/money.server";
import { getOrderFor } from "~/modules/orders/orders.server";
import { handOver, handoverState, isHandoverLink } from "~/modules/orders/handover.server";
import { handoverParams } from "~/modules/orders/route-schemas.server";

/**
 * The buyer's QR code opens this URL; in the seller's signed-in session it asks them to confirm
 * the handover. GET records nothing (a link preview or a prefetch must not hand anything over);
 * the POST does, through the same check as the typed code (ADR 032).
 */

export const meta: MetaFunction = () => [{ title: "Confirm the handover · Stoop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseParams(handoverParams, params);
  const view = await orErrorResponse(() => getOrderFor(context.db, parsed.id, user.id));
  // Only the seller may use the link; to anyone else (the buyer included) it doesn't exist.
  if (
    view.role !== "seller" ||
    !(await isHandoverLink(context.db, parsed.id, parsed.token, context.config.handoverSecret))
  )
    throw new Response("Not found", { status: 404 });
  const state = await handoverState(context.db, parsed.id);
  const open = view.order.status === "paid" || view.order.status === "ready_for_pickup";
  return json({
    order: { id: view.order.id, title: view.order.listingTitle, buyerName: view.order.buyerName },
    open,
    state,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseParams(handoverParams, params);
  try {
    const result = await handOver(context.db, {
      orderId: parsed.id,
      sellerId: user.id,
      token: parsed.token,
      secret: context.config.handoverSecret,
    });
    if (!result.ok) return json({ ok: false as const, formError: result.message }, { status: 400 });
    await payOutNow(context.db, context.payments.stripe, parsed.id);
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect(`/orders/${parsed.id}`);
}

export default function ConfirmHandover() {
  const { order, open, state } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <article className="narrow" aria-labelledby="handover-title">
      <h1 id="handover-title">Hand over {order.title}</h1>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      {state.handedOverAt || !open ? (
        <p>This order can&apos;t be handed over any more.</p>
      ) : state.locked ? (
        <p role="alert">
          Too many wrong codes for this order. Ask the buyer to confirm receipt in the app (&quot;I received the
          item&quot;).
        </p>
      ) : (
        <Form method="post">
          <p>
            You are giving the item to {order.buyerName}. Confirm only when they have it: the order then completes and
            you are paid.
          </p>
          <button type="submit">Confirm the handover</button>
        </Form>
      )}
      <p>
        <Link to={`/orders/${order.id}`}>Back to the order</Link>
      </p>
    </article>
  );
}
