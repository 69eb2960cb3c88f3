import type { Kysely, Transaction } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { sendAccountEmail } from "~/modules/notifications/account-email.server";
import { verifyPassword } from "./passwords.server";
import { AUTH_RATE_LIMITS, enforceRateLimit } from "./rate-limit.server";
import { normalizeEmail } from "./schemas";
import { issueAccountToken, spendAccountToken } from "./tokens.server";

type Executor = Kysely<Database> | Transaction<Database>;

export const LINK_NOT_USABLE =
  "This link has expired, was already used, or was replaced by a newer one. Ask for a new link and use the latest email.";

/** Thrown by assertEmailVerified: a feature needs a verified address. Maps to 403. */
export class EmailNotVerified extends Forbidden {
  constructor() {
    super("Please verify your email address first: open the link we emailed you, or ask for a new one in settings.");
  }
}

/**
 * The check every feature that moves money or publishes calls (publishing a listing, buying,
 * payouts): unverified members may browse, save and message, nothing more.
 */
export async function assertEmailVerified(db: Executor, userId: string): Promise<void> {
  const row = await db
    .selectFrom("users")
    .select("emailVerifiedAt")
    .where("id", "=", userId)
    .where("deletedAt", "is", null)
    .executeTakeFirst();
  if (!row) throw new NotFound("No such member");
  if (!row.emailVerifiedAt) throw new EmailNotVerified();
}

/** Emails a fresh verification link to the member's current address (older links stop working). */
export async function sendVerificationEmail(trx: Executor, user: { id: string; email: string }): Promise<void> {
  const token = await issueAccountToken(trx, user.id, "verify_email");
  await sendAccountEmail(trx, {
    userId: user.id,
    to: user.email,
    kind: "account_verify_email",
    subject: "Verify your email for Stoop",
    body: "Welcome to Stoop! Open the link below to confirm this is your email address. The link works for 48 hours.",
    url: `/verify-email/${token}`,
  });
}

/** The sign-up form's answer for a taken address: tell the address's owner instead of the visitor. */
export async function sendSignupAttemptNotice(trx: Executor, email: string): Promise<void> {
  const owner = await trx
    .selectFrom("users")
    .select(["id", "email"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalizeEmail(email)))
    .executeTakeFirst();
  if (!owner) return;
  await sendAccountEmail(trx, {
    userId: owner.id,
    to: owner.email,
    kind: "account_signup_attempt",
    subject: "Someone tried to sign up to Stoop with your email",
    body:
      "Someone (maybe you) tried to create a Stoop account with this email address, which already has one. " +
      "No new account was made. If it was you, sign in instead; if you forgot your password, use “Forgot your password?” on the sign-in page. " +
      "If it wasn't you, you can ignore this email.",
    url: "/login",
  });
}

/** "Resend" from the banner: rate-limited per member. */
export async function resendVerificationEmail(db: Kysely<Database>, userId: string): Promise<void> {
  await enforceRateLimit(db, `verify-resend:user:${userId}`, AUTH_RATE_LIMITS.verificationResendPerUser);
  await transaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "emailVerifiedAt"])
      .where("id", "=", userId)
      .where("deletedAt", "is", null)
      .executeTakeFirst();
    if (!user) throw new NotFound("No such member");
    if (user.emailVerifiedAt) throw new InvalidInput("Your email address is already verified.");
    await sendVerificationEmail(trx, user);
  });
}

export type VerifiedEmail = { userId: string; email: string; changed: boolean };

/**
 * Follows a verification link: marks the address verified, or, for an email-change link, switches
 * the account to the new address and tells the old address.
 */
export async function verifyEmail(db: Kysely<Database>, token: string): Promise<VerifiedEmail> {
  return transaction(db, async (trx) => {
    const spent = await spendAccountToken(trx, "verify_email", token);
    if (!spent) throw new InvalidInput(LINK_NOT_USABLE);
    const user = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("id", "=", spent.userId)
      .where("deletedAt", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new InvalidInput(LINK_NOT_USABLE);
    if (!spent.newEmail || spent.newEmail === user.email) {
      await trx
        .updateTable("users")
        .set({ emailVerifiedAt: new Date(), updatedAt: new Date() })
        .where("id", "=", user.id)
        .execute();
      return { userId: user.id, email: user.email, changed: false };
    }
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", spent.newEmail!))
      .executeTakeFirst();
    if (taken) throw new InvalidInput("That address now belongs to another Stoop account, so it cannot be yours too.");
    await trx
      .updateTable("users")
      .set({ email: spent.newEmail, emailVerifiedAt: new Date(), updatedAt: new Date() })
      .where("id", "=", user.id)
      .execute();
    await sendAccountEmail(trx, {
      userId: user.id,
      to: user.email,
      kind: "account_email_changed",
      subject: "Your Stoop email address was changed",
      body:
        `The email address of your Stoop account was changed from ${user.email} to ${spent.newEmail}. ` +
        "Stoop will write to the new address from now on. If you did not do this, reset your password from the sign-in page at once and contact us.",
      url: "/forgot-password",
    });
    return { userId: user.id, email: spent.newEmail, changed: true };
  });
}

/**
 * Starts an email change: needs the password, and sends a link to the new address; the account
 * keeps its current address until the link is followed. A new address that already has an account
 * gets a notice instead, and the member sees the same answer either way.
 */
export async function requestEmailChange(
  db: Kysely<Database>,
  userId: string,
  input: { newEmail: string; password: string },
): Promise<void> {
  const newEmail = normalizeEmail(input.newEmail);
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "passwordHash"])
    .where("id", "=", userId)
    .where("deletedAt", "is", null)
    .executeTakeFirst();
  if (!user) throw new NotFound("No such member");
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new InvalidInput("Your password is wrong.", { password: ["Your password is wrong."] });
  }
  if (newEmail === normalizeEmail(user.email)) {
    throw new InvalidInput("That is already your address.", { newEmail: ["That is already your address."] });
  }
  await enforceRateLimit(db, `verify-resend:user:${userId}`, AUTH_RATE_LIMITS.verificationResendPerUser);
  await transaction(db, async (trx) => {
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", newEmail))
      .executeTakeFirst();
    if (taken) {
      await sendSignupAttemptNotice(trx, newEmail);
      return;
    }
    const token = await issueAccountToken(trx, user.id, "verify_email", { newEmail });
    await sendAccountEmail(trx, {
      userId: user.id,
      to: newEmail,
      kind: "account_verify_email",
      subject: "Confirm your new email for Stoop",
      body: "Open the link below to make this the email address of your Stoop account. The link works for 48 hours.",
      url: `/verify-email/${token}`,
    });
  });
}
