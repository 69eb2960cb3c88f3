import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { queryOf, rawSearchParams, toSearchString } from "./schemas";
import { searchParamsSchema, type SearchParams } from "./schemas.server";
import { applyFilters, resolveSearch } from "./search.server";

export const MAX_SAVED_SEARCHES = 50;

/** Saves the search behind an "Alert me" button: the normalized query, without its page cursor. */
export async function saveSearch(
  db: Kysely<Database>,
  userId: string,
  params: SearchParams,
  name = "",
): Promise<{ id: string }> {
  // Resolving checks the place and category, so an alert can never hold a query that can't run.
  await resolveSearch(db, params);
  const query = queryOf({ ...params, cursor: "" });
  if (Object.keys(query).filter((key) => key !== "sort").length === 0) {
    throw new InvalidInput("Search for something first", {
      name: ["Type a search or choose a filter before asking for alerts."],
    });
  }
  const { count } = await db
    .selectFrom("savedSearches")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("userId", "=", userId)
    .executeTakeFirstOrThrow();
  if (Number(count) >= MAX_SAVED_SEARCHES) {
    throw new InvalidInput("Too many saved searches", {
      name: [`You have ${MAX_SAVED_SEARCHES} saved searches already; delete one first.`],
    });
  }
  const id = newId();
  await db
    .insertInto("savedSearches")
    .values({ id, userId, name: name || describeQuery(params), query: JSON.stringify(query) })
    .execute();
  return { id };
}

export function describeQuery(params: SearchParams): string {
  const parts = [params.q ? `“${params.q}”` : "Everything"];
  if (params.category) parts.push(`in ${params.category}`);
  if (params.near) parts.push(`within ${params.radius} km of ${params.near}`);
  if (params.free) parts.push("free");
  if (params.inspected) parts.push("inspected");
  return parts.join(" ").slice(0, 80);
}

export async function listSavedSearches(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom("savedSearches")
    .select(["id", "name", "query", "createdAt"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .execute();
  return rows.map((row) => ({ ...row, search: toSearchString(row.query) }));
}

/** Only the owner can delete; someone else's id looks like a missing one. */
export async function deleteSavedSearch(db: Kysely<Database>, userId: string, id: string): Promise<void> {
  const deleted = await db
    .deleteFrom("savedSearches")
    .where("id", "=", id)
    .where("userId", "=", userId)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw new NotFound("That saved search doesn't exist.");
}

/**
 * The saved searches (of members other than the seller) that a newly published listing matches.
 * Each stored query runs through the same filters as /search, restricted to this one listing, so
 * an alert matches exactly when the search page would show the listing.
 *
 * One query per saved search: fine for a neighbourhood's few hundred; a larger instance would
 * prefilter candidates by category and bounding box first.
 */
export async function findSavedSearchesMatching(
  trx: Transaction<Database> | Kysely<Database>,
  listingId: string,
): Promise<{ savedSearchId: string; userId: string }[]> {
  const listing = await trx
    .selectFrom("listings")
    .select(["id", "sellerId", "status"])
    .where("id", "=", listingId)
    .executeTakeFirst();
  if (!listing || listing.status !== "active") return [];
  const saved = await trx
    .selectFrom("savedSearches")
    .select(["id", "userId", "query"])
    .where("userId", "!=", listing.sellerId)
    .orderBy("createdAt")
    .execute();
  const matches: { savedSearchId: string; userId: string }[] = [];
  for (const row of saved) {
    const parsed = searchParamsSchema.safeParse(rawSearchParams(new URLSearchParams(toSearchString(row.query))));
    if (!parsed.success) continue;
    let search;
    try {
      search = await resolveSearch(trx as Kysely<Database>, parsed.data);
    } catch {
      continue; // a place or category that no longer resolves matches nothing
    }
    const hit = await applyFilters(trx.selectFrom("listings"), search)
      .select(sql<number>`1`.as("hit"))
      .where("listings.id", "=", listing.id)
      .executeTakeFirst();
    if (hit) matches.push({ savedSearchId: row.id, userId: row.userId });
  }
  return matches;
}
