import type { Kysely } from "kysely";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { formatMoney } from "~/lib/money";
import { notify } from "~/modules/notifications/notify.server";

export type PriceAlertReason = "drop" | "back";

export function isPriceAlertReason(value: string): value is PriceAlertReason {
  return value === "drop" || value === "back";
}

/**
 * Tells everyone who saved a listing that it got cheaper (the seller lowered the price) or is for
 * sale again (an order ended without a sale). Run by the `price-drop` job that the edit or the
 * `release` transition enqueues, so it sees only what committed.
 *
 * Once per (member, listing, price): the `price_drop_alerts` row is inserted in the transaction
 * that notifies, under its primary key, so the same price twice (a rerun, a release after a drop
 * to that price) tells nobody again, and a further drop tells them again. The seller is never told;
 * nor is anyone while the listing is not on sale or its seller is suspended.
 */
export async function sendPriceDropAlerts(
  db: Kysely<Database>,
  listingId: string,
  reason: PriceAlertReason,
): Promise<{ savers: number; notified: number }> {
  const listing = await db
    .selectFrom("listings")
    .innerJoin("users as seller", "seller.id", "listings.sellerId")
    .select([
      "listings.id",
      "listings.title",
      "listings.priceCents",
      "listings.sellerId",
      "listings.status",
      "seller.suspendedAt",
    ])
    .where("listings.id", "=", listingId)
    .executeTakeFirst();
  if (!listing || listing.status !== "active" || listing.suspendedAt) return { savers: 0, notified: 0 };
  const lastChange = await db
    .selectFrom("listingPriceChanges")
    .select(["fromCents", "toCents"])
    .where("listingId", "=", listingId)
    .orderBy("changedAt", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  const savers = await db
    .selectFrom("favorites")
    .innerJoin("users", "users.id", "favorites.userId")
    .select("favorites.userId")
    .where("favorites.listingId", "=", listingId)
    .where("favorites.userId", "<>", listing.sellerId)
    .where("users.deletedAt", "is", null)
    .execute();
  const price = formatMoney(listing.priceCents);
  const content =
    reason === "drop" && lastChange && lastChange.toCents === listing.priceCents
      ? {
          title: `Price drop: ${listing.title} is now ${price}`,
          body: `“${listing.title}”, which you saved, dropped from ${formatMoney(lastChange.fromCents)} to ${price}.`,
        }
      : {
          title: `For sale again: ${listing.title} (${price})`,
          body: `“${listing.title}”, which you saved, is for sale again at ${price}.`,
        };
  let notified = 0;
  for (const saver of savers) {
    const told = await transaction(db, async (trx) => {
      const inserted = await trx
        .insertInto("priceDropAlerts")
        .values({ userId: saver.userId, listingId, priceCents: listing.priceCents })
        .onConflict((conflict) => conflict.columns(["userId", "listingId", "priceCents"]).doNothing())
        .returning("userId")
        .executeTakeFirst();
      if (!inserted) return false;
      await notify(
        trx,
        saver.userId,
        "price_drop",
        { ...content, url: `/listings/${listingId}` },
        { dedupeKey: `price-drop:${listingId}:${saver.userId}:${listing.priceCents}` },
      );
      return true;
    });
    if (told) notified += 1;
  }
  return { savers: savers.length, notified };
}
