import { Link } from "@remix-run/react";

/** Shown on every page to a suspended member, who may still sign in to read (docs/decisions/013-moderation.md). */
export function SuspendedBanner({ reason }: { reason: string | null }) {
  return (
    <div className="verify-banner" role="region" aria-label="Account suspended">
      <p>
        <strong>Your account is suspended.</strong> {reason ? `Reason: ${reason} ` : ""}You can still see your{" "}
        <Link to="/orders/purchases">purchases</Link>, <Link to="/orders/sales">sales</Link> and notifications, but you
        can't buy, sell, report or change anything, and your listings are hidden. Write to the Stoop team if you think
        this is a mistake.
      </p>
    </div>
  );
}
