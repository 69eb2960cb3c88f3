import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { abandonCheckout } from "~/modules/orders/checkout.server";
import { parseParams } from "~/lib/forms";
import { idParam } from "~/lib/id-params";

const paramsSchema = z.object({ id: idParam });

/**
 * Stripe's cancel_url (a GET by Stripe's design): close the session, cancel the unpaid order and
 * put the listing back on sale, then show the listing again.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseParams(paramsSchema, params);
  const { listingId } = await orErrorResponse(() =>
    abandonCheckout(context.db, context.payments.stripe, parsed.id, user.id),
  );
  return redirect(`/listings/${listingId}`);
}
