/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import type { Kysely } from "kysely";

// Moderators take down an answer or a message without deleting it: the row stays for the audit
// trail and for any dispute that quotes it; readers see that it was removed.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ["answers", "messages"]) {
    await db.schema
      .alterTable(table)
      .addColumn("removed_at", "timestamptz")
      .addColumn("removal_reason", "text")
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["answers", "messages"]) {
    await db.schema.alterTable(table).dropColumn("removed_at").dropColumn("removal_reason").execute();
  }
}
