import type { ReactNode } from "react";

/**
 * A table wider than a phone scrolls sideways inside this box instead of widening the page
 * (issue 17's 360 px sweep). A box that scrolls must be reachable by keyboard (axe's
 * scrollable-region-focusable), so it takes focus and is a region named for what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
