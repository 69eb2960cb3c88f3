import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { syncCheckout } from "~/modules/orders/payment-events.server";
import { parseParams } from "~/lib/forms";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

/** Stripe's success_url: the buyer may arrive before the webhook, so read the session now. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseParams(paramsSchema, params);
  await syncCheckout(context.db, context.payments.stripe, parsed.id, user.id);
  return redirect(`/orders/${parsed.id}`);
}
