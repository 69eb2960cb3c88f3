import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Who belongs to a shop's order conversations follows who is on its staff, so the staff changes
 * (joining, leaving, account deletion) write the participant rows themselves, in their own
 * transaction (docs/decisions/016, 023). The conversations and their messages stay community's
 * (`community/order-conversations.server.ts` opens them); only the staff's rows are written here.
 */

/** A new staff member reads (and gets unread counts for) the shop's existing conversations. */
export async function addStaffToShopConversations(trx: Executor, retailerId: string, userId: string): Promise<void> {
  await trx
    .insertInto("conversationParticipants")
    .columns(["conversationId", "userId", "role"])
    .expression((eb) =>
      eb
        .selectFrom("conversations")
        .select((inner) => ["conversations.id", inner.val(userId).as("userId"), inner.val("retailer").as("role")])
        .where("conversations.subjectType", "=", "order")
        .where("conversations.retailerId", "=", retailerId)
        .where("conversations.buyerId", "!=", userId),
    )
    .onConflict((conflict) => conflict.columns(["conversationId", "userId"]).doNothing())
    .execute();
}

/**
 * A staff member who leaves the shop stops being a participant of its conversations: they no
 * longer see them or get their messages. What they wrote stays, under their name.
 */
export async function removeStaffFromShopConversations(trx: Executor, retailerId: string, userId: string) {
  await trx
    .deleteFrom("conversationParticipants")
    .where("userId", "=", userId)
    .where("role", "=", "retailer")
    .where("conversationId", "in", (eb) =>
      eb.selectFrom("conversations").select("conversations.id").where("conversations.retailerId", "=", retailerId),
    )
    .execute();
}
