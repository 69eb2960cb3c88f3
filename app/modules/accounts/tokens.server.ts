import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { AccountTokenPurpose } from "~db/schema-account-security";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** How long an emailed link works. */
export const TOKEN_LIFETIMES_SECONDS: Record<AccountTokenPurpose, number> = {
  verify_email: 48 * 3600,
  reset_password: 3600,
};

/** 256 random bits, URL-safe; only its SHA-256 goes into the database. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 is enough here: the input is 256 random bits, so there is nothing to brute-force. */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a single-use token and returns it (to be put in an emailed link). Any older unused token
 * of the same purpose for the member stops working: the newest link wins.
 */
export async function issueAccountToken(
  trx: Executor,
  userId: string,
  purpose: AccountTokenPurpose,
  options: { newEmail?: string | null; now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date();
  await trx
    .deleteFrom("accountTokens")
    .where("userId", "=", userId)
    .where("purpose", "=", purpose)
    .where("usedAt", "is", null)
    .execute();
  const token = newSecretToken();
  await trx
    .insertInto("accountTokens")
    .values({
      id: newId(),
      userId,
      purpose,
      tokenHash: hashSecretToken(token),
      newEmail: options.newEmail ?? null,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIMES_SECONDS[purpose] * 1000),
    })
    .execute();
  return token;
}

export interface SpentToken {
  userId: string;
  newEmail: string | null;
}

/**
 * Uses a token up: one conditional UPDATE, so two clicks racing on the same link cannot both
 * succeed. Returns null for an unknown, used, expired or superseded token (all look the same).
 */
export async function spendAccountToken(
  trx: Executor,
  purpose: AccountTokenPurpose,
  token: string,
  now: Date = new Date(),
): Promise<SpentToken | null> {
  const row = await trx
    .updateTable("accountTokens")
    .set({ usedAt: now })
    .where("tokenHash", "=", hashSecretToken(token))
    .where("purpose", "=", purpose)
    .where("usedAt", "is", null)
    .where("expiresAt", ">", now)
    .returning(["userId", "newEmail"])
    .executeTakeFirst();
  return row ?? null;
}

/** Whether a token would still work, without using it (for showing the form behind a link). */
export async function isAccountTokenUsable(
  db: Executor,
  purpose: AccountTokenPurpose,
  token: string,
  now: Date = new Date(),
): Promise<boolean> {
  const row = await db
    .selectFrom("accountTokens")
    .select("id")
    .where("tokenHash", "=", hashSecretToken(token))
    .where("purpose", "=", purpose)
    .where("usedAt", "is", null)
    .where("expiresAt", ">", now)
    .executeTakeFirst();
  return Boolean(row);
}
