import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PushOnThisDevice } from "~/components/push-on-this-device";
import { requireUser } from "~/lib/auth.server";
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_NAMES } from "~/modules/notifications/kinds";
import { preferencesFor, setPreferences } from "~/modules/notifications/notify.server";
import { preferencesForm, pushOffForm } from "~/modules/notifications/push-forms.server";
import { listPushDevices, removePushSubscription, vapidKeys } from "~/modules/notifications/push.server";
import { firstError, parseForm, readForm } from "~/lib/forms";
import { Choice, EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Notification settings · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const [preferences, pushDevices, vapid] = await Promise.all([
    preferencesFor(context.db, user.id),
    listPushDevices(context.db, user.id),
    vapidKeys(context.db, context.config.push),
  ]);
  return json({ preferences, pushDevices, vapidPublicKey: vapid.publicKey });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const raw = await readForm(request);
  const intent = raw.get("intent");
  // The devices list's "Turn off" (works without JavaScript); the browser in hand posts to /settings/push-device.
  if (intent === "push-off") {
    const form = parseForm(pushOffForm, raw);
    if (!form.ok) return json({ ok: false, saved: false, formError: firstError(form) }, { status: 400 });
    const which = "subscriptionId" in form.data ? { id: form.data.subscriptionId } : { endpoint: form.data.endpoint };
    await removePushSubscription(context.db, user.id, which);
    return json({ ok: true, saved: false, formError: null });
  }
  const form = parseForm(preferencesForm, raw);
  if (!form.ok) return json({ ok: false, saved: false, formError: firstError(form) }, { status: 400 });
  // Checkboxes: a ticked box is present in the form, an unticked one is absent.
  const preferences = NOTIFICATION_KIND_NAMES.map((kind) => ({
    kind,
    inApp: form.data[`${kind}.inApp`] === "on",
    email: form.data[`${kind}.email`] === "on",
    push: form.data[`${kind}.push`] === "on",
  }));
  await setPreferences(context.db, user.id, preferences);
  return json({ ok: true, saved: true, formError: null });
}

export default function NotificationSettings() {
  const { preferences, pushDevices, vapidPublicKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="notification-settings-title" className="settings settings--sub">
      <h1 id="notification-settings-title">Notification settings</h1>
      <p>
        Choose, for each kind of event, whether Stoop tells you here (the bell), by email and by push notification on
        the devices where you turned push on. <Link to="/settings">Back to account settings</Link>
      </p>
      {actionData?.saved ? (
        <p role="status" className="notice">
          Your notification settings were saved.
        </p>
      ) : null}
      <Form method="post" className="card">
        <h2>Which notifications, where</h2>
        <div className="channel-choices">
          {preferences.map((preference) => {
            const kind = NOTIFICATION_KINDS[preference.kind];
            const channels = [
              { key: "inApp", visible: "On Stoop", checked: preference.inApp },
              { key: "email", visible: "By email", checked: preference.email },
              { key: "push", visible: "By push notification", checked: preference.push },
            ] as const;
            return (
              <fieldset key={preference.kind} className="channel-choices__kind">
                <legend>{kind.label}</legend>
                <p className="channel-choices__hint muted">{kind.description}</p>
                <div className="channel-choices__row">
                  {channels.map((channel) => (
                    <Choice
                      key={channel.key}
                      type="checkbox"
                      name={`${preference.kind}.${channel.key}`}
                      defaultChecked={channel.checked}
                      label={
                        <>
                          <span className="visually-hidden">{kind.label} </span>
                          {channel.visible}
                        </>
                      }
                    />
                  ))}
                </div>
              </fieldset>
            );
          })}
        </div>
        <p className="form-actions">
          <button type="submit" disabled={saving}>
            {saving ? "Saving…" : "Save notification settings"}
          </button>
        </p>
      </Form>

      <section aria-labelledby="push-devices-title" className="card">
        <h2 id="push-devices-title">Push notifications</h2>
        <p>
          Push notifications reach this phone or computer even when Stoop isn't open. Turn them on for each device; the
          Push column above chooses which kinds they bring.
        </p>
        <PushOnThisDevice vapidPublicKey={vapidPublicKey} />
        {pushDevices.length > 0 ? (
          <>
            <h3>Devices with push on</h3>
            <ul className="push-devices">
              {pushDevices.map((device) => (
                <li key={device.id}>
                  <span>
                    {device.deviceLabel}, since {String(device.createdAt).slice(0, 10)}
                  </span>{" "}
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="push-off" />
                    <input type="hidden" name="subscriptionId" value={device.id} />
                    <button
                      type="submit"
                      className="button--secondary button--small"
                      aria-label={`Turn off push for ${device.deviceLabel}`}
                    >
                      Turn off
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <EmptyState title="No device has push on yet.">
            Turn it on above, on each phone or computer you use.
          </EmptyState>
        )}
      </section>
    </section>
  );
}
