import { NavLink } from "@remix-run/react";

export function NotificationBell({ unread }: { unread: number }) {
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {unread > 0 ? (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

/** "Messages" with the number of unread messages, beside the bell. */
export function MessagesLink({ unread }: { unread: number }) {
  const label = unread === 0 ? "Messages" : `Messages, ${unread} unread`;
  return (
    <NavLink to="/messages" className="account-nav__link" aria-label={label}>
      Messages
      {unread > 0 ? (
        <span className="unread-badge" aria-hidden="true">
          {" "}
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
