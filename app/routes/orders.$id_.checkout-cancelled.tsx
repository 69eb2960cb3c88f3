import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { abandonCheckout } from "~/modules/orders/checkout.server";

const paramsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/**
 * Stripe's cancel_url (a GET by Stripe's design): close the session, cancel the unpaid order and
 * put the listing back on sale, then show the listing again.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const { listingId } = await orErrorResponse(() =>
    abandonCheckout(context.db, context.payments.stripe, parsed.data.id, user.id),
  );
  return redirect(`/listings/${listingId}`);
}
