import { describe, expect, it } from "vitest";
import { ownerCount, passportSummary, type PassportEntryView } from "~/modules/listings/passport";

const entry = (changes: Partial<PassportEntryView> & Pick<PassportEntryView, "kind">): PassportEntryView => ({
  id: `e-${Math.random()}`,
  title: "Inspection",
  at: "2026-10-12T10:00:00Z",
  retailerName: "Bike Hub",
  retailerSlug: "bike-hub",
  retailerVerified: true,
  ...changes,
});

describe("passportSummary", () => {
  it("lists the shop's work oldest first, then how many members owned the item", () => {
    const entries = [
      entry({ kind: "sale", title: "Road bike", retailerName: null, at: "2026-10-20T00:00:00Z" }),
      entry({ kind: "service", title: "Tune-up", at: "2026-11-02T00:00:00Z" }),
      entry({ kind: "inspection", at: "2026-10-12T00:00:00Z" }),
    ];
    expect(passportSummary(entries)).toBe(
      "History on Stoop: inspected by Bike Hub (Oct 2026), tune-up by Bike Hub (Nov 2026), 2 owners on Stoop",
    );
  });

  it("says nothing for an item without history, and no owner count before its first sale", () => {
    expect(passportSummary([])).toBeNull();
    expect(passportSummary([entry({ kind: "handoff", title: "Handoff point" })])).toBe(
      "History on Stoop: handed over at Bike Hub (Oct 2026)",
    );
  });

  it("keeps a service title that starts with an abbreviation as it is", () => {
    expect(passportSummary([entry({ kind: "service", title: "ABS check" })])).toBe(
      "History on Stoop: ABS check by Bike Hub (Oct 2026)",
    );
  });

  it("reads the month in UTC, whatever the server's zone", () => {
    expect(passportSummary([entry({ kind: "inspection", at: "2026-10-31T23:30:00Z" })])).toContain("(Oct 2026)");
  });
});

describe("ownerCount", () => {
  it("counts the first seller plus one owner per Stoop sale", () => {
    expect(ownerCount([])).toBe(0);
    expect(ownerCount([{ kind: "inspection" }])).toBe(0);
    expect(ownerCount([{ kind: "sale" }])).toBe(2);
    expect(ownerCount([{ kind: "sale" }, { kind: "service" }, { kind: "sale" }])).toBe(3);
  });
});
