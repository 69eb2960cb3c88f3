import type { RateLimitRule } from "~/modules/accounts/rate-limit.server";

/** Per-member limits on what other members will read (stored in PostgreSQL like the auth limits). */
export const COMMUNITY_RATE_LIMITS = {
  questionsPerUser: { limit: 10, windowSeconds: 60 * 60 },
  answersPerUser: { limit: 30, windowSeconds: 60 * 60 },
  votesPerUser: { limit: 120, windowSeconds: 60 * 60 },
  conversationsPerUser: { limit: 20, windowSeconds: 60 * 60 },
  messagesPerUser: { limit: 60, windowSeconds: 10 * 60 },
  reviewsPerUser: { limit: 20, windowSeconds: 60 * 60 },
  wantedRequestsPerUser: { limit: 5, windowSeconds: 60 * 60 },
  wantedAnswersPerUser: { limit: 30, windowSeconds: 60 * 60 },
  // Following is cheap to undo but each follow can fan out notifications: a human pace, not a script's.
  followsPerUser: { limit: 60, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;
