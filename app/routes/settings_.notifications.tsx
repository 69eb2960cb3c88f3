import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_NAMES } from "~/modules/notifications/kinds";
import { preferencesFor, setPreferences } from "~/modules/notifications/notify.server";
import { firstError, parseForm, readForm } from "~/lib/forms";
import { notificationSettingsFormSchema } from "~/modules/notifications/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Notification settings · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ preferences: await preferencesFor(context.db, user.id) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = parseForm(notificationSettingsFormSchema, await readForm(request));
  if (!form.ok) return json({ saved: false, formError: firstError(form) }, { status: 400 });
  // Checkboxes: a ticked box is present in the form, an unticked one is absent.
  const preferences = NOTIFICATION_KIND_NAMES.map((kind) => ({
    kind,
    inApp: form.data[`${kind}.inApp`] === "on",
    email: form.data[`${kind}.email`] === "on",
  }));
  await setPreferences(context.db, user.id, preferences);
  return json({ saved: true });
}

export default function NotificationSettings() {
  const { preferences } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="notification-settings-title">
      <h1 id="notification-settings-title">Notification settings</h1>
      <p>
        Choose, for each kind of event, whether Stoop tells you here (the bell) and by email.{" "}
        <Link to="/settings">Back to account settings</Link>
      </p>
      {actionData?.saved ? (
        <p role="status" className="notice">
          Your notification settings were saved.
        </p>
      ) : null}
      <Form method="post">
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Channels for each kind of notification</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" className="center">
                  On Stoop
                </th>
                <th scope="col" className="center">
                  Email
                </th>
              </tr>
            </thead>
            <tbody>
              {preferences.map((preference) => {
                const kind = NOTIFICATION_KINDS[preference.kind];
                return (
                  <tr key={preference.kind}>
                    <th scope="row">
                      {kind.label}
                      <br />
                      <small>{kind.description}</small>
                    </th>
                    <td className="center">
                      <input
                        type="checkbox"
                        name={`${preference.kind}.inApp`}
                        defaultChecked={preference.inApp}
                        aria-label={`${kind.label} on Stoop`}
                      />
                    </td>
                    <td className="center">
                      <input
                        type="checkbox"
                        name={`${preference.kind}.email`}
                        defaultChecked={preference.email}
                        aria-label={`${kind.label} by email`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>
          <button type="submit" disabled={saving}>
            {saving ? "Saving…" : "Save notification settings"}
          </button>
        </p>
      </Form>
    </section>
  );
}
