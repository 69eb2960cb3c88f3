import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { parseParams } from "~/lib/forms";
import { agreedPickupCalendar } from "~/modules/orders/pickup-times.server";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

/** The agreed pickup window as an iCalendar file, for the order's two parties only. */

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { id } = parseParams(paramsSchema, params);
  const body = await orErrorResponse(() =>
    agreedPickupCalendar(context.db, { orderId: id, userId: user.id, publicUrl: context.config.publicUrl }),
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="stoop-pickup-${id}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
