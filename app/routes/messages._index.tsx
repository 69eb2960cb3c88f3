import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { listConversations } from "~/modules/community/messages.server";
import { formatDateTime } from "~/lib/dates";
import { EmptyState, Pill } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Messages · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ conversations: await listConversations(context.db, user.id) });
}

export default function Inbox() {
  const { conversations } = useLoaderData<typeof loader>();
  return (
    <section className="narrow inbox-page" aria-labelledby="inbox-title">
      <h1 id="inbox-title">Messages</h1>
      {conversations.length === 0 ? (
        <EmptyState title="No conversations yet.">
          <p>Use “Message the seller” on a listing to ask about it privately.</p>
        </EmptyState>
      ) : (
        <ul className="plain-list inbox" aria-label="Conversations">
          {conversations.map((conversation) => (
            <li
              key={conversation.id}
              className={`inbox__item${conversation.unreadCount > 0 ? " inbox__item--unread" : ""}`}
            >
              <div className="inbox__head">
                <Link to={`/messages/${conversation.id}`} className="inbox__link">
                  {conversation.retailerName ? `${conversation.retailerName}: ` : ""}
                  {conversation.listingTitle ?? "Order"} · with {conversation.withNames ?? "a former member"}
                </Link>
                {conversation.unreadCount > 0 ? <Pill tone="brand">{conversation.unreadCount} unread</Pill> : null}
              </div>
              <p className="inbox__preview muted">
                {conversation.lastMessage ? conversation.lastMessage.slice(0, 120) : "No messages yet"} ·{" "}
                <time dateTime={new Date(conversation.lastMessageAt).toISOString()}>
                  {formatDateTime(conversation.lastMessageAt)}
                </time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
