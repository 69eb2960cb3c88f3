import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { selectCard } from "./search.server";
import { PUBLIC_STATUSES } from "./transitions";
import { assertListingVisible, sellerInGoodStanding } from "./visibility.server";

/** Saves a listing to a member's favorites (idempotent); only listings others can see may be saved. */
export async function addFavorite(db: Kysely<Database>, userId: string, listingId: string): Promise<void> {
  await assertListingVisible(db, listingId, null);
  await db
    .insertInto("favorites")
    .values({ userId, listingId })
    .onConflict((oc) => oc.columns(["userId", "listingId"]).doNothing())
    .execute();
}

export async function removeFavorite(db: Kysely<Database>, userId: string, listingId: string): Promise<void> {
  await db.deleteFrom("favorites").where("userId", "=", userId).where("listingId", "=", listingId).execute();
}

/** Which of these listings the member has saved (for the hearts on a page of cards). */
export async function favoritedAmong(db: Kysely<Database>, userId: string | null, listingIds: string[]) {
  if (!userId || listingIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom("favorites")
    .select("listingId")
    .where("userId", "=", userId)
    .where("listingId", "in", listingIds)
    .execute();
  return new Set(rows.map((row) => row.listingId));
}

/** The member's saved items, newest first; ones that were removed or archived drop out. */
export async function listFavorites(db: Kysely<Database>, userId: string) {
  return selectCard(
    db
      .selectFrom("listings")
      .where("listings.status", "in", [...PUBLIC_STATUSES])
      .where(sellerInGoodStanding)
      .where("listings.id", "in", (eb) => eb.selectFrom("favorites").select("listingId").where("userId", "=", userId)),
    null,
  )
    .select(["listings.status"])
    .orderBy(
      (eb) =>
        eb
          .selectFrom("favorites")
          .select("createdAt")
          .whereRef("favorites.listingId", "=", "listings.id")
          .where("favorites.userId", "=", userId),
      "desc",
    )
    .execute();
}
