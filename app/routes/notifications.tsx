import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { listNotifications, markAllRead, markRead } from "~/modules/notifications/notify.server";
import { hasUnstorableText, parseForm, readForm, UNSTORABLE_TEXT } from "~/lib/forms";
import { markReadForm } from "~/modules/notifications/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Notifications · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const notifications = await listNotifications(context.db, user.id);
  return json({
    notifications: notifications.map((notification) => ({
      ...notification,
      createdAt: notification.createdAt.toISOString(),
      unread: notification.readAt === null,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(markReadForm, await readForm(request));
  if (!parsed.ok) {
    const message = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "That request was not understood; reload the page.";
    throw new Response(message, { status: 400 });
  }
  await orErrorResponse(async () => {
    if (parsed.data.intent === "read") await markRead(context.db, user.id, parsed.data.id);
    else await markAllRead(context.db, user.id);
  });
  return json({ ok: true });
}

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((notification) => notification.unread).length;
  return (
    <section aria-labelledby="notifications-title">
      <div className="toolbar">
        <h1 id="notifications-title">Notifications</h1>
        <p>
          <Link to="/settings/notifications">Choose what we send you</Link>
        </p>
      </div>
      {unread > 0 ? (
        <Form method="post" className="toolbar">
          <p>
            {unread} unread {unread === 1 ? "notification" : "notifications"}
          </p>
          <button type="submit" name="intent" value="read-all" className="button--secondary">
            Mark all as read
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <EmptyState title="Nothing yet.">
          We'll let you know when something happens to your listings, orders or messages.
        </EmptyState>
      ) : (
        <ul className="notification-list">
          {notifications.map((notification) => (
            <li key={notification.id} className={`notification${notification.unread ? " notification--unread" : ""}`}>
              <h2>
                {notification.unread ? <span className="visually-hidden">Unread: </span> : null}
                {notification.title}
              </h2>
              <p>{notification.body}</p>
              <div className="notification__meta">
                <time dateTime={notification.createdAt}>{when.format(new Date(notification.createdAt))} UTC</time>
                {notification.url ? <Link to={notification.url}>Open</Link> : null}
                {notification.unread ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={notification.id} />
                    <button type="submit" name="intent" value="read" className="link-button">
                      Mark as read<span className="visually-hidden">: {notification.title}</span>
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
