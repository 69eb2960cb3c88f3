import type { Kysely } from "kysely";
import type { Database, Role } from "~db/schema";
import { newId } from "~/lib/ids.server";
import { hashPassword } from "~/modules/accounts/passwords.server";

/** Small factories shared by the tests and `npm run seed`. Each call makes fresh, unique data. */

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const DEFAULT_PASSWORD = "correct-horse-battery";

// Hashing is the slow part of making a user; most tests share one hash of the default password.
let defaultHash: Promise<string> | null = null;

export async function createUser(
  db: Kysely<Database>,
  overrides: {
    email?: string;
    displayName?: string;
    password?: string;
    role?: Role;
    /** Default true: most tests are not about verification. */
    emailVerified?: boolean;
    /** A base32 secret: the member has two-factor sign-in on with this authenticator secret. */
    totpSecret?: string;
  } = {},
) {
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const passwordHash =
    password === DEFAULT_PASSWORD
      ? await (defaultHash ??= hashPassword(DEFAULT_PASSWORD))
      : await hashPassword(password);
  const user = await db
    .insertInto("users")
    .values({
      id: newId(),
      email: (overrides.email ?? `member-${unique()}@example.test`).toLowerCase(),
      displayName: overrides.displayName ?? "Test Member",
      passwordHash,
      role: overrides.role ?? "member",
      emailVerifiedAt: overrides.emailVerified === false ? null : new Date(),
    })
    .returning(["id", "email", "displayName", "role", "createdAt"])
    .executeTakeFirstOrThrow();
  if (overrides.totpSecret) {
    await db
      .insertInto("userTotp")
      .values({ userId: user.id, secret: overrides.totpSecret, enabledAt: new Date() })
      .execute();
  }
  return { ...user, password, totpSecret: overrides.totpSecret ?? null };
}
