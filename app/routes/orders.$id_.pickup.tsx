import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PickupTimes } from "~/components/pickup-times";
import { requireUser } from "~/lib/auth.server";
import { formFailure, invalidForm } from "~/lib/http.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import {
  askForPickupTimes,
  pickPickupWindow,
  pickupPanelFor,
  pickupWindowsSchema,
  proposePickupWindows,
} from "~/modules/orders/pickup-times.server";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";
import { pickupTimeForm } from "~/modules/orders/route-schemas.server";

/**
 * The Pickup panel's forms post here (the order page shows the panel); a form with errors is shown
 * again on this page, next to its fields, with what was typed.
 */

export const meta: MetaFunction = () => [{ title: "Arrange the pickup · Stoop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { id } = parseParams(paramsSchema, params);
  const panel = await pickupPanelFor(context.db, {
    orderId: id,
    userId: user.id,
    timeZone: context.config.pickupTimeZone,
  });
  if (!panel) throw new Response("Not found", { status: 404 });
  return json({ panel });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const orderId = parseParams(paramsSchema, params).id;
  const form = await readForm(request);
  const parsed = parseForm(pickupTimeForm, form);
  if (!parsed.ok) return invalidForm({ ...parsed, formError: parsed.fieldErrors.intent?.[0] ?? parsed.formError });
  const timeZone = context.config.pickupTimeZone;
  try {
    switch (parsed.data.intent) {
      case "propose": {
        const windows = parseForm(pickupWindowsSchema({ timeZone, now: new Date() }), form);
        if (!windows.ok) return invalidForm(windows);
        await proposePickupWindows(context.db, { orderId, userId: user.id, windows: windows.data, timeZone });
        break;
      }
      case "pick":
        if (!parsed.data.windowId)
          return invalidForm({ fieldErrors: {}, formError: "Choose one of the proposed times.", values: {} });
        await pickPickupWindow(context.db, { orderId, userId: user.id, windowId: parsed.data.windowId, timeZone });
        break;
      case "ask":
        await askForPickupTimes(context.db, { orderId, userId: user.id });
        break;
    }
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect(`/orders/${orderId}`);
}

export default function ArrangePickup() {
  const { panel } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <article className="narrow" aria-labelledby="arrange-title">
      <h1 id="arrange-title">Arrange the pickup</h1>
      <PickupTimes panel={panel} failure={failure && !failure.ok ? failure : null} />
      <p>
        <Link to={`/orders/${panel.orderId}`}>Back to the order</Link>
      </p>
    </article>
  );
}
