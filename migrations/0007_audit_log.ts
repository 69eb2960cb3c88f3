/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // What admins (and the system, acting on their behalf) did. No foreign keys: an entry must outlive
  // the member, listing or order it names, and it records who acted as they were at the time.
  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("actor_id", "text") // null: the system (a webhook or a job)
    .addColumn("actor_label", "text", (col) => col.notNull())
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("subject_type", "text", (col) => col.notNull())
    .addColumn("subject_id", "text", (col) => col.notNull())
    .addColumn("reason", "text")
    .addColumn("amount_cents", "integer")
    .addColumn("details", "jsonb", (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    // Millisecond precision, as a JavaScript Date holds it: keyset pages compare it exactly.
    .addColumn("created_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("audit_log_created_idx").on("audit_log").columns(["created_at", "id"]).execute();
  await db.schema
    .createIndex("audit_log_subject_idx")
    .on("audit_log")
    .columns(["subject_type", "subject_id", "created_at"])
    .execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor_id", "created_at"]).execute();

  // Append-only in the database itself, not only by convention in the code.
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_is_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
  await sql`drop function audit_log_is_append_only()`.execute(db);
}
