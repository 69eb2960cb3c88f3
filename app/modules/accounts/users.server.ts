import { sql, type Kysely, type Transaction } from "kysely";
import { transaction } from "~db/transaction";
import type { Database, Role, User } from "~db/schema";
import { InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { hashPassword, spendPasswordCheckTime, verifyPassword } from "./passwords.server";
import { AUTH_RATE_LIMITS, enforceRateLimit as enforce, resetRateLimit } from "./rate-limit.server";
import { normalizeEmail } from "./schemas";
import { type ChangePasswordInput, type LoginInput, type SignupInput } from "./schemas.server";
import { sendVerificationEmail, sendSignupAttemptNotice } from "./email-verification.server";

export type PublicUser = Pick<User, "id" | "email" | "displayName" | "role" | "createdAt">;

const PUBLIC_COLUMNS = ["id", "email", "displayName", "role", "createdAt"] as const;

/** The same words whatever went wrong, so a login form never says which accounts exist. */
export const WRONG_CREDENTIALS = "That email or password is wrong.";

export type SignupOutcome =
  | { created: true; user: PublicUser }
  /** The address already had an account: its owner was emailed instead. Never shown to the visitor. */
  | { created: false; user: null };

/**
 * Creates an unverified account and emails it a verification link, or, when the address already
 * has an account, emails that account's owner that someone tried to sign up. Both paths hash the
 * password, write one outbox email and answer the visitor with the same page, so the sign-up form
 * does not reveal which addresses have accounts.
 */
export async function signUp(
  db: Kysely<Database>,
  input: SignupInput,
  context: { ip: string; role?: Role },
): Promise<SignupOutcome> {
  const email = normalizeEmail(input.email);
  await enforce(db, `signup:ip:${context.ip}`, AUTH_RATE_LIMITS.signupPerIp);
  await enforce(db, `signup:email:${email}`, AUTH_RATE_LIMITS.signupPerEmail);
  // Hash before looking the email up, so a taken address answers in the same time as a free one.
  const passwordHash = await hashPassword(input.password);
  return transaction(db, async (trx) => {
    // ON CONFLICT on the lower(email) index: a taken address (even in a simultaneous signup) is
    // not an error that aborts the transaction, just no row.
    const user = await trx
      .insertInto("users")
      .values({ id: newId(), email, displayName: input.displayName, passwordHash, role: context.role ?? "member" })
      .onConflict((conflict) => conflict.expression(sql`lower(email)`).doNothing())
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirst();
    if (user) {
      await sendVerificationEmail(trx, user);
      return { created: true as const, user };
    }
    await sendSignupAttemptNotice(trx, email);
    return { created: false as const, user: null };
  });
}

export async function logIn(db: Kysely<Database>, input: LoginInput, context: { ip: string }): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  await enforce(db, `login:ip:${context.ip}`, AUTH_RATE_LIMITS.loginPerIp);
  // Guessing from one address at one account stops after ten tries, wherever it comes from.
  await enforce(db, `login:email-ip:${email}:${context.ip}`, AUTH_RATE_LIMITS.loginPerEmailAndIp);
  // The account-wide limit (against guessing spread over many addresses) does not apply where
  // the owner is signed in already, so nobody else's failures can lock the owner out of their
  // usual device (docs/decisions/018-login-lock-out.md).
  if (!(await isKnownSignInPlace(db, email, context.ip)))
    await enforce(db, `login:email:${email}`, AUTH_RATE_LIMITS.loginPerEmail);
  const user = await db
    .selectFrom("users")
    .select([...PUBLIC_COLUMNS, "passwordHash"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .executeTakeFirst();
  if (!user) {
    await spendPasswordCheckTime(input.password);
    throw new InvalidInput(WRONG_CREDENTIALS);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) throw new InvalidInput(WRONG_CREDENTIALS);
  await resetRateLimit(db, `login:email:${email}`);
  await resetRateLimit(db, `login:email-ip:${email}:${context.ip}`);
  const { passwordHash: _hash, ...publicUser } = user;
  return publicUser;
}

/** Whether the account with this email has a live session started from this address. */
async function isKnownSignInPlace(db: Kysely<Database>, email: string, ip: string): Promise<boolean> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.userId")
    .select("sessions.userId")
    .where((eb) => eb(eb.fn("lower", ["users.email"]), "=", email))
    .where("sessions.ipAddress", "=", ip)
    .where("sessions.expiresAt", ">", new Date())
    .executeTakeFirst();
  return row !== undefined;
}

export async function getUser(db: Kysely<Database>, userId: string): Promise<PublicUser> {
  const user = await db.selectFrom("users").select(PUBLIC_COLUMNS).where("id", "=", userId).executeTakeFirst();
  if (!user) throw new NotFound("No such member");
  return user;
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<PublicUser | null> {
  const user = await db
    .selectFrom("users")
    .select(PUBLIC_COLUMNS)
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", normalizeEmail(email)))
    .executeTakeFirst();
  return user ?? null;
}

/**
 * Checks the current password and stores the new one. The caller ends the member's other
 * sessions (sessions.server.ts) in the same request.
 */
export async function changePassword(
  db: Kysely<Database>,
  userId: string,
  input: Pick<ChangePasswordInput, "currentPassword" | "newPassword">,
  options: { onChanged?: (trx: Transaction<Database>) => Promise<unknown> } = {},
): Promise<void> {
  const user = await db.selectFrom("users").select(["passwordHash"]).where("id", "=", userId).executeTakeFirst();
  if (!user) throw new NotFound("No such member");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new InvalidInput("Your current password is wrong.", { currentPassword: ["Your current password is wrong."] });
  }
  // Hash before the transaction: argon2 takes ~50 ms and PGlite has a single connection.
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(db, async (trx) => {
    await trx.updateTable("users").set({ passwordHash, updatedAt: new Date() }).where("id", "=", userId).execute();
    await options.onChanged?.(trx);
  });
}

export async function updateDisplayName(db: Kysely<Database>, userId: string, displayName: string): Promise<void> {
  const result = await db
    .updateTable("users")
    .set({ displayName, updatedAt: new Date() })
    .where("id", "=", userId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFound("No such member");
}
