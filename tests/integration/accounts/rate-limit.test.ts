import { describe, expect, it } from "vitest";
import { consumeRateLimit, resetRateLimit } from "~/modules/accounts/rate-limit.server";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const rule = { limit: 3, windowSeconds: 60 };

describe("rate limits stored in the database", () => {
  it("allows up to the limit in a window and refuses the next hit with the time left", async () => {
    const now = new Date("2026-01-01T12:00:00Z");
    const verdicts = [];
    for (let hit = 0; hit < 4; hit++) verdicts.push(await consumeRateLimit(database.db, "test:window", rule, now));
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]?.retryAfterSeconds).toBe(60);
  });

  it("starts a new window once the old one has passed", async () => {
    const start = new Date("2026-01-01T12:00:00Z");
    for (let hit = 0; hit < 4; hit++) await consumeRateLimit(database.db, "test:expiry", rule, start);
    const later = new Date(start.getTime() + 61_000);
    const verdict = await consumeRateLimit(database.db, "test:expiry", rule, later);
    expect(verdict).toEqual({ allowed: true, hits: 1, retryAfterSeconds: 60 });
  });

  it("counts simultaneous hits exactly (one atomic upsert per hit)", async () => {
    const now = new Date();
    const verdicts = await Promise.all(
      Array.from({ length: 12 }, () => consumeRateLimit(database.db, "test:concurrent", rule, now)),
    );
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(3);
    expect(Math.max(...verdicts.map((verdict) => verdict.hits))).toBe(12);
  });

  it("keeps keys apart and can be reset", async () => {
    const now = new Date();
    for (let hit = 0; hit < 4; hit++) await consumeRateLimit(database.db, "test:a", rule, now);
    expect((await consumeRateLimit(database.db, "test:b", rule, now)).allowed).toBe(true);
    await resetRateLimit(database.db, "test:a");
    expect((await consumeRateLimit(database.db, "test:a", rule, now)).hits).toBe(1);
  });
});
