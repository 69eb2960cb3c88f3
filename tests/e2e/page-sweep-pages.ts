/**
 * Every page of the app, as the overflow sweep (page-sweep.spec.ts) visits it: which route file it
 * is, who sees it, and the URL with the sweep's own data. tests/unit/page-sweep-pages.test.ts
 * checks that each file in app/routes is either here or in SWEEP_EXCLUSIONS, so a new page cannot
 * be forgotten. Plain data (no Playwright, no database) so the unit test can import it.
 */

export const SWEEP_ROLES = ["visitor", "member", "seller", "staff", "admin"] as const;
export type SweepRole = (typeof SWEEP_ROLES)[number];

/** The ids and tokens the sweep's data set up (page-sweep.spec.ts builds them). */
export interface SweepWorld {
  sellerId: string;
  listingId: string;
  paidOrderId: string;
  completedOrderId: string;
  serviceLineId: string;
  reviewId: string;
  conversationId: string;
  disputeId: string;
  shopSlug: string;
  serviceId: string;
  wantedId: string;
  quoteAnswerId: string;
  passportId: string;
  handoverToken: string;
  resetToken: string;
  verifyToken: string;
  unsubscribeToken: string;
  inviteToken: string;
  /** Filled in by the visitor's run: an email in the dev mailbox (the forgot-password form sends one). */
  mailboxId: string;
}

export interface SweepPage {
  /** The route module in app/routes. */
  file: string;
  role: SweepRole;
  /** The URL to visit. */
  path: (world: SweepWorld) => string;
  /** The status the page answers with (200 unless said). */
  status?: number;
  /** A step in the browser that makes the page reachable (the spec knows each one). */
  before?: "send-an-email" | "start-two-factor-sign-in";
}

const page = (
  file: string,
  role: SweepRole,
  path: string | ((world: SweepWorld) => string),
  options: Pick<SweepPage, "status" | "before"> = {},
): SweepPage => ({ file, role, path: typeof path === "string" ? () => path : path, ...options });

