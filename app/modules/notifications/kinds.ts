/**
 * Every kind of notification, with the channels it uses unless the member changes them in
 * settings. Shared by the server and the settings page.
 */
export const NOTIFICATION_KINDS = {
  account_security: {
    label: "Account security",
    description: "Password changes and other sign-in events on your account.",
    defaults: { inApp: true, email: true },
  },
  order_paid: {
    label: "Order paid",
    description: "A buyer paid for your item, or your payment went through.",
    defaults: { inApp: true, email: true },
  },
  order_shipped: {
    label: "Order shipped",
    description: "Your item is on its way.",
    defaults: { inApp: true, email: true },
  },
  order_received: {
    label: "Order received",
    description: "The buyer confirmed they have the item.",
    defaults: { inApp: true, email: true },
  },
  order_completed: {
    label: "Order completed",
    description: "The sale is complete and the money is released.",
    defaults: { inApp: true, email: true },
  },
  order_cancelled: {
    label: "Order cancelled",
    description: "An order was cancelled and the buyer refunded.",
    defaults: { inApp: true, email: true },
  },
  order_pickup_check: {
    label: "Pickup check",
    description: "A pickup hasn't happened some days after payment: tell us what happened.",
    defaults: { inApp: true, email: true },
  },
  meetup_spot: {
    label: "Meetup spots",
    description: "The other side of a pickup order chose where to meet.",
    defaults: { inApp: true, email: true },
  },
  pickup_time: {
    label: "Pickup times",
    description: "Pickup times proposed or agreed for your orders, and reminders before a pickup.",
    defaults: { inApp: true, email: true },
  },
  offer_received: {
    label: "Offer received",
    description: "Someone made an offer on your listing.",
    defaults: { inApp: true, email: true },
  },
  offer_answered: {
    label: "Offer answered",
    description: "Your offer was countered or declined, or your counter-offer was declined.",
    defaults: { inApp: true, email: true },
  },
  offer_accepted: {
    label: "Offer accepted",
    description: "An offer was accepted: the buyer has 24 hours to check out at that price.",
    defaults: { inApp: true, email: true },
  },
  offer_expired: {
    label: "Offer ended",
    description: "An offer expired, was withdrawn, or closed because the item is gone.",
    defaults: { inApp: true, email: true },
  },
  new_message: {
    label: "New message",
    description: "A member sent you a message.",
    defaults: { inApp: true, email: true },
  },
  dispute_opened: {
    label: "Dispute opened",
    description: "A dispute was opened on one of your orders.",
    defaults: { inApp: true, email: true },
  },
  dispute_updated: {
    label: "Dispute updated",
    description: "Someone added to a dispute you are part of.",
    defaults: { inApp: true, email: true },
  },
  dispute_resolved: {
    label: "Dispute resolved",
    description: "An admin resolved a dispute you are part of.",
    defaults: { inApp: true, email: true },
  },
  saved_search_match: {
    label: "Saved search matches",
    description: "A new listing matches one of your saved searches.",
    defaults: { inApp: true, email: true },
  },
  question_asked: {
    label: "Questions on your listings",
    description: "A member asked a public question on one of your listings.",
    defaults: { inApp: true, email: true },
  },
  answer_posted: {
    label: "Answers to your questions",
    description: "Someone answered a question you asked.",
    defaults: { inApp: true, email: true },
  },
  answer_helpful: {
    label: "Helpful answers",
    description: "A member marked your answer helpful.",
    defaults: { inApp: true, email: false },
  },
  wanted_answer: {
    label: "Answers to your Wanted requests",
    description: "A member or a shop answered something you asked for on Wanted.",
    defaults: { inApp: true, email: true },
  },
  wanted_solved: {
    label: "Wanted: your answer helped",
    description: "A member marked your answer (or your shop's) as the one that solved their request.",
    defaults: { inApp: true, email: false },
  },
  wanted_expiring: {
    label: "Wanted requests expiring",
    description: "One of your Wanted requests stops listing in a few days unless you renew it.",
    defaults: { inApp: true, email: true },
  },
  wanted_nearby: {
    label: "Wanted near your shop",
    description: "A neighbour in your shop's service area asked for something in its categories.",
    defaults: { inApp: true, email: false },
  },
  review_received: {
    label: "Reviews",
    description: "The other side of an order reviewed you, or replied to your review.",
    defaults: { inApp: true, email: true },
  },
  moderation_content_removed: {
    label: "Moderation: content removed",
    description: "A moderator removed something you posted, and why.",
    defaults: { inApp: true, email: true },
  },
  moderation_warning: {
    label: "Moderation: warnings",
    description: "A moderator warned you about something on your account.",
    defaults: { inApp: true, email: true },
  },
  moderation_account: {
    label: "Moderation: account status",
    description: "Your account was suspended or reinstated.",
    defaults: { inApp: true, email: true },
  },
  service_job: {
    label: "Service jobs",
    description: "A buyer booked one of your shop's services.",
    defaults: { inApp: true, email: true },
  },
  service_update: {
    label: "Service updates",
    description: "A shop accepted, declined or finished a service on your order.",
    defaults: { inApp: true, email: true },
  },
  retailer_application: {
    label: "Shop applications",
    description: "An admin verified or declined your shop's application.",
    defaults: { inApp: true, email: true },
  },
  retailer_staff: {
    label: "Shop staff",
    description: "A shop's owner removed you from its staff.",
    defaults: { inApp: true, email: true },
  },
  follow_listing: {
    label: "Members you follow: new listings",
    description: "A member you follow listed something (by email at most once a day, as a digest).",
    defaults: { inApp: true, email: true },
    digest: true,
  },
  follow_service: {
    label: "Shops you follow: new services",
    description: "A shop you follow added a service (by email at most once a day, as a digest).",
    defaults: { inApp: true, email: true },
    digest: true,
  },
  price_drop: {
    label: "Price drops on saved items",
    description: "An item you saved got cheaper, or is for sale again after an order was cancelled.",
    defaults: { inApp: true, email: true },
  },
} as const satisfies Record<
  string,
  { label: string; description: string; defaults: { inApp: boolean; email: boolean }; digest?: true }
>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(value: string): value is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, value);
}

/** Kinds whose email waits for the daily digest (notifications/digest.server.ts) instead of going at once. */
export const DIGEST_KINDS = NOTIFICATION_KIND_NAMES.filter((kind) => "digest" in NOTIFICATION_KINDS[kind]);

export function isDigestKind(kind: NotificationKind): boolean {
  return "digest" in NOTIFICATION_KINDS[kind];
}

/**
 * Account emails that a member cannot turn off (verification links, password resets and the
 * security notices about them). They are not preferences, so they carry no unsubscribe link; they
 * go through the same outbox and delivery job as everything else. The label is the email's button.
 */
export const ACCOUNT_EMAIL_KINDS = {
  account_verify_email: { button: "Verify your email" },
  account_password_reset: { button: "Choose a new password" },
  account_password_was_reset: { button: "Open your account settings" },
  account_email_changed: { button: "Open Stoop" },
  account_signup_attempt: { button: "Sign in to Stoop" },
  retailer_invite: { button: "Open the invitation" },
} as const satisfies Record<string, { button: string }>;

export type AccountEmailKind = keyof typeof ACCOUNT_EMAIL_KINDS;

export function isAccountEmailKind(value: string): value is AccountEmailKind {
  return Object.hasOwn(ACCOUNT_EMAIL_KINDS, value);
}
