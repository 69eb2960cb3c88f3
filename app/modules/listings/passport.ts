import type { PassportEntryKind } from "~db/schema-passport";

/**
 * The item passport's display rules, browser-safe (the listing page and its tests). An entry is
 * one thing done to the item through Stoop: a shop's service, an inspection it passed, a handoff
 * at a shop, or a sale (a change of owner). docs/decisions/041-item-passport.md
 */

export interface PassportEntryView {
  id: string;
  kind: PassportEntryKind;
  title: string;
  at: Date | string;
  retailerName: string | null;
  retailerSlug: string | null;
  /** The shop's badge: verified by Stoop's admins. */
  retailerVerified: boolean;
}

const MONTH = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });

export const passportMonth = (at: Date | string) => MONTH.format(new Date(at));

/** One entry in words: "inspected by Bike Hub (Oct 2026)", "tune-up by Bike Hub (Nov 2026)". */
export function describePassportEntry(entry: PassportEntryView): string {
  const shop = entry.retailerName ?? "a shop";
  const when = passportMonth(entry.at);
  switch (entry.kind) {
    case "inspection":
      return `inspected by ${shop} (${when})`;
    case "handoff":
      return `handed over at ${shop} (${when})`;
    case "service":
      return `${lowerFirst(entry.title)} by ${shop} (${when})`;
    case "sale":
      return `sold on Stoop (${when})`;
  }
}

/** Members who owned the item on Stoop: the first seller plus one per sale. */
export function ownerCount(entries: readonly Pick<PassportEntryView, "kind">[]): number {
  const sales = entries.filter((entry) => entry.kind === "sale").length;
  return sales === 0 ? 0 : sales + 1;
}

/**
 * The listing page's line: "History on Stoop: inspected by Bike Hub (Oct 2026), tune-up by Bike
 * Hub (Oct 2026), 2 owners on Stoop", oldest first; null when the item has no history.
 */
export function passportSummary(entries: readonly PassportEntryView[]): string | null {
  const services = [...entries]
    .filter((entry) => entry.kind !== "sale")
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
    .map(describePassportEntry);
  const owners = ownerCount(entries);
  const parts = [...services, ...(owners ? [`${owners} owner${owners === 1 ? "" : "s"} on Stoop`] : [])];
  return parts.length ? `History on Stoop: ${parts.join(", ")}` : null;
}

function lowerFirst(text: string): string {
  // "Tune-up" -> "tune-up", but keep "ABS check" as it is.
  if (text.length > 1 && text[1] === text[1]!.toUpperCase() && /[A-Z]/.test(text[1]!)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
