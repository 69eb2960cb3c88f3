import { json, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { firstError, parseForm, readForm } from "~/lib/forms";
import { formFailure } from "~/lib/http.server";
import { describeUserAgent } from "~/lib/user-agent";
import { pushDeviceForm } from "~/modules/notifications/push-forms.server";
import { removePushSubscription, savePushSubscription } from "~/modules/notifications/push.server";

/**
 * The browser in hand turns push on or off (push-on-this-device.tsx posts here with fetch and
 * shows the answer): JSON, so the page can say "still on" when this fails or can't be reached,
 * which a fetcher would turn into the error page. Without JavaScript there is no subscription to
 * send; the settings page's own "Turn off" forms remove a listed device.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const user = requireUser(request, context);
  const form = parseForm(pushDeviceForm, await readForm(request));
  if (!form.ok) return json({ ok: false, on: null, formError: firstError(form) }, { status: 400 });
  if (form.data.intent === "push-off") {
    await removePushSubscription(context.db, user.id, { endpoint: form.data.endpoint });
    return json({ ok: true, on: false, formError: null });
  }
  const { endpoint, p256dh, auth } = form.data;
  try {
    const device = describeUserAgent(request.headers.get("user-agent"));
    await savePushSubscription(context.db, context.config.push, user.id, { endpoint, p256dh, auth }, device);
  } catch (error) {
    return formFailure(error, {}, { on: null });
  }
  return json({ ok: true, on: true, formError: null });
}

export function loader() {
  return new Response("Not found", { status: 404 });
}
