import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";

/**
 * Conversations about an order with one of its retailers (one per order and retailer): the buyer
 * and every staff member of that shop are participants (role 'retailer'); the seller is not.
 * Staff who join the shop later get participant rows when they join, and lose them when they
 * leave (`retailers/shop-conversations.server.ts`: the staff changes own those rows), so privacy
 * and unread counts keep going through participant rows only (docs/decisions/016, 023).
 */

/**
 * Opens the conversation between an order's buyer and one of its retailers, creating it on first
 * use. Only the order's buyer and that shop's staff may, and only for a paid order with a line
 * from that shop; anyone else gets NotFound.
 */
export async function startOrderConversation(
  db: Kysely<Database>,
  input: { orderId: string; retailerId: string; userId: string },
): Promise<string> {
  return transaction(db, async (trx) => {
    const order = await trx
      .selectFrom("orders")
      .select(["orders.id", "orders.buyerId"])
      .where("orders.id", "=", input.orderId)
      .where("orders.paidAt", "is not", null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("orderServices")
            .select("orderServices.id")
            .whereRef("orderServices.orderId", "=", "orders.id")
            .where("orderServices.retailerId", "=", input.retailerId),
        ),
      )
      .where((eb) =>
        eb.or([
          eb("orders.buyerId", "=", input.userId),
          eb.exists(
            eb
              .selectFrom("retailerStaff")
              .select("retailerStaff.userId")
              .where("retailerStaff.retailerId", "=", input.retailerId)
              .where("retailerStaff.userId", "=", input.userId),
          ),
        ]),
      )
      .executeTakeFirst();
    if (!order) throw new NotFound("That conversation doesn't exist.");

    // Two clicks at once: the unique index keeps one conversation; the loser reads it.
    const inserted = await trx
      .insertInto("conversations")
      .values({
        id: newId(),
        subjectType: "order",
        orderId: order.id,
        retailerId: input.retailerId,
        buyerId: order.buyerId,
      })
      .onConflict((conflict) =>
        conflict.columns(["orderId", "retailerId"]).where("subjectType", "=", "order").doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    const id =
      inserted?.id ??
      (
        await trx
          .selectFrom("conversations")
          .select("id")
          .where("subjectType", "=", "order")
          .where("orderId", "=", order.id)
          .where("retailerId", "=", input.retailerId)
          .executeTakeFirstOrThrow()
      ).id;
    // The buyer and the shop's current staff; on a reopen this is a no-op (rows exist already).
    await trx
      .insertInto("conversationParticipants")
      .columns(["conversationId", "userId", "role"])
      .expression((eb) =>
        eb
          .selectFrom("retailerStaff")
          .select((inner) => [
            inner.val(id).as("conversationId"),
            "retailerStaff.userId",
            inner.val("retailer").as("role"),
          ])
          .where("retailerStaff.retailerId", "=", input.retailerId)
          .where("retailerStaff.userId", "!=", order.buyerId),
      )
      .onConflict((conflict) => conflict.columns(["conversationId", "userId"]).doNothing())
      .execute();
    await trx
      .insertInto("conversationParticipants")
      .values({ conversationId: id, userId: order.buyerId, role: "buyer" })
      .onConflict((conflict) => conflict.columns(["conversationId", "userId"]).doNothing())
      .execute();
    return id;
  });
}
