import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { visitorKey } from "./search-events.server";

/**
 * A shop's add-on funnel events (ADR 047): "shown" when a listing page offers its add-on, "ticked"
 * when a buyer goes to pay with it ticked. One INSERT for all the add-ons of a page view.
 * "Bought" and "declined" are read from the order's service lines, which already record them.
 */
export async function recordAddOns(
  db: Kysely<Database>,
  input: {
    kind: "shown" | "ticked";
    serviceIds: readonly string[];
    /** The listing the add-ons were offered on: its category is what the comparison groups by. */
    listingId: string;
    memberId: string | null;
    visitor: { ip: string; userAgent: string } | null;
  },
): Promise<void> {
  const ids = [...new Set(input.serviceIds)];
  if (!ids.length || (!input.memberId && !input.visitor)) return;
  const key = input.memberId ? null : visitorKey(input.visitor!);
  await sql`
    insert into addon_events (kind, service_id, retailer_id, category_id, member_id, visitor_key)
    select ${input.kind}, services.id, services.retailer_id, listings.category_id, ${input.memberId}, ${key}
    from services join listings on listings.id = ${input.listingId}
    where services.id in (${sql.join(ids)})`.execute(db);
}
