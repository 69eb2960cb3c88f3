import { redirect, type AppLoadContext } from "@remix-run/node";
import { actingRole, actsAsAdmin } from "~/modules/accounts/admin-powers";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { retailerBySlug, staffRole } from "~/modules/retailers/retailers.server";
import { shopSlugParams } from "~/modules/retailers/route-schemas.server";
import { parseParams } from "./forms";
import { orErrorResponse } from "./http.server";
import { safeRedirect } from "./safe-redirect";

/** Guards that read like the rule. They throw a redirect (or a 403) and otherwise return the member. */

/**
 * The member as every route and module sees them: an admin without two-factor sign-in (or a
 * suspended one) holds no admin powers anywhere, so modules' `role === "admin"` checks mean
 * "an admin who passed two-factor" (admin-powers.ts has the rule).
 */
function acting(user: SessionUser): SessionUser {
  return user.role === "admin" ? { ...user, role: actingRole(user) } : user;
}

export function currentUser(context: AppLoadContext): SessionUser | null {
  return context.auth.user ? acting(context.auth.user) : null;
}

/** A suspended member may read (their orders, notifications, settings) but not change anything. */
const READ_METHODS = new Set(["GET", "HEAD"]);

export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = context.auth.user;
  if (user?.suspension && !READ_METHODS.has(request.method.toUpperCase())) {
    throw new Response("Your account is suspended: you can look at your orders, but not change anything.", {
      status: 403,
    });
  }
  if (user) return acting(user);
  const url = new URL(request.url);
  const back = safeRedirect(`${url.pathname}${url.search}`);
  throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
}

export function requireAnonymous(context: AppLoadContext): void {
  if (context.auth.user) throw redirect("/");
}

/**
 * For features that need a verified address (publishing a listing, buying, payouts): an unverified
 * member is sent to /verify-email, which says why and offers a new link. Modules check the same
 * rule with `assertEmailVerified(db, userId)` (accounts/email-verification.server.ts).
 */
export function requireVerifiedEmail(request: Request, context: AppLoadContext): SessionUser {
  const user = requireUser(request, context);
  if (!user.emailVerified) throw redirect("/verify-email");
  return user;
}

/** Admins must have two-factor sign-in on: without it they are sent to set it up first. */
export function requireAdmin(request: Request, context: AppLoadContext): SessionUser {
  requireUser(request, context);
  const user = context.auth.user!;
  if (user.role !== "admin" || user.suspension) {
    throw new Response("Only administrators can open this page.", { status: 403 });
  }
  if (!actsAsAdmin(user)) throw redirect(`/settings/two-factor?${new URLSearchParams({ required: "admin" })}`);
  return user;
}

export function requireSessionToken(context: AppLoadContext): string {
  if (!context.auth.token) throw redirect("/login");
  return context.auth.token;
}

/**
 * Staff of a retailer (owner or staff): anyone else gets a 404, as if the shop's back office did
 * not exist. The retailers module checks the same rule again in each function.
 */
export async function requireRetailerStaff(request: Request, context: AppLoadContext, retailerId: string) {
  const user = requireUser(request, context);
  const role = await staffRole(context.db, retailerId, user.id);
  if (!role) throw new Response("That shop doesn't exist.", { status: 404 });
  return { user, role };
}

/**
 * A shop's back-office page: the shop the URL's `$slug` names, and the member's place on its staff
 * (404 for a shop that doesn't exist or that they don't work for, so outsiders learn nothing).
 */
export async function requireShopStaff(request: Request, context: AppLoadContext, rawParams: unknown) {
  const { slug } = parseParams(shopSlugParams, rawParams);
  const retailer = await orErrorResponse(() => retailerBySlug(context.db, slug));
  return { retailer, ...(await requireRetailerStaff(request, context, retailer.id)) };
}
