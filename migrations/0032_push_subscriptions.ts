/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

/**
 * Web Push (ADR 044): one row per device a member turned push on for, and a push channel beside
 * in-app and email in the per-kind preferences. `push` is null on the rows written before this
 * migration: null means "the kind's default" (the same as its email default), as for a missing row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("push_subscriptions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    // The push service's URL for this device; a device subscribes once, whoever signs in on it.
    .addColumn("endpoint", "text", (col) => col.notNull().unique())
    .addColumn("p256dh", "text", (col) => col.notNull())
    .addColumn("auth", "text", (col) => col.notNull())
    // "Chrome on Android": enough for the member to tell their devices apart, no full user agent.
    .addColumn("device_label", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("push_subscriptions_user_idx").on("push_subscriptions").column("user_id").execute();
  await db.schema.alterTable("notification_preferences").addColumn("push", "boolean").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notification_preferences").dropColumn("push").execute();
  await db.schema.dropTable("push_subscriptions").execute();
}
