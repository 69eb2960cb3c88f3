import { AsyncLocalStorage } from "node:async_hooks";
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  Transaction,
  TransactionSettings,
} from "kysely";

/**
 * Every multi-step change goes through `transaction(db, async (trx) => …)`.
 *
 * Inside the callback only `trx` may be used. A stray `db.…` call would, on PGlite, wait forever
 * for the one connection the transaction holds (and on PostgreSQL silently run outside the
 * transaction). The guarded driver below turns that mistake into an immediate, named error on
 * both databases; ESLint forbids calling `.transaction()` anywhere but here.
 */

// Shared through globalThis because the Remix server bundle carries its own copy of this file:
// the app's `transaction()` and the server's guarded driver must see the same store.
const STORE_KEY = Symbol.for("stoop.insideTransaction");
const globalStore = globalThis as unknown as Record<symbol, AsyncLocalStorage<true> | undefined>;
const insideTransaction = (globalStore[STORE_KEY] ??= new AsyncLocalStorage<true>());

export class StrayDatabaseCallError extends Error {
  constructor() {
    super(
      "A query used `db` inside a transaction callback. Use the `trx` argument instead: " +
        "on PGlite this call would wait forever for the connection the transaction holds.",
    );
    this.name = "StrayDatabaseCallError";
  }
}

export function transaction<DB, T>(
  db: Kysely<DB>,
  callback: (trx: Transaction<DB>) => Promise<T>,
  settings: { isolationLevel?: TransactionSettings["isolationLevel"] } = {},
): Promise<T> {
  let builder = db.transaction();
  if (settings.isolationLevel) builder = builder.setIsolationLevel(settings.isolationLevel);
  return builder.execute((trx) => insideTransaction.run(true, () => callback(trx)));
}

/** Wraps a dialect so that acquiring a fresh connection inside `transaction()`'s callback fails fast. */
export function guardTransactions(dialect: Dialect): Dialect {
  return {
    createAdapter: (): DialectAdapter => dialect.createAdapter(),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => dialect.createIntrospector(db),
    createDriver: (): Driver => new GuardedDriver(dialect.createDriver()),
  };
}

class GuardedDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    if (insideTransaction.getStore()) throw new StrayDatabaseCallError();
    return this.inner.acquireConnection();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
