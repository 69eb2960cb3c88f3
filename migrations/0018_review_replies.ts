/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

// One public reply per review, by the one it is about: the reviewed member, or a staff member of
// the reviewed shop. Written once (a conditional update), so a reply can't be rewritten after the
// reviewer has read it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("reviews")
    .addColumn("reply_body", "text")
    .addColumn("reply_author_id", "text", (col) => col.references("users.id").onDelete("restrict"))
    .addColumn("replied_at", "timestamptz")
    .execute();
  await sql`alter table reviews add constraint reviews_reply_check check (
    (reply_body is null) = (replied_at is null) and (reply_body is null) = (reply_author_id is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reviews drop constraint reviews_reply_check`.execute(db);
  await db.schema
    .alterTable("reviews")
    .dropColumn("reply_body")
    .dropColumn("reply_author_id")
    .dropColumn("replied_at")
    .execute();
}
