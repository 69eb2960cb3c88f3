import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import type PgBoss from "pg-boss";

/**
 * pg-boss talks to the database through our Kysely executor rather than its own pool, so the
 * queue runs on PostgreSQL and on the embedded PGlite alike, and a job sent with a transaction's
 * adapter is committed or rolled back together with that transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg-boss's own SQL is outside our typed schema
export function pgBossDb(executor: Kysely<any> | Transaction<any>): PgBoss.Db {
  // Without the CamelCasePlugin: pg-boss reads its rows by its own column aliases.
  const raw = executor.withoutPlugins();
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await raw.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}
