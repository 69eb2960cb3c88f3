import type { Kysely, Transaction } from "kysely";
import { transitionListing } from "~/modules/listings/listings.server";
import { closeOffersOfBuyer, offersForExport } from "~/modules/orders/offers.server";
import { COMMUNITY_EXPORT_SECTIONS, eraseCommunityData } from "~/modules/community/member-data.server";
import { INSIGHTS_EXPORT_SECTIONS, eraseInsightsData } from "~/modules/insights/member-data.server";
import { ORDER_DELETION_BLOCKERS, ORDER_EXPORT_SECTIONS } from "~/modules/orders/member-data.server";
import {
  eraseRetailerData,
  RETAILER_DELETION_BLOCKERS,
  RETAILER_EXPORT_SECTIONS,
} from "~/modules/retailers/member-data.server";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { Conflict, InvalidInput, NotFound } from "~/lib/errors";
import { describeUserAgent } from "~/lib/user-agent";
import { listNotifications, preferencesFor } from "~/modules/notifications/notify.server";
import { listPushDevices } from "~/modules/notifications/push.server";
import { verifyPassword } from "~/modules/accounts/passwords.server";
import { endAllSessionsOf } from "~/modules/accounts/sessions.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * A member's data export and account deletion. They reach into every module that keeps member
 * data, so they live in their own folder at the top (privacy/): it may import any module folder,
 * and none imports it back (only the settings routes do). Both are extended by the other modules,
 * in one place each, so nothing is forgotten:
 *
 * - EXPORT_SECTIONS: each module that keeps member data (listings, orders, messages, reviews)
 *   adds a section that returns that member's rows as plain JSON.
 * - DELETION_BLOCKERS: each module that has unfinished business (an order in progress, an open
 *   dispute, a payout on its way) adds a check that returns what to finish first, or null.
 * - Erasure: each module that stores personal data adds what to remove or anonymise to
 *   `eraseMemberData`, inside the deletion transaction. Rows that other members or the law need
 *   (orders, payouts, disputes, audit log) stay, pointing at the anonymised user row.
 */

export type ExportSection = (db: Executor, userId: string) => Promise<unknown>;
/** Returns a sentence saying what the member must finish before deleting, or null. */
export type DeletionBlocker = (trx: Executor, userId: string) => Promise<string | null>;

