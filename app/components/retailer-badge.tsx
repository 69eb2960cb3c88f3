import { Pill } from "./ui";

/** The verified-shop badge shown beside a retailer's name (text, so screen readers say it too). */
export function RetailerBadge({ verified }: { verified: boolean }) {
  if (!verified) return null;
  return (
    <Pill tone="ok" title="Verified by Stoop's admins">
      ✓ Verified shop
    </Pill>
  );
}

export const PLACE_LABELS: Record<string, string> = {
  shop: "At the shop",
  buyer: "At your place",
  pickup_deliver: "Picked up and delivered",
};

export function ServiceLeadTime({ days }: { days: number }) {
  return <>{days === 0 ? "same day" : days === 1 ? "1 day" : `${days} days`}</>;
}
