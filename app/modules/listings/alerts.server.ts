import type { Kysely } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { notify } from "~/modules/notifications/notify.server";
import { findSavedSearchesMatching } from "./saved-searches.server";

/**
 * Tells the owner of every saved search that a newly published listing matches it. Run by the
 * `saved-search-alerts` job that publishing enqueues.
 *
 * Idempotent: each alert carries the dedupe key (saved search, listing), so a retry after a crash
 * (even one after some alerts went out) sends each alert once.
 */
export async function sendSavedSearchAlerts(
  db: Kysely<Database>,
  listingId: string,
  hooks: { afterEachAlert?: () => void | Promise<void> } = {},
): Promise<{ matched: number; sent: number }> {
  const listing = await db
    .selectFrom("listings")
    .select(["id", "title"])
    .where("id", "=", listingId)
    .executeTakeFirst();
  if (!listing) return { matched: 0, sent: 0 };
  const matches = await findSavedSearchesMatching(db, listingId);
  let sent = 0;
  for (const match of matches) {
    const search = await db
      .selectFrom("savedSearches")
      .select("name")
      .where("id", "=", match.savedSearchId)
      .executeTakeFirst();
    const result = await transaction(db, (trx) =>
      notify(
        trx,
        match.userId,
        "saved_search_match",
        {
          title: `New match for ${search?.name ?? "your saved search"}: ${listing.title}`,
          body: `“${listing.title}” was just listed and matches one of your saved searches.`,
          url: `/listings/${listing.id}`,
        },
        { dedupeKey: `saved-search:${match.savedSearchId}:listing:${listing.id}` },
      ),
    );
    if (!result.duplicate) sent += 1;
    await hooks.afterEachAlert?.();
  }
  return { matched: matches.length, sent };
}
