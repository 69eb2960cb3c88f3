import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { Forbidden, InvalidTransition, NotFound } from "~/lib/errors";
import { relistingOf, relistItem } from "~/modules/listings/relist.server";
import type { PhotoStorage } from "~/modules/listings/storage.server";

type Db = Kysely<Database>;

/**
 * "Sell this again" on a completed purchase: only its buyer, only once the order is complete, and
 * once per order (a second click opens the same draft). The new draft carries the item's passport
 * (listings/relist.server.ts); the price starts at what the buyer paid for the item.
 */
export async function sellThisAgain(
  db: Db,
  storage: PhotoStorage,
  options: { orderId: string; userId: string },
): Promise<{ listingId: string; created: boolean }> {
  const order = await db
    .selectFrom("orders")
    .select(["id", "listingId", "buyerId", "sellerId", "status", "itemCents"])
    .where("id", "=", options.orderId)
    .executeTakeFirst();
  if (!order || (order.buyerId !== options.userId && order.sellerId !== options.userId))
    throw new NotFound("That order doesn't exist.");
  if (order.buyerId !== options.userId) throw new Forbidden("Only the buyer can sell this item again.");
  if (order.status !== "completed")
    throw new InvalidTransition("You can sell the item again once the order is complete.");
  if (!order.listingId) throw new InvalidTransition("A service you bought has no item to sell again.");
  const relisted = await relistItem(db, storage, {
    sourceListingId: order.listingId,
    sellerId: order.buyerId,
    orderId: order.id,
    priceCents: order.itemCents,
  });
  return { listingId: relisted.id, created: relisted.created };
}

/** For the order page: the draft already made from this order, so the button says "Open". */
export const relistedListingFor = (db: Db, orderId: string) => relistingOf(db, orderId);
