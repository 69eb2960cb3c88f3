import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseLastEventId } from "~/lib/live-events.server";

/**
 * The signed-in tab's live stream (Server-Sent Events, ADR 045): new messages, read receipts,
 * typing and the header counts as they happen. The session cookie authenticates it; a browser that
 * reconnects sends `Last-Event-ID` and is sent what it missed.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.auth.user;
  // 401, not the login redirect: EventSource follows redirects and would stream a login page.
  if (!user) return plain(401, "Sign in to receive live updates.");
  if (!context.live) return plain(503, "Live updates are not available here.");
  const stream = await context.live.open({
    userId: user.id,
    // A reconnecting browser's header wins; `?after=` is the page's own mark for the first connection.
    lastEventId:
      parseLastEventId(request.headers.get("last-event-id")) ??
      parseLastEventId(new URL(request.url).searchParams.get("after")),
    signal: request.signal,
  });
  return (
    stream ?? plain(429, "Too many open tabs are receiving live updates; this one checks every few seconds instead.")
  );
}

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
