import { describe, expect, it } from "vitest";
import { foldLine, formatWindow, icsText, pickupIcs, zonedTimeToUtc } from "~/modules/orders/pickup-calendar";

describe("the pickup calendar file", () => {
  const event = {
    uid: "pickup-w1@stoop.test",
    startsAt: new Date("2026-12-08T09:00:00Z"),
    endsAt: new Date("2026-12-08T10:30:00Z"),
    summary: "Stoop pickup: Chair, oak; with \\ backslash",
    description: "Line one\nLine two, with a comma; and a semicolon",
    url: "http://stoop.test/orders/o1",
    now: new Date("2026-12-01T14:05:09.123Z"),
  };

  it("writes one VEVENT in UTC with CRLF line ends", () => {
    const ics = pickupIcs(event);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("\r\nDTSTART:20261208T090000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20261208T103000Z\r\n");
    expect(ics).toContain("\r\nDTSTAMP:20261201T140509Z\r\n");
    expect(ics).toContain("\r\nUID:pickup-w1@stoop.test\r\n");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    // No bare LF anywhere: every line ends in CRLF.
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("escapes backslashes, commas, semicolons and line breaks in text", () => {
    expect(icsText("a\\b,c;d\ne\r\nf")).toBe("a\\\\b\\,c\\;d\\ne\\nf");
    const ics = pickupIcs(event);
    expect(ics).toContain("SUMMARY:Stoop pickup: Chair\\, oak\\; with \\\\ backslash\r\n");
    expect(ics).toContain("DESCRIPTION:Line one\\nLine two\\, with a comma\\; and a semicolon\r\n");
  });

  it("folds lines longer than 75 octets without splitting a character", () => {
    const long = `DESCRIPTION:${"é".repeat(100)}`;
    const folded = foldLine(long);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(" ")).toBe(true);
    expect(lines.map((line, index) => (index === 0 ? line : line.slice(1))).join("")).toBe(long);
    expect(foldLine("SHORT:line")).toBe("SHORT:line");
  });
});

describe("pickup window times", () => {
  it("reads a wall time in the configured zone, across a clock change", () => {
    expect(zonedTimeToUtc("2026-12-08", "10:00", "UTC")?.toISOString()).toBe("2026-12-08T10:00:00.000Z");
    expect(zonedTimeToUtc("2026-12-08", "10:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-08T09:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-08", "10:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-08T08:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-08", "10:00", "America/Los_Angeles")?.toISOString()).toBe(
      "2026-07-08T17:00:00.000Z",
    );
  });

  it("refuses dates and times that don't exist", () => {
    expect(zonedTimeToUtc("2026-02-30", "10:00", "UTC")).toBeNull();
    expect(zonedTimeToUtc("2026-12-08", "24:00", "UTC")).toBeNull();
    expect(zonedTimeToUtc("2026-12-08", "10:60", "UTC")).toBeNull();
    expect(zonedTimeToUtc("08/12/2026", "10:00", "UTC")).toBeNull();
    // 02:30 on the last Sunday of March is skipped in Berlin.
    expect(zonedTimeToUtc("2026-03-29", "02:30", "Europe/Berlin")).toBeNull();
  });

  it("says a window in the zone's local time", () => {
    expect(formatWindow(new Date("2026-12-08T09:00:00Z"), new Date("2026-12-08T10:30:00Z"), "Europe/Berlin")).toBe(
      "Tue, Dec 8, 10:00 – 11:30",
    );
  });
});