export const EXPORT_SECTIONS: Record<string, ExportSection> = {
  profile: async (db, userId) =>
    db
      .selectFrom("users")
      .select(["id", "email", "displayName", "role", "emailVerifiedAt", "createdAt", "updatedAt"])
      .where("id", "=", userId)
      .executeTakeFirst(),
  sessions: async (db, userId) => {
    const rows = await db
      .selectFrom("sessions")
      .select(["createdAt", "lastSeenAt", "expiresAt", "userAgent", "ipAddress"])
      .where("userId", "=", userId)
      .orderBy("createdAt")
      .execute();
    return rows.map((row) => ({ ...row, device: describeUserAgent(row.userAgent) }));
  },
  twoFactor: async (db, userId) => {
    const row = await db.selectFrom("userTotp").select(["enabledAt"]).where("userId", "=", userId).executeTakeFirst();
    // The secret and recovery codes are credentials, not data about the member: never exported.
    return { enabled: Boolean(row?.enabledAt), enabledAt: row?.enabledAt ?? null };
  },
  notifications: (db, userId) => listNotifications(db, userId, 10_000),
  notificationPreferences: (db, userId) => preferencesFor(db, userId),
  // The devices, not their endpoints and keys: those address the push service, not the member.
  pushDevices: (db, userId) => listPushDevices(db, userId),
  listings: (db, userId) =>
    db
      .selectFrom("listings")
      .select([
        "id",
        "title",
        "description",
        "categoryId",
        "condition",
        "priceCents",
        "pickup",
        "shipping",
        "shippingCents",
        "placeName",
        "status",
        "publishedAt",
        "createdAt",
      ])
      .where("sellerId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  savedItems: (db, userId) =>
    db
      .selectFrom("favorites")
      .select(["listingId", "createdAt"])
      .where("userId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  // Which saved items' prices they were told about (the price-drop alerts' dedupe rows).
  priceDropAlerts: (db, userId) =>
    db
      .selectFrom("priceDropAlerts")
      .select(["listingId", "priceCents", "createdAt"])
      .where("userId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  savedSearches: (db, userId) =>
    db
      .selectFrom("savedSearches")
      .select(["name", "query", "createdAt"])
      .where("userId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  emailsSent: (db, userId) =>
    db
      .selectFrom("emailOutbox")
      .select(["kind", "toAddress", "subject", "createdAt", "sentAt"])
      .where("userId", "=", userId)
      .orderBy("createdAt")
      .execute(),
  offers: offersForExport,
  ...ORDER_EXPORT_SECTIONS,
  ...RETAILER_EXPORT_SECTIONS,
  ...COMMUNITY_EXPORT_SECTIONS,
  ...INSIGHTS_EXPORT_SECTIONS,
};

export const DELETION_BLOCKERS: DeletionBlocker[] = [
  // A reserved listing is in someone's checkout right now: that sale must finish or be released first.
  async (trx, userId) => {
    const reserved = await trx
      .selectFrom("listings")
      .select("title")
      .where("sellerId", "=", userId)
      .where("status", "=", "reserved")
      .execute();
    return reserved.length === 0
      ? null
      : `Wait for the checkout of ${reserved.map((row) => `“${row.title}”`).join(", ")} to finish (or be released).`;
  },
  ...ORDER_DELETION_BLOCKERS,
  ...RETAILER_DELETION_BLOCKERS,
];

export async function exportMemberData(
  db: Kysely<Database>,
  userId: string,
  sections: Record<string, ExportSection> = EXPORT_SECTIONS,
): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = { exportedAt: new Date().toISOString(), format: "stoop-member-data/1" };
  for (const [name, section] of Object.entries(sections)) data[name] = await section(db, userId);
  return data;
}

export async function deletionBlockers(
  db: Executor,
  userId: string,
  blockers: DeletionBlocker[] = DELETION_BLOCKERS,
): Promise<string[]> {
  const reasons: string[] = [];
  for (const blocker of blockers) {
    const reason = await blocker(db, userId);
    if (reason) reasons.push(reason);
  }
  return reasons;
}

export class DeletionBlocked extends Conflict {
  constructor(readonly reasons: string[]) {
    super(`Your account cannot be deleted yet. First: ${reasons.join(" ")}`);
  }
}

/**
 * Deletes an account: needs the password; refused with the blockers' reasons while anything is
 * unfinished. Ends every session at once and erases the personal fields; the user row stays as a
 * pseudonymous reference (its random id) for the records others keep.
 */
export async function deleteAccount(
  db: Kysely<Database>,
  userId: string,
  password: string,
  options: { blockers?: DeletionBlocker[] } = {},
): Promise<void> {
  const user = await db
    .selectFrom("users")
    .select(["passwordHash"])
    .where("id", "=", userId)
    .where("deletedAt", "is", null)
    .executeTakeFirst();
  if (!user) throw new NotFound("No such member");
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new InvalidInput("Your password is wrong.", { password: ["Your password is wrong."] });
  }
  await transaction(db, async (trx) => {
    // Lock the member so nothing (a checkout, say) starts for them while the blockers are checked.
    const locked = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("id", "=", userId)
      .where("deletedAt", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw new NotFound("No such member");
    const reasons = await deletionBlockers(trx, userId, options.blockers);
    if (reasons.length > 0) throw new DeletionBlocked(reasons);
    await eraseMemberData(trx, locked);
  });
}

async function eraseMemberData(trx: Transaction<Database>, user: { id: string; email: string }): Promise<void> {
  await endAllSessionsOf(trx, user.id);
  await trx.deleteFrom("loginChallenges").where("userId", "=", user.id).execute();
  await trx.deleteFrom("accountTokens").where("userId", "=", user.id).execute();
  await trx.deleteFrom("userTotp").where("userId", "=", user.id).execute();
  await trx.deleteFrom("recoveryCodes").where("userId", "=", user.id).execute();
  await trx.deleteFrom("notifications").where("userId", "=", user.id).execute();
  await trx.deleteFrom("notificationPreferences").where("userId", "=", user.id).execute();
  await trx.deleteFrom("emailOutbox").where("userId", "=", user.id).execute();
  await trx.deleteFrom("favorites").where("userId", "=", user.id).execute();
  await trx.deleteFrom("priceDropAlerts").where("userId", "=", user.id).execute();
  await trx.deleteFrom("notificationDigestItems").where("userId", "=", user.id).execute();
  await trx.deleteFrom("savedSearches").where("userId", "=", user.id).execute();
  // Negotiations they opened as a buyer end (the sellers are told); those on their listings close below.
  await closeOffersOfBuyer(trx, user.id);
  await eraseCommunityData(trx, user.id);
  await eraseRetailerData(trx, user.id);
  await eraseInsightsData(trx, user.id);
  // Listings leave the site (through the listing state machine, so each change is an event);
  // sold ones stay as records for their buyers.
  const listings = await trx
    .selectFrom("listings")
    .select("id")
    .where("sellerId", "=", user.id)
    .where("status", "in", ["draft", "active", "archived"])
    .execute();
  for (const listing of listings)
    await transitionListing(trx, { listingId: listing.id, action: "remove", actor: "system" });
  const email = user.email.toLowerCase();
  await trx
    .deleteFrom("rateLimits")
    .where("key", "in", [`login:email:${email}`, `signup:email:${email}`, `reset:email:${email}`])
    .execute();
  await trx
    .updateTable("users")
    .set({
      // Unique and not an address anyone can own (.invalid, RFC 2606), so the real one is free again.
      email: `deleted-${user.id}@deleted.invalid`,
      displayName: "Deleted member",
      // Not an argon2 hash: no password can ever match it.
      passwordHash: "!deleted",
      role: "member",
      emailVerifiedAt: null,
      deletedAt: new Date(),
      updatedAt: new Date(),
    })
    .where("id", "=", user.id)
    .execute();
}
