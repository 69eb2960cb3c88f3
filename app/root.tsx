import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { SuspendedBanner } from "~/components/suspended-banner";
import { VerifyEmailBanner } from "~/components/verify-banner";
import { LiveEventsProvider, useLiveCounts } from "~/lib/live";
import { useNonce } from "~/lib/nonce";
import { headerState } from "~/modules/community/messages.server";
import designStylesHref from "~/styles/design.css";
import stylesHref from "~/styles/app.css";
import listingsStylesHref from "~/styles/listings.css";
import communityStylesHref from "~/styles/community.css";

export const links: LinksFunction = () => [
  // The design system first: it declares the cascade layers the page styles go into (ADR 043).
  { rel: "stylesheet", href: designStylesHref },
  { rel: "stylesheet", href: stylesHref },
  { rel: "stylesheet", href: listingsStylesHref },
  { rel: "stylesheet", href: communityStylesHref },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
  // The installable app (ADR 044): generated at build by scripts/build-pwa.ts.
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" },
];

export const meta: MetaFunction = () => [
  { title: "Stoop — the neighbourhood garage sale" },
  { name: "description", content: "Buy and sell used things with your neighbours, with local shops lending a hand." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const user = context.auth.user;
  // One query for both header counts (unread notifications and unread messages) and where the
  // page's live stream starts.
  const counts = user ? await headerState(context.db, user.id) : null;
  return json({
    testPayments: context.payments.testMode,
    user: user
      ? {
          displayName: user.displayName,
          email: user.email,
          role: user.role,
          emailVerified: user.emailVerified,
          suspension: user.suspension,
          unreadNotifications: counts?.notifications ?? 0,
          unreadMessages: counts?.messages ?? 0,
          liveEventId: counts?.liveEventId ?? 0,
        }
      : null,
  });
}

/** --color-brand in app/styles/design.css, as in the web app manifest. */
const THEME_COLOUR = "#a4431c";

function TestPaymentsBanner() {
  return (
    <p className="test-banner" role="note">
      Test payments: no real money moves. Pay with the test card 4242 4242 4242 4242.
    </p>
  );
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content={THEME_COLOUR} />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

type HeaderUser = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["user"]>;

/** The header with the bell and the messages count kept current by the live stream (ADR 045). */
function LiveSiteHeader({ user }: { user: HeaderUser }) {
  const counts = useLiveCounts({ notifications: user.unreadNotifications, messages: user.unreadMessages });
  return <SiteHeader user={{ ...user, unreadNotifications: counts.notifications, unreadMessages: counts.messages }} />;
}

export default function App() {
  const { user, testPayments } = useLoaderData<typeof loader>();
  return (
    <Document>
      <LiveEventsProvider enabled={Boolean(user)} after={user?.liveEventId ?? 0}>
        {testPayments ? <TestPaymentsBanner /> : null}
        {user ? <LiveSiteHeader user={user} /> : <SiteHeader user={null} />}
        {user?.suspension ? <SuspendedBanner reason={user.suspension.reason} /> : null}
        {user && !user.emailVerified && !user.suspension ? <VerifyEmailBanner email={user.email} /> : null}
        <main id="main" className="page" tabIndex={-1}>
          <Outlet />
        </main>
        <SiteFooter />
      </LiveEventsProvider>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Page not found" : status === 403 ? "Not allowed" : "Something went wrong";
  const message =
    status === 404
      ? "We couldn't find that page. It may have been sold, moved or never existed."
      : status === 403
        ? typeof (error as { data?: unknown }).data === "string"
          ? String((error as { data: string }).data)
          : "You don't have permission to open this page."
        : isRouteErrorResponse(error) && status < 500 && typeof error.data === "string"
          ? error.data
          : "Sorry, something broke on our side. Please try again in a moment.";
  return (
    <Document title={`${title} · Stoop`}>
      <SiteHeader user={data?.user ?? null} />
      <main id="main" className="page" tabIndex={-1}>
        <section className="error-page" aria-labelledby="error-title">
          <p className="error-code">{status}</p>
          <h1 id="error-title">{title}</h1>
          <p>{message}</p>
          <p>
            <a href="/">Back to the front page</a>
          </p>
        </section>
      </main>
      <SiteFooter />
    </Document>
  );
}
