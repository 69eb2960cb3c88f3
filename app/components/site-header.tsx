import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { MessagesLink, NotificationBell } from "./bell";

export interface HeaderUser {
  displayName: string;
  role: "member" | "admin";
  unreadNotifications: number;
  /** Optional so error pages rendered without the root loader still type-check. */
  unreadMessages?: number;
}

/**
 * The header. From 640 px up: logo, search and the full account links. Under 640 px (phone
 * first, docs/design.md): logo, search, the bell and an account menu (a <details>, so it opens
 * without JavaScript), with the main sections in the bottom tab bar. Only one of the two sets is
 * displayed at any width, so a screen reader and a test meet each link once.
 */
export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand" aria-label="Stoop, home">
            <span aria-hidden="true" className="brand__mark">
              ▣
            </span>
            <span className="brand__name">Stoop</span>
          </Link>
          <Form method="get" action="/search" role="search" className="search-box">
            <label htmlFor="site-search" className="visually-hidden">
              Search listings
            </label>
            <input id="site-search" type="search" name="q" placeholder="Search used bikes, sofas, phones…" />
            <button type="submit" aria-label="Search">
              <SearchIcon />
              <span className="search-box__word" aria-hidden="true">
                Search
              </span>
            </button>
          </Form>
          <nav aria-label="Account" className="account-nav">
            {user ? (
              <>
                <NavLink to="/listings/new" className="button button--small">
                  Sell
                </NavLink>
                <MemberLinks admin={user.role === "admin"} />
                <MessagesLink unread={user.unreadMessages ?? 0} />
                <NotificationBell unread={user.unreadNotifications} />
                <NavLink to="/settings" className="account-nav__link">
                  <span className="visually-hidden">Account settings for </span>
                  {user.displayName}
                </NavLink>
                <SignOut />
              </>
            ) : (
              <VisitorLinks />
            )}
          </nav>
          <div className="header-compact">
            {user ? <NotificationBell unread={user.unreadNotifications} /> : null}
            <details className="account-menu">
              <summary className="account-menu__button">
                <MenuIcon />
                <span className="visually-hidden">{user ? `Menu for ${user.displayName}` : "Menu"}</span>
              </summary>
              <nav aria-label="Your Stoop" className="account-menu__panel">
                {user ? (
                  <>
                    <p className="account-menu__who">{user.displayName}</p>
                    <MemberLinks admin={user.role === "admin"} />
                    <NavLink to="/settings" className="account-nav__link">
                      Account settings
                    </NavLink>
                    <SignOut />
                  </>
                ) : (
                  <VisitorLinks />
                )}
              </nav>
            </details>
          </div>
        </div>
      </header>
      <TabBar user={user} />
    </>
  );
}

/**
 * Every link of the header, the account menu and the tab bar, as data: one list, rendered as plain
 * links (the wide header and the phone's account menu) or as tabs with an icon (the tab bar), so a
 * section is added or renamed in one place.
 */
interface NavEntry {
  to: string;
  label: string;
  /** The accessible name when it says more than the label (an unread count). */
  ariaLabel?: string;
  icon?: ReactNode;
  badge?: string;
  end?: boolean;
  /** A call to action (Join Stoop), drawn as a small button. */
  button?: boolean;
}

function memberEntries(admin: boolean): NavEntry[] {
  return [
    { to: "/my/listings", label: "My listings" },
    { to: "/saved", label: "Saved" },
    { to: "/orders/purchases", label: "Orders" },
    { to: "/offers", label: "Offers" },
    { to: "/retailers", label: "Shops" },
    { to: "/wanted", label: "Wanted" },
    ...(admin ? [{ to: "/admin", label: "Admin" }] : []),
  ];
}

const VISITOR_ENTRIES: NavEntry[] = [
  { to: "/wanted", label: "Wanted" },
  { to: "/login", label: "Sign in" },
  { to: "/signup", label: "Join Stoop", button: true },
];

function tabEntries(user: HeaderUser | null): NavEntry[] {
  const unread = user?.unreadMessages ?? 0;
  return [
    { to: "/", label: "Home", icon: <HomeIcon />, end: true },
    { to: "/search", label: "Search", icon: <SearchIcon /> },
    { to: "/listings/new", label: "Sell", icon: <PlusIcon /> },
    {
      to: "/messages",
      label: "Messages",
      icon: <ChatIcon />,
      ariaLabel: unread ? `Messages, ${unread} unread` : undefined,
      badge: unread ? (unread > 99 ? "99+" : String(unread)) : undefined,
    },
    { to: user ? "/settings" : "/login", label: "Me", icon: <PersonIcon /> },
  ];
}

/** Renders a list of entries as links (`variant="link"`) or as the tab bar's tabs. */
function NavEntries({ entries, variant }: { entries: NavEntry[]; variant: "link" | "tab" }) {
  return (
    <>
      {entries.map((entry) =>
        variant === "tab" ? (
          <NavLink key={entry.to} to={entry.to} end={entry.end} className="tab-bar__tab" aria-label={entry.ariaLabel}>
            <span className="tab-bar__icon" aria-hidden="true">
              {entry.icon}
              {entry.badge ? <span className="tab-bar__badge">{entry.badge}</span> : null}
            </span>
            <span className="tab-bar__label">{entry.label}</span>
          </NavLink>
        ) : (
          <NavLink
            key={entry.to}
            to={entry.to}
            end={entry.end}
            aria-label={entry.ariaLabel}
            className={entry.button ? "button button--small" : "account-nav__link"}
          >
            {entry.label}
          </NavLink>
        ),
      )}
    </>
  );
}

function MemberLinks({ admin }: { admin: boolean }) {
  return <NavEntries entries={memberEntries(admin)} variant="link" />;
}

function VisitorLinks() {
  return <NavEntries entries={VISITOR_ENTRIES} variant="link" />;
}

function SignOut() {
  return (
    <Form method="post" action="/logout">
      <button type="submit" className="link-button">
        Sign out
      </button>
    </Form>
  );
}

/** The phone's bottom tab bar: the five places a member goes most, one thumb away. */
function TabBar({ user }: { user: HeaderUser | null }) {
  return (
    <nav aria-label="Sections" className="tab-bar">
      <NavEntries entries={tabEntries(user)} variant="tab" />
    </nav>
  );
}

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="22" height="22" fill="none">
      <g stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {children}
      </g>
    </svg>
  );
}
const SearchIcon = () => (
  <Icon>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m16 16 4.5 4.5" />
  </Icon>
);
const HomeIcon = () => (
  <Icon>
    <path d="M3.5 10.5 12 3.5l8.5 7" />
    <path d="M5.5 9v11h13V9" />
  </Icon>
);
const PlusIcon = () => (
  <Icon>
    <rect x="3.5" y="3.5" width="17" height="17" rx="4" />
    <path d="M12 8v8M8 12h8" />
  </Icon>
);
const ChatIcon = () => (
  <Icon>
    <path d="M4 5.5h16v10H9l-5 4z" />
  </Icon>
);
const PersonIcon = () => (
  <Icon>
    <circle cx="12" cy="8" r="4" />
    <path d="M4.5 20.5c1.2-4 4-6 7.5-6s6.3 2 7.5 6" />
  </Icon>
);
const MenuIcon = () => (
  <Icon>
    <path d="M4 7h16M4 12h16M4 17h16" />
  </Icon>
);
