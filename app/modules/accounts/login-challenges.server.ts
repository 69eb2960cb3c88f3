import type { Kysely } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { InvalidInput } from "~/lib/errors";
import { AUTH_RATE_LIMITS, enforceRateLimit } from "./rate-limit.server";
import { hashSecretToken, newSecretToken } from "./tokens.server";
import { checkSecondFactor, WRONG_CODE } from "./two-factor.server";

/**
 * The second step of signing in with two-factor on. A correct password creates a challenge (its
 * token in a short-lived cookie, only the hash stored); a correct code then turns it into a session.
 */
export const CHALLENGE_LIFETIME_SECONDS = 10 * 60;
export const CHALLENGE_MAX_ATTEMPTS = 5;
export const CHALLENGE_GONE = "Your sign-in took too long or had too many wrong codes. Please sign in again.";

export async function startLoginChallenge(db: Kysely<Database>, userId: string, redirectTo: string): Promise<string> {
  const token = newSecretToken();
  await db
    .insertInto("loginChallenges")
    .values({
      id: hashSecretToken(token),
      userId,
      redirectTo,
      expiresAt: new Date(Date.now() + CHALLENGE_LIFETIME_SECONDS * 1000),
    })
    .execute();
  return token;
}

/** Whether the cookie's challenge is still open (for showing the code form). */
export async function isChallengeOpen(db: Kysely<Database>, token: string): Promise<boolean> {
  const row = await db
    .selectFrom("loginChallenges")
    .select("id")
    .where("id", "=", hashSecretToken(token))
    .where("expiresAt", ">", new Date())
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Checks the code for a challenge. Wrong codes count against the challenge (5, then it is gone)
 * and against the member and the IP in the same rate limits as passwords.
 */
export async function completeLoginChallenge(
  db: Kysely<Database>,
  token: string,
  code: string,
  context: { ip: string },
): Promise<{ userId: string; redirectTo: string }> {
  const id = hashSecretToken(token);
  const challenge = await db
    .selectFrom("loginChallenges")
    .select(["userId", "redirectTo", "attempts"])
    .where("id", "=", id)
    .where("expiresAt", ">", new Date())
    .executeTakeFirst();
  if (!challenge) throw new InvalidInput(CHALLENGE_GONE);
  await enforceRateLimit(db, `2fa:ip:${context.ip}`, AUTH_RATE_LIMITS.secondFactorPerIp);
  await enforceRateLimit(db, `2fa:user:${challenge.userId}`, AUTH_RATE_LIMITS.secondFactorPerUser);
  const outcome = await transaction(db, async (trx) => {
    // Count the attempt first, atomically, so parallel guesses cannot exceed the limit.
    const counted = await trx
      .updateTable("loginChallenges")
      .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
      .where("id", "=", id)
      .where("attempts", "<", CHALLENGE_MAX_ATTEMPTS)
      .returning("attempts")
      .executeTakeFirst();
    if (!counted) {
      await trx.deleteFrom("loginChallenges").where("id", "=", id).execute();
      return { ok: false as const, attemptsLeft: 0 };
    }
    if (!(await checkSecondFactor(trx, challenge.userId, code))) {
      return { ok: false as const, attemptsLeft: CHALLENGE_MAX_ATTEMPTS - counted.attempts };
    }
    await trx.deleteFrom("loginChallenges").where("id", "=", id).execute();
    return { ok: true as const };
  });
  if (outcome.ok) return { userId: challenge.userId, redirectTo: challenge.redirectTo };
  if (outcome.attemptsLeft > 0) throw new InvalidInput(WRONG_CODE, { code: [WRONG_CODE] });
  throw new InvalidInput(CHALLENGE_GONE);
}
