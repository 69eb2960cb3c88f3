import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { parseParams } from "~/lib/forms";
import { idParam } from "~/lib/id-params.server";
import { agreedPickupCalendar } from "~/modules/orders/pickup-times.server";

/** The agreed pickup window as an iCalendar file, for the order's two parties only. */
const paramsSchema = z.object({ id: idParam });

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
