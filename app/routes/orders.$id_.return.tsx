import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/lib/auth.server";
import { syncCheckout } from "~/modules/orders/payment-events.server";

const paramsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** Stripe's success_url: the buyer may arrive before the webhook, so read the session now. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  await syncCheckout(context.db, context.payments.stripe, parsed.data.id, user.id);
  return redirect(`/orders/${parsed.data.id}`);
}
