import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay, formatFeedTime, formatLongDay, formatMonthYear, formatShortDay } from "~/lib/dates";

// The cached formatters must print exactly what the pages printed with toLocaleString before.
describe("date formatting", () => {
  const instants = ["2026-12-01T18:30:00.000Z", "2026-01-09T00:05:00.000Z", "2025-07-31T23:59:59.000Z"];

  it.each(instants)("matches toLocale*String for %s", (iso) => {
    const at = new Date(iso);
    expect(formatDay(iso)).toBe(at.toLocaleDateString("en", { dateStyle: "medium" }));
    expect(formatDateTime(at)).toBe(at.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }));
    expect(formatMonthYear(iso)).toBe(at.toLocaleDateString("en", { year: "numeric", month: "long" }));
    expect(formatLongDay(iso)).toBe(at.toLocaleDateString("en", { year: "numeric", month: "long", day: "numeric" }));
    expect(formatShortDay(at.getTime())).toBe(at.toLocaleDateString("en"));
  });

  it("prints feed times in UTC whatever the process's zone", () => {
    expect(formatFeedTime("2026-12-01T18:30:00.000Z")).toBe("Dec 1, 6:30 PM UTC");
    expect(formatFeedTime("2026-01-09T00:05:00.000Z")).toBe("Jan 9, 12:05 AM UTC");
  });
});
