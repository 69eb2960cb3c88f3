import { Link } from "@remix-run/react";
import { RetailerBadge } from "~/components/retailer-badge";
import { passportMonth, passportSummary, type PassportEntryView } from "~/modules/listings/passport";

/**
 * "History on Stoop": the item passport on the listing page. Each line names the shop (with its
 * verified badge) and the month; the entries were written by the shops' own actions and Stoop's
 * sales, never by the seller.
 */
export function ItemPassport({ entries, adminHref }: { entries: PassportEntryView[]; adminHref?: string | null }) {
  const summary = passportSummary(entries);
  if (!summary) return null;
  return (
    <section className="card item-passport" aria-labelledby="passport-title">
      <h2 id="passport-title">History on Stoop</h2>
      <p>{capitalise(summary.replace(/^History on Stoop: /, ""))}</p>
      <ul className="plain-list">
        {entries
          .filter((entry) => entry.kind !== "sale")
          .map((entry) => (
            <li key={entry.id}>
              {entry.kind === "inspection"
                ? "Inspection passed"
                : entry.kind === "handoff"
                  ? "Handed over"
                  : entry.title}
              {entry.kind === "handoff" ? " at " : " by "}
              {entry.retailerSlug ? (
                <Link to={`/retailers/${entry.retailerSlug}`}>{entry.retailerName}</Link>
              ) : (
                (entry.retailerName ?? "a shop")
              )}{" "}
              <RetailerBadge verified={entry.retailerVerified} /> ({passportMonth(entry.at)})
            </li>
          ))}
      </ul>
      <p className="muted">Recorded by the shops and by Stoop when the item was sold; the seller can't change it.</p>
      {adminHref ? (
        <p>
          <Link to={adminHref}>Passport entries (admin)</Link>
        </p>
      ) : null}
    </section>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
