import type { Kysely, Transaction } from "kysely";
import { transaction } from "~db/transaction";
import type { Database, Role, User } from "~db/schema";
import { Conflict, InvalidInput, NotFound, RateLimited } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { hashPassword, spendPasswordCheckTime, verifyPassword } from "./passwords.server";
import { AUTH_RATE_LIMITS, consumeRateLimit, resetRateLimit } from "./rate-limit.server";
import type { ChangePasswordInput, LoginInput, SignupInput } from "./schemas";

export type PublicUser = Pick<User, "id" | "email" | "displayName" | "role" | "createdAt">;

const PUBLIC_COLUMNS = ["id", "email", "displayName", "role", "createdAt"] as const;

/** The same words whatever went wrong, so a login form never says which accounts exist. */
export const WRONG_CREDENTIALS = "That email or password is wrong.";
export const SIGNUP_REFUSED =
  "We couldn't create an account with that email. If you already have one, sign in instead.";

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

async function enforce(db: Kysely<Database>, key: string, rule: { limit: number; windowSeconds: number }) {
  const verdict = await consumeRateLimit(db, key, rule);
  if (!verdict.allowed) {
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    throw new RateLimited(
      `Too many attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
      verdict.retryAfterSeconds,
    );
  }
}

export async function signUp(
  db: Kysely<Database>,
  input: SignupInput,
  context: { ip: string; role?: Role },
): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  await enforce(db, `signup:ip:${context.ip}`, AUTH_RATE_LIMITS.signupPerIp);
  await enforce(db, `signup:email:${email}`, AUTH_RATE_LIMITS.signupPerEmail);
  // Hash before looking the email up, so a taken address answers in the same time as a free one.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db
      .insertInto("users")
      .values({ id: newId(), email, displayName: input.displayName, passwordHash, role: context.role ?? "member" })
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict(SIGNUP_REFUSED);
    throw error;
  }
}

export async function logIn(db: Kysely<Database>, input: LoginInput, context: { ip: string }): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  await enforce(db, `login:ip:${context.ip}`, AUTH_RATE_LIMITS.loginPerIp);
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
  const { passwordHash: _hash, ...publicUser } = user;
  return publicUser;
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

export async function setRole(db: Kysely<Database>, userId: string, role: Role): Promise<void> {
  await db.updateTable("users").set({ role, updatedAt: new Date() }).where("id", "=", userId).execute();
}
