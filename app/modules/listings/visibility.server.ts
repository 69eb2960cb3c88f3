import { sql, type SqlBool } from "kysely";

/**
 * Listings of a suspended member are hidden (search, home page, profiles, listing pages, checkout)
 * without changing their status, so reinstating the member brings them back exactly as they were.
 * Use on any query that has `listings` in its FROM.
 */
export const sellerInGoodStanding = sql<SqlBool>`not exists (
  select 1 from users as seller where seller.id = listings.seller_id and seller.suspended_at is not null)`;
