import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { deleteStaleRateLimits } from "./rate-limit.server";

/**
 * The hourly sweep (the maintenance-auth-cleanup job): sessions, rate-limit windows, account tokens
 * and sign-in challenges that have expired. Deleting what has expired is naturally idempotent.
 */
export async function cleanUpExpiredAuthRecords(db: Kysely<Database>, now = new Date()) {
  const sessions = await db.deleteFrom("sessions").where("expiresAt", "<=", now).executeTakeFirst();
  const rateLimits = await deleteStaleRateLimits(db, new Date(now.getTime() - 24 * 3600 * 1000));
  const tokens = await db
    .deleteFrom("accountTokens")
    .where("expiresAt", "<=", new Date(now.getTime() - 7 * 24 * 3600 * 1000))
    .executeTakeFirst();
  const challenges = await db.deleteFrom("loginChallenges").where("expiresAt", "<=", now).executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    rateLimits,
    accountTokens: Number(tokens.numDeletedRows),
    loginChallenges: Number(challenges.numDeletedRows),
  };
}
