import { Form, Link, NavLink } from "@remix-run/react";
import { MessagesLink, NotificationBell } from "./bell";

export interface HeaderUser {
  displayName: string;
  role: "member" | "admin";
  unreadNotifications: number;
  /** Optional so error pages rendered without the root loader still type-check. */
  unreadMessages?: number;
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label="Stoop, home">
          <span aria-hidden="true" className="brand__mark">
            ▣
          </span>
          Stoop
        </Link>
        <Form method="get" action="/search" role="search" className="search-box">
          <label htmlFor="site-search" className="visually-hidden">
            Search listings
          </label>
          <input id="site-search" type="search" name="q" placeholder="Search used bikes, sofas, phones…" />
          <button type="submit">Search</button>
        </Form>
        <nav aria-label="Account" className="account-nav">
          {user ? (
            <>
              <NavLink to="/listings/new" className="button button--small">
                Sell
              </NavLink>
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
              {user.role === "admin" ? (
                <NavLink to="/admin" className="account-nav__link">
                  Admin
                </NavLink>
              ) : null}
              <MessagesLink unread={user.unreadMessages ?? 0} />
              <NotificationBell unread={user.unreadNotifications} />
              <NavLink to="/settings" className="account-nav__link">
                <span className="visually-hidden">Account settings for </span>
                {user.displayName}
              </NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
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
          )}
        </nav>
      </div>
    </header>
  );
}