export const SWEEP_PAGES: SweepPage[] = [
  // A visitor (signed out).
  page("_index.tsx", "visitor", "/"),
  page("login.tsx", "visitor", "/login"),
  page("login_.two-factor.tsx", "visitor", "/login/two-factor", { before: "start-two-factor-sign-in" }),
  page("signup.tsx", "visitor", "/signup"),
  page("signup_.check-inbox.tsx", "visitor", "/signup/check-inbox"),
  page("forgot-password.tsx", "visitor", "/forgot-password"),
  page("reset-password.$token.tsx", "visitor", (w) => `/reset-password/${w.resetToken}`),
  page("search.tsx", "visitor", "/search?q=bike"),
  page("privacy.tsx", "visitor", "/privacy"),
  page("listings.$id.tsx", "visitor", (w) => `/listings/${w.listingId}`),
  page("members.$id.tsx", "visitor", (w) => `/members/${w.sellerId}`),
  page("members.$id_.followers.tsx", "visitor", (w) => `/members/${w.sellerId}/followers`),
  page("retailers._index.tsx", "visitor", "/retailers"),
  page("retailers.$slug.tsx", "visitor", (w) => `/retailers/${w.shopSlug}`),
  page("wanted._index.tsx", "visitor", "/wanted"),
  page("wanted.$id.tsx", "visitor", (w) => `/wanted/${w.wantedId}`),
  page("account-deleted.tsx", "visitor", "/account-deleted"),
  page("$.tsx", "visitor", "/no-such-page", { status: 404 }),
  page("email.unsubscribe.$token.tsx", "visitor", (w) => `/email/unsubscribe/${w.unsubscribeToken}`),
  page("dev.mailbox.tsx", "visitor", "/dev/mailbox"),
  page("dev.mailbox_.$id.tsx", "visitor", (w) => `/dev/mailbox/${w.mailboxId}`, { before: "send-an-email" }),

  // A member who buys (the buyer of the sweep's orders).
  page("feed.tsx", "member", "/feed"),
  page("following.tsx", "member", "/following"),
  page("saved.tsx", "member", "/saved"),
  page("saved-searches.tsx", "member", "/saved-searches"),
  page("notifications.tsx", "member", "/notifications"),
  page("offers.tsx", "member", "/offers"),
  page("messages._index.tsx", "member", "/messages"),
  page("messages.$id.tsx", "member", (w) => `/messages/${w.conversationId}`),
  page("listings.$id.tsx", "member", (w) => `/listings/${w.listingId}`),
  page("listings.$id_.buy.tsx", "member", (w) => `/listings/${w.listingId}/buy`),
  page("report.tsx", "member", (w) => `/report?subjectType=listing&subjectId=${w.listingId}`),
  page("orders.purchases.tsx", "member", "/orders/purchases"),
  page("orders.$id.tsx", "member", (w) => `/orders/${w.paidOrderId}`),
  page("orders.$id_.checkout-cancelled.tsx", "member", (w) => `/orders/${w.paidOrderId}/checkout-cancelled`),
  page("orders.$id_.dispute.tsx", "member", (w) => `/orders/${w.paidOrderId}/dispute`),
  page("orders.$id_.pickup.tsx", "member", (w) => `/orders/${w.paidOrderId}/pickup`),
  page("orders.$id_.review.tsx", "member", (w) => `/orders/${w.completedOrderId}/review`),
  page("orders.$id_.review_.$lineId.tsx", "member", (w) => `/orders/${w.completedOrderId}/review/${w.serviceLineId}`),
  page("quotes.$answerId.buy.tsx", "member", (w) => `/quotes/${w.quoteAnswerId}/buy`),
  page("wanted.new.tsx", "member", "/wanted/new"),
  page("retailers.new.tsx", "member", "/retailers/new"),
  page("retailers.invites.$token.tsx", "member", (w) => `/retailers/invites/${w.inviteToken}`),
  page("settings.tsx", "member", "/settings"),
  page("settings_.notifications.tsx", "member", "/settings/notifications"),
  page("settings_.payouts.tsx", "member", "/settings/payouts"),
  page("settings_.payouts_.refresh.tsx", "member", "/settings/payouts/refresh"),
  page("settings_.two-factor.tsx", "member", "/settings/two-factor"),
  page("settings_.delete.tsx", "member", "/settings/delete"),
  page("verify-email.tsx", "member", "/verify-email"),
  page("verify-email_.$token.tsx", "member", (w) => `/verify-email/${w.verifyToken}`),
  page("logout.tsx", "member", "/logout"),

  // The seller of the sweep's listing and orders.
  page("my.listings.tsx", "seller", "/my/listings"),
  page("listings.new.tsx", "seller", "/listings/new"),
  page("listings.$id_.edit.tsx", "seller", (w) => `/listings/${w.listingId}/edit`),
  page("orders.sales.tsx", "seller", "/orders/sales"),
  page("orders.$id.tsx", "seller", (w) => `/orders/${w.paidOrderId}`),
  page("orders.$id_.handover.$token.tsx", "seller", (w) => `/orders/${w.paidOrderId}/handover/${w.handoverToken}`),
  page("reviews.$id.reply.tsx", "seller", (w) => `/reviews/${w.reviewId}/reply`),
  page("members.$id.tsx", "seller", (w) => `/members/${w.sellerId}`),

  // The owner of the sweep's shop.
  page("retailers.$slug.tsx", "staff", (w) => `/retailers/${w.shopSlug}`),
  page("retailers.$slug_.jobs.tsx", "staff", (w) => `/retailers/${w.shopSlug}/jobs`),
  page("retailers.$slug_.insights.tsx", "staff", (w) => `/retailers/${w.shopSlug}/insights`),
  page("retailers.$slug_.services.tsx", "staff", (w) => `/retailers/${w.shopSlug}/services`),
  page(
    "retailers.$slug_.services_.$serviceId.edit.tsx",
    "staff",
    (w) => `/retailers/${w.shopSlug}/services/${w.serviceId}/edit`,
  ),
  page("retailers.$slug_.payouts.tsx", "staff", (w) => `/retailers/${w.shopSlug}/payouts`),
  page("retailers.$slug_.settings.tsx", "staff", (w) => `/retailers/${w.shopSlug}/settings`),
  page("retailers.$slug_.staff.tsx", "staff", (w) => `/retailers/${w.shopSlug}/staff`),

  // An admin (with two-factor sign-in, as admin pages require).
  page("admin._index.tsx", "admin", "/admin"),
  page("admin.users.tsx", "admin", "/admin/users"),
  page("admin.reports.tsx", "admin", "/admin/reports"),
  page("admin.retailers.tsx", "admin", "/admin/retailers"),
  page("admin.disputes._index.tsx", "admin", "/admin/disputes"),
  page("admin.disputes.$id.tsx", "admin", (w) => `/admin/disputes/${w.disputeId}`),
  page("admin.passport.$id.tsx", "admin", (w) => `/admin/passport/${w.passportId}`),
  page("admin.meetup-spots.tsx", "admin", "/admin/meetup-spots"),
  page("admin.jobs.tsx", "admin", "/admin/jobs"),
  page("admin.audit.tsx", "admin", "/admin/audit"),
];

/** Route files that are not pages a person looks at, each with the reason. */
export const SWEEP_EXCLUSIONS: Record<string, string> = {
  "events.ts": "resource route: the live event stream (text/event-stream)",
  "messages.$id_.typing.ts": "POST-only (the typing signal); its GET is a 404",
  "retailers.$slug_.insights[.]csv.ts": "resource route: an insights section as a CSV download",
  "admin.tsx": "the admin layout (navigation around an Outlet); every admin page above renders inside it",
  "bench.$page.tsx": "the search benchmark's framework ceiling: a 404 unless npm run bench:search captured data",
  "favorites.tsx": "POST-only (the favourite button); its GET redirects to /saved",
  "healthz.ts": "resource route: the health check's JSON",
  "listings.price-guidance.ts": "resource route: the sell form's price guidance JSON",
  "messages.order.tsx": "POST-only (starts an order conversation and redirects); its GET is a 404",
  "orders.$id_.pickup[.]ics.ts": "resource route: the pickup time as a calendar file",
  "orders.$id_.return.tsx": "redirect only: where Stripe's hosted checkout sends the buyer back",
  "orders.$id_.sell-again.tsx": "POST-only (copies a bought item into a new draft and redirects)",
  "photos.$.tsx": "resource route: the photo files",
  "settings_.export.ts": "resource route: the member's data export download",
  "settings_.push-device.ts": "POST-only JSON (the browser in hand turns push on or off); its GET is a 404",
  "settings_.payouts.return.tsx": "redirect only: where Stripe's onboarding sends the member back",
  "webhooks.stripe.ts": "resource route: Stripe's webhooks",
};
