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

function MemberLinks({ admin }: { admin: boolean }) {
  return (
    <>
      <NavLink to="/my/listings" className="account-nav__link">
        My listings
      </NavLink>
      <NavLink to="/saved" className="account-nav__link">
        Saved
      </NavLink>
      <NavLink to="/orders/purchases" className="account-nav__link">
        Orders
      </NavLink>
      <NavLink to="/offers" className="account-nav__link">
        Offers
      </NavLink>
      <NavLink to="/retailers" className="account-nav__link">
        Shops
      </NavLink>
      <NavLink to="/wanted" className="account-nav__link">
        Wanted
      </NavLink>
      {admin ? (
        <NavLink to="/admin" className="account-nav__link">
          Admin
        </NavLink>
      ) : null}
    </>
  );
}

function VisitorLinks() {
  return (
    <>
      <NavLink to="/wanted" className="account-nav__link">
        Wanted
      </NavLink>
      <NavLink to="/login" className="account-nav__link">
        Sign in
      </NavLink>
      <NavLink to="/signup" className="button button--small">
        Join Stoop
      </NavLink>
    </>
  );
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
  const unread = user?.unreadMessages ?? 0;
  return (
    <nav aria-label="Sections" className="tab-bar">
      <Tab to="/" end icon={<HomeIcon />}>
        Home
      </Tab>
      <Tab to="/search" icon={<SearchIcon />}>
        Search
      </Tab>
      <Tab to="/listings/new" icon={<PlusIcon />}>
        Sell
      </Tab>
      <Tab
        to="/messages"
        icon={<ChatIcon />}
        label={unread ? `Messages, ${unread} unread` : undefined}
        badge={unread ? (unread > 99 ? "99+" : String(unread)) : undefined}
      >
        Messages
      </Tab>
      <Tab to={user ? "/settings" : "/login"} icon={<PersonIcon />}>
        Me
      </Tab>
    </nav>
  );
}

function Tab({
  to,
  end,
  icon,
  label,
  badge,
  children,
}: {
  to: string;
  end?: boolean;
  icon: ReactNode;
  label?: string;
  badge?: string;
  children: ReactNode;
}) {
  return (
    <NavLink to={to} end={end} className="tab-bar__tab" aria-label={label}>
      <span className="tab-bar__icon" aria-hidden="true">
        {icon}
        {badge ? <span className="tab-bar__badge">{badge}</span> : null}
      </span>
      <span className="tab-bar__label">{children}</span>
    </NavLink>
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
