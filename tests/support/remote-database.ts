import http from "node:http";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";
import { createKysely } from "~db/index";
import type { Database } from "~db/schema";

/**
 * End-to-end fixtures reach the server's database through the server process itself: the E2E
 * server exposes its own Kysely instance on a loopback port, and the test workers use a Kysely
 * dialect that sends each compiled query there. On the embedded PGlite this keeps every query
 * behind the app's own connection lock (a second wire-protocol client would interleave with it);
 * on PostgreSQL it is simply one more client. Test support only: never part of the app.
 */

const DATE_TAG = "$date";

function encode(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key, current) {
    const original = this[key];
    if (original instanceof Date) return { [DATE_TAG]: original.toISOString() };
    if (typeof current === "bigint") return current.toString();
    return current;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, value) =>
    value && typeof value === "object" && typeof value[DATE_TAG] === "string" ? new Date(value[DATE_TAG]) : value,
  );
}

/** Serves `POST /query {sql, parameters}` for the given database on 127.0.0.1. */
export async function serveDatabase(db: Kysely<Database>, port: number): Promise<http.Server> {
  const raw = db.withoutPlugins();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const { sql, parameters } = decode(Buffer.concat(chunks).toString("utf8")) as {
        sql: string;
        parameters: unknown[];
      };
      const result = await raw.executeQuery(CompiledQuery.raw(sql, parameters));
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(encode({ rows: result.rows, numAffectedRows: result.numAffectedRows }));
    } catch (error) {
      res.writeHead(500, { "Content-Type": "application/json" }).end(
        encode({
          error: error instanceof Error ? error.message : String(error),
          code: (error as { code?: string }).code,
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

class RemoteConnection implements DatabaseConnection {
  constructor(private readonly url: string) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: encode({ sql: compiledQuery.sql, parameters: compiledQuery.parameters }),
    });
    const body = decode(await response.text()) as {
      rows: R[];
      numAffectedRows?: string;
      error?: string;
      code?: string;
    };
    if (!response.ok) throw Object.assign(new Error(body.error ?? "remote query failed"), { code: body.code });
    return {
      rows: body.rows,
      numAffectedRows: body.numAffectedRows === undefined ? undefined : BigInt(body.numAffectedRows),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not available to end-to-end fixtures.");
  }
}

function remoteDialect(url: string): Dialect {
  const connection = new RemoteConnection(url);
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {
      throw new Error("End-to-end fixtures cannot open transactions: each query runs on its own in the server.");
    },
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

export function connectToServedDatabase(port: number): Kysely<Database> {
  return createKysely(remoteDialect(`http://127.0.0.1:${port}/query`));
}
