import type { Kysely } from "kysely";
import type { Database } from "~db/schema";

/** The newest outbox email of a kind to an address, and the token in its link (if any). */
export async function latestEmail(db: Kysely<Database>, to: string, kind: string) {
  const row = await db
    .selectFrom("emailOutbox")
    .selectAll()
    .where("toAddress", "=", to.toLowerCase())
    .where("kind", "=", kind)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  const token = row?.url ? (/\/([A-Za-z0-9_-]{20,})$/.exec(row.url)?.[1] ?? null) : null;
  return { row: row ?? null, token };
}
