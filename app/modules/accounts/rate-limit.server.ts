import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { RateLimited } from "~/lib/errors";

export interface RateLimitRule {
  /** How many hits a key may make per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

// Stored in PostgreSQL (not memory) so the limit holds across several app processes.
export const AUTH_RATE_LIMITS = {
  /** Account-wide, counted only from addresses where the owner has no live session. */
  loginPerEmail: { limit: 10, windowSeconds: 15 * 60 },
  loginPerEmailAndIp: { limit: 10, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 100, windowSeconds: 15 * 60 },
  signupPerEmail: { limit: 5, windowSeconds: 60 * 60 },
  signupPerIp: { limit: 20, windowSeconds: 60 * 60 },
  passwordResetPerEmail: { limit: 5, windowSeconds: 60 * 60 },
  passwordResetPerIp: { limit: 20, windowSeconds: 60 * 60 },
  verificationResendPerUser: { limit: 5, windowSeconds: 60 * 60 },
  // A 6-digit code has a million values; 10 tries per 15 minutes makes guessing hopeless.
  secondFactorPerUser: { limit: 10, windowSeconds: 15 * 60 },
  secondFactorPerIp: { limit: 100, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * Counts one hit for `key` in a fixed window, atomically (one upsert), and says whether it is
 * still within the rule. Over-limit hits are counted too, so hammering does not reset anything.
 */
export async function consumeRateLimit(
  db: Kysely<Database>,
  key: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitVerdict> {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const row = await db
    .insertInto("rateLimits")
    .values({ key, windowStartedAt: now, hits: 1 })
    .onConflict((conflict) =>
      conflict.column("key").doUpdateSet({
        hits: sql<number>`case when rate_limits.window_started_at <= ${windowStart} then 1 else rate_limits.hits + 1 end`,
        windowStartedAt: sql<Date>`case when rate_limits.window_started_at <= ${windowStart} then ${now} else rate_limits.window_started_at end`,
      }),
    )
    .returning(["hits", "windowStartedAt"])
    .executeTakeFirstOrThrow();
  const windowEndsAt = row.windowStartedAt.getTime() + rule.windowSeconds * 1000;
  return {
    allowed: row.hits <= rule.limit,
    hits: row.hits,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEndsAt - now.getTime()) / 1000)),
  };
}

export async function resetRateLimit(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("rateLimits").where("key", "=", key).execute();
}

/** Housekeeping: windows that ended long ago carry no information. */
export async function deleteStaleRateLimits(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const result = await db.deleteFrom("rateLimits").where("windowStartedAt", "<", olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counts a hit and throws RateLimited (with a message a form can show) when over the rule. */
export async function enforceRateLimit(db: Kysely<Database>, key: string, rule: RateLimitRule): Promise<void> {
  const verdict = await consumeRateLimit(db, key, rule);
  if (!verdict.allowed) {
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    throw new RateLimited(
      `Too many attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
      verdict.retryAfterSeconds,
    );
  }
}
