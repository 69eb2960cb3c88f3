import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { parseParams } from "~/lib/forms";
import { logUnavailable, orErrorResponse } from "~/lib/http.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { sellThisAgain } from "~/modules/orders/sell-again.server";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

/**
 * "Sell this again" (the buyer's button on a completed order): makes, or finds, the draft listing
 * pre-filled from the bought one and opens its edit page, where the photos can be kept or replaced.
 * A POST only (the CSRF check guards it); a GET goes back to the order.
 */

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/orders/${parseParams(paramsSchema, params).id}`);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const orderId = parseParams(paramsSchema, params).id;
  const { listingId, created } = await orErrorResponse(() =>
    sellThisAgain(context.db, photoStorageFor(context.config), { orderId, userId: user.id }).catch((error: unknown) => {
      logUnavailable(context.logger, error);
      throw error;
    }),
  );
  if (created) context.logger.info({ orderId, listingId }, "item relisted");
  return redirect(`/listings/${listingId}/edit`);
}
