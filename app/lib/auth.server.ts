import { redirect, type AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { safeRedirect } from "./safe-redirect";

/** Guards that read like the rule. They throw a redirect (or a 403) and otherwise return the member. */

export function currentUser(context: AppLoadContext): SessionUser | null {
  return context.auth.user;
}

export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = context.auth.user;
  if (user) return user;
  const url = new URL(request.url);
  const back = safeRedirect(`${url.pathname}${url.search}`);
  throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
}

export function requireAnonymous(context: AppLoadContext): void {
  if (context.auth.user) throw redirect("/");
}

export function requireAdmin(request: Request, context: AppLoadContext): SessionUser {
  const user = requireUser(request, context);
  if (user.role !== "admin") throw new Response("Only administrators can open this page.", { status: 403 });
  return user;
}

export function requireSessionToken(context: AppLoadContext): string {
  if (!context.auth.token) throw redirect("/login");
  return context.auth.token;
}
