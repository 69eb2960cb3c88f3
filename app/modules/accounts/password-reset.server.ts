import type { Kysely } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { InvalidInput } from "~/lib/errors";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { sendAccountEmail } from "~/modules/notifications/account-email.server";
import { hashPassword } from "./passwords.server";
import { AUTH_RATE_LIMITS, enforceRateLimit } from "./rate-limit.server";
import { normalizeEmail } from "./schemas";
import { endAllSessionsOf } from "./sessions.server";
import { issueAccountToken, spendAccountToken } from "./tokens.server";
import { LINK_NOT_USABLE } from "./email-verification.server";

/** What the forgot-password form says, whatever the address. */
export const RESET_REQUESTED =
  "If that address belongs to a Stoop account, we've sent it a link to choose a new password. The link works for one hour.";

/**
 * "Forgot password?": the request does the same work whatever the address (rate limits, then one
 * queued job), so neither the answer nor its timing says whether an account exists. The job looks
 * the address up and sends the link.
 */
export async function requestPasswordReset(db: Kysely<Database>, email: string, context: { ip: string }) {
  const normalized = normalizeEmail(email);
  await enforceRateLimit(db, `reset:ip:${context.ip}`, AUTH_RATE_LIMITS.passwordResetPerIp);
  await enforceRateLimit(db, `reset:email:${normalized}`, AUTH_RATE_LIMITS.passwordResetPerEmail);
  await enqueueJob(db, QUEUES.sendPasswordReset, { email: normalized });
}

/**
 * The job behind requestPasswordReset. Token and email commit together. A retry after a crash may
 * send a second link; the newer one wins, so that is harmless.
 */
export async function sendPasswordResetLink(db: Kysely<Database>, email: string): Promise<"sent" | "no-account"> {
  return transaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalizeEmail(email)))
      .where("deletedAt", "is", null)
      .executeTakeFirst();
    if (!user) return "no-account" as const;
    const token = await issueAccountToken(trx, user.id, "reset_password");
    await sendAccountEmail(trx, {
      userId: user.id,
      to: user.email,
      kind: "account_password_reset",
      subject: "Choose a new Stoop password",
      body:
        "Someone (hopefully you) asked to reset the password of your Stoop account. Open the link below within one hour to choose a new one. " +
        "If it wasn't you, ignore this email: your password stays as it is.",
      url: `/reset-password/${token}`,
    });
    return "sent" as const;
  });
}

/**
 * Follows a reset link: stores the new password, ends every session of the account (including any
 * an attacker may hold), and tells the member by email. The address counts as verified: the link
 * proved the member reads it.
 */
export async function resetPassword(
  db: Kysely<Database>,
  token: string,
  newPassword: string,
): Promise<{ userId: string; endedSessions: number }> {
  // Hash before the transaction: argon2 takes ~50 ms and PGlite has a single connection.
  const passwordHash = await hashPassword(newPassword);
  return transaction(db, async (trx) => {
    const spent = await spendAccountToken(trx, "reset_password", token);
    if (!spent) throw new InvalidInput(LINK_NOT_USABLE);
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "emailVerifiedAt"])
      .where("id", "=", spent.userId)
      .where("deletedAt", "is", null)
      .executeTakeFirst();
    if (!user) throw new InvalidInput(LINK_NOT_USABLE);
    await trx
      .updateTable("users")
      .set({ passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date(), updatedAt: new Date() })
      .where("id", "=", user.id)
      .execute();
    const endedSessions = await endAllSessionsOf(trx, user.id);
    await trx.deleteFrom("loginChallenges").where("userId", "=", user.id).execute();
    await sendAccountEmail(trx, {
      userId: user.id,
      to: user.email,
      kind: "account_password_was_reset",
      subject: "Your Stoop password was reset",
      body:
        "The password of your Stoop account was just reset with a link sent to this address, and every session was signed out. " +
        "If this wasn't you, reset it again from the sign-in page at once and contact us.",
      url: "/settings",
    });
    return { userId: user.id, endedSessions };
  });
}
