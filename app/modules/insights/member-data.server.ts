import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { enqueueJob } from "~/modules/jobs/queue.server";
import { QUEUES } from "~/modules/jobs/definitions.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * A member's part in shop insights (ADR 047): the opt-out, their data export and their erasure.
 * Opting out deletes the searches already recorded (raw and folded) and asks for a rollup at once,
 * so the shops' figures lose them within minutes, not at the next scheduled run.
 */
export async function setSearchesCounted(db: Kysely<Database>, userId: string, counted: boolean): Promise<void> {
  await transaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ excludeFromInsights: !counted, updatedAt: new Date() })
      .where("id", "=", userId)
      .execute();
    if (counted) return;
    await forgetSearches(trx, userId);
    await enqueueJob(trx, QUEUES.insightsRollup, {}, { singletonKey: "opt-out" });
  });
}

export async function searchesCounted(db: Executor, userId: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("excludeFromInsights").where("id", "=", userId).executeTakeFirst();
  return !row?.excludeFromInsights;
}

async function forgetSearches(trx: Executor, userId: string) {
  // The cells the member's folded searches counted in: the shops around them recompute next run.
  await sql`
    insert into insight_changes (latitude, longitude)
    select distinct round(cell_lat::numeric, 2)::float8, round(cell_lon::numeric, 2)::float8
    from search_rollup_days where counter_key = ${userId}`.execute(trx);
  await trx.deleteFrom("searchEvents").where("memberId", "=", userId).execute();
  await trx.deleteFrom("searchRollupDays").where("counterKey", "=", userId).execute();
}

export const INSIGHTS_EXPORT_SECTIONS = {
  insightsSettings: async (db: Executor, userId: string) => ({ searchesCounted: await searchesCounted(db, userId) }),
  searchesCounted: (db: Executor, userId: string) =>
    db
      .selectFrom("searchEvents")
      .select(["searchedAt", "term", "categoryId", "cellLat", "cellLon", "resultBucket"])
      .where("memberId", "=", userId)
      .orderBy("searchedAt")
      .execute(),
  searchesCountedPerDay: (db: Executor, userId: string) =>
    db
      .selectFrom("searchRollupDays")
      .select(["day", "term", "categoryId", "cellLat", "cellLon", "resultBucket", "searches"])
      .where("counterKey", "=", userId)
      .orderBy("day")
      .execute(),
  addOnsSeenAndTicked: (db: Executor, userId: string) =>
    db
      .selectFrom("addonEvents")
      .select(["at", "kind", "serviceId", "categoryId"])
      .where("memberId", "=", userId)
      .orderBy("at")
      .execute(),
};

/** Erasure: every insight row keyed by the member goes (the shops' figures lose them at the next rollup). */
export async function eraseInsightsData(trx: Transaction<Database>, userId: string): Promise<void> {
  await forgetSearches(trx, userId);
  await trx.deleteFrom("addonEvents").where("memberId", "=", userId).execute();
  await sql`
    insert into insight_changes (retailer_id)
    select distinct retailer_id from addon_rollup_days where counter_key = ${userId}`.execute(trx);
  await trx.deleteFrom("addonRollupDays").where("counterKey", "=", userId).execute();
  await sql`update users set exclude_from_insights = false where id = ${userId}`.execute(trx);
}
