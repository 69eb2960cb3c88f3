import type { Kysely, QueryResult, RawBuilder } from "kysely";
import type pg from "pg";

/**
 * SQL texts that run as named prepared statements on PostgreSQL: parsed and planned once per
 * connection instead of on every request (a hot page's query costs as much to plan as to run).
 * Only for queries compiled once and reused, so a connection holds a handful of statements, never
 * one per distinct query. PGlite runs them as ordinary queries.
 */
// Plain module state: the modules that register texts and db/index.ts, which opens the pool, share it
// because the host loads only the built bundle (docs/architecture.md, "One copy of the app").
const preparedStatementNames = new Map<string, string>();

export function prepareOnEachConnection(sqlText: string): void {
  if (!preparedStatementNames.has(sqlText)) {
    preparedStatementNames.set(sqlText, `stoop_prepared_${preparedStatementNames.size + 1}`);
  }
}

/** Kysely hands pg plain `query(text, values)` calls; a registered text goes by its name. */
export function runRegisteredTextsByName(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof text === "string" ? preparedStatementNames.get(text) : undefined;
    return name ? query({ name, text, values }, callback) : query(text, values, callback);
  }) as typeof client.query;
}

/**
 * Runs a raw query as a named prepared statement: for queries built per call whose text varies
 * only with their shape (a few booleans), never with values, so each connection still holds a
 * handful of statements.
 */
export function executePrepared<Row>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database schema
  db: Kysely<any>,
  query: RawBuilder<Row>,
): Promise<QueryResult<Row>> {
  const compiled = query.compile(db);
  prepareOnEachConnection(compiled.sql);
  return db.executeQuery(compiled);
}
