import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { OPEN_SERVICE_LINE_STATUSES as OPEN_SERVICE_STATUSES } from "~db/schema-retailers";
import { removeStaffFromShopConversations } from "./shop-conversations.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** The shops' part of a member's data export and of account deletion (privacy/account-data.server.ts). */
export const RETAILER_EXPORT_SECTIONS = {
  shopMemberships: (db: Executor, userId: string) =>
    db
      .selectFrom("retailerStaff")
      .innerJoin("retailers", "retailers.id", "retailerStaff.retailerId")
      .select(["retailers.name", "retailers.slug", "retailers.status", "retailerStaff.role"])
      .where("retailerStaff.userId", "=", userId)
      .orderBy("retailers.name")
      .execute(),
};

/** An owner leaves only once their shops' buyers are not waiting for an answer or a job. */
export const RETAILER_DELETION_BLOCKERS = [
  async (db: Executor, userId: string): Promise<string | null> => {
    const shops = await db
      .selectFrom("orderServices")
      .innerJoin("retailers", "retailers.id", "orderServices.retailerId")
      .select(["retailers.name", (eb) => eb.fn.countAll<number>().as("open")])
      .where("retailers.ownerId", "=", userId)
      .where("orderServices.status", "in", OPEN_SERVICE_STATUSES)
      .groupBy("retailers.name")
      .orderBy("retailers.name")
      .execute();
    if (shops.length === 0) return null;
    return `Finish or decline the open service jobs at ${shops.map((shop) => `${shop.name} (${shop.open})`).join(", ")}.`;
  },
];

/**
 * What account deletion does to shops: the member leaves every staff they were on (and those
 * shops' conversations), and the services of shops they own are paused, so nobody can book an
 * add-on that no one will answer. The shop rows stay for the orders and reviews that name them.
 */
export async function eraseRetailerData(trx: Transaction<Database>, userId: string): Promise<void> {
  const memberships = await trx
    .deleteFrom("retailerStaff")
    .where("userId", "=", userId)
    .where("role", "=", "staff")
    .returning("retailerId")
    .execute();
  for (const { retailerId } of memberships) await removeStaffFromShopConversations(trx, retailerId, userId);
  await trx
    .updateTable("services")
    .set({ active: false, updatedAt: new Date() })
    .where("retailerId", "in", (eb) =>
      eb.selectFrom("retailers").select("retailers.id").where("retailers.ownerId", "=", userId),
    )
    .execute();
}
