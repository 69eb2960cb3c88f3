import { describe, expect, it } from "vitest";
import {
  decodeFeedCursor,
  encodeFeedCursor,
  includeNearby,
  NEARBY_FALLBACK_BELOW,
} from "~/modules/community/feed-cursor.server";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("the feed cursor", () => {
  it("round-trips the time with its microseconds, the key and the nearby decision", () => {
    const cursor = { at: "2026-12-01 16:05:22.123456+00", key: "drop:abc_DEF-1", nearby: true };
    expect(decodeFeedCursor(encodeFeedCursor(cursor))).toEqual(cursor);
    expect(decodeFeedCursor(encodeFeedCursor({ ...cursor, nearby: false }))).toEqual({ ...cursor, nearby: false });
  });

  it("is absent on the first page", () => {
    expect(decodeFeedCursor(null)).toBeNull();
    expect(decodeFeedCursor("")).toBeNull();
  });

  it("refuses anything Stoop did not write", () => {
    for (const text of [
      "%%%",
      b64("just a string"),
      b64(["2026-13-01 00:00:00+00", "listing:a", 0]),
      b64(["2026-12-01 00:00:00+00", "question:a", 0]),
      b64(["2026-12-01 00:00:00+00", "listing:a:b", 0]),
      b64(["2026-12-01 00:00:00+00", "listing:", 0]),
      b64(["2026-12-01 00:00:00+00", "listing:a'; drop table follows", 0]),
      b64(["2026-12-01 00:00:00+00", "listing:a", 2]),
      b64(["2026-12-01 00:00:00+00", "listing:a"]),
      "x".repeat(401),
    ])
      expect(decodeFeedCursor(text), text).toBe("broken");
  });
});

describe("the nearby fallback", () => {
  it("adds nearby listings only below the threshold of follow items, and only with a place", () => {
    expect(includeNearby(0, true)).toBe(true);
    expect(includeNearby(NEARBY_FALLBACK_BELOW - 1, true)).toBe(true);
    expect(includeNearby(NEARBY_FALLBACK_BELOW, true)).toBe(false);
    expect(includeNearby(0, false)).toBe(false);
  });
});
