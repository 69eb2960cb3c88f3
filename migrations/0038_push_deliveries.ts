/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Web Push delivered once per device (ADR 048): a row per (push, subscription) the push service
 * accepted, written right after its 2xx. A push-deliver job that runs again (its first run died
 * after the post, or its completion was lost) finds the row and posts nothing. `push_id` is drawn
 * once per notify() call and shared by that member's devices. Kept two days (the hourly sweep),
 * longer than the job's retries last.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("push_deliveries")
    .addColumn("push_id", "text", (col) => col.notNull())
    .addColumn("subscription_id", "text", (col) =>
      col.notNull().references("push_subscriptions.id").onDelete("cascade"),
    )
    .addColumn("delivered_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("push_deliveries_pkey", ["push_id", "subscription_id"])
    .execute();
  // The cascade from a removed device, and the sweep by age.
  await db.schema
    .createIndex("push_deliveries_subscription_idx")
    .on("push_deliveries")
    .column("subscription_id")
    .execute();
  await db.schema.createIndex("push_deliveries_delivered_idx").on("push_deliveries").column("delivered_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("push_deliveries").execute();
}
