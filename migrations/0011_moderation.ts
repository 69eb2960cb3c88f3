/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // A suspended member cannot sign in and their listings are hidden; null when in good standing.
  await db.schema
    .alterTable("users")
    .addColumn("suspended_at", "timestamptz")
    .addColumn("suspension_reason", "text")
    .execute();
  // Why a moderator removed a listing, shown to its owner on the listing page.
  await db.schema.alterTable("listings").addColumn("removal_reason", "text").execute();

  // Reports from members about content or members. Generic: the subject is a (type, id) pair so
  // listings, users, answers and messages share one table and one queue. No foreign key on the
  // subject for the same reason.
  await db.schema
    .createTable("reports")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("reporter_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("subject_type", "text", (col) => col.notNull())
    .addColumn("subject_id", "text", (col) => col.notNull())
    // Whose content it is (the member themselves for a user report): admins may not act on their own.
    .addColumn("subject_owner_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("note", "text")
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .defaultTo("open")
        .check(sql`status in ('open', 'dismissed', 'actioned')`),
    )
    .addColumn("resolved_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("resolution", "text")
    .addColumn("resolved_at", "timestamptz")
    .addColumn("created_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // One open report per reporter per subject (a second one is a no-op, not a second queue entry).
  await db.schema
    .createIndex("reports_one_open_per_reporter")
    .on("reports")
    .columns(["reporter_id", "subject_type", "subject_id"])
    .unique()
    .where(sql.ref("status"), "=", "open")
    .execute();
  await db.schema.createIndex("reports_queue_idx").on("reports").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("reports_subject_idx").on("reports").columns(["subject_type", "subject_id"]).execute();

  // Warnings an admin gave a member (the notification tells them; this row remembers it).
  await db.schema
    .createTable("user_warnings")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("admin_id", "text", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("user_warnings_user_idx")
    .on("user_warnings")
    .columns(["user_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("user_warnings").execute();
  await db.schema.dropTable("reports").execute();
  await db.schema.alterTable("listings").dropColumn("removal_reason").execute();
  await db.schema.alterTable("users").dropColumn("suspended_at").dropColumn("suspension_reason").execute();
}
