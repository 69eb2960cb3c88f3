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
 *
 * What must happen only if the change commits (dropping cached search pages, an in-memory signal)
 * is queued with `afterCommit(trx, effect)`: done after the outermost COMMIT, dropped on rollback.
 * Run "after the function" instead, it would fire inside a caller's still-open transaction, and a
 * reader on another connection could cache the pre-commit rows (docs/decisions/019-after-commit-effects.md).
 */

/** What the store holds while a `transaction()` callback runs: the effects waiting for its COMMIT. */
interface OpenTransaction {
  afterCommit: (() => void)[];
}

// Plain module state: the app's `transaction()` and the guarded driver below must see the same store,
// and they do because the host loads only the built bundle, so this file exists once in memory.
const insideTransaction = new AsyncLocalStorage<OpenTransaction>();

export class StrayDatabaseCallError extends Error {
  constructor() {
    super(
      "A query used `db` inside a transaction callback. Use the `trx` argument instead: " +
        "on PGlite this call would wait forever for the connection the transaction holds.",
    );
    this.name = "StrayDatabaseCallError";
  }
}

/**
 * Runs `callback` in a transaction. Given a transaction (a module called with its caller's `trx`),
 * it joins it: the work commits with the caller's, and so do its after-commit effects.
 */
export async function transaction<DB, T>(
  db: Kysely<DB> | Transaction<DB>,
  callback: (trx: Transaction<DB>) => Promise<T>,
  settings: { isolationLevel?: TransactionSettings["isolationLevel"] } = {},
): Promise<T> {
  if (db.isTransaction) {
    if (!insideTransaction.getStore()) throw new Error("transaction() was given a transaction it did not open.");
    if (settings.isolationLevel)
      throw new Error("A joined transaction keeps its caller's isolation level; open it with the level instead.");
    return callback(db as Transaction<DB>);
  }
  let builder = db.transaction();
  if (settings.isolationLevel) builder = builder.setIsolationLevel(settings.isolationLevel);
  const open: OpenTransaction = { afterCommit: [] };
  const result = await builder.execute((trx) => insideTransaction.run(open, () => callback(trx)));
  runEffects(open.afterCommit);
  return result;
}

/**
 * Queues `effect` to run once the transaction `executor` belongs to has committed (the outermost
 * one: a module working in its caller's transaction waits for the caller's COMMIT), or runs it at
 * once when `executor` is not a transaction. A rollback drops it.
 */
export function afterCommit(executor: Pick<Kysely<unknown>, "isTransaction">, effect: () => void): void {
  const open = insideTransaction.getStore();
  if (open) {
    open.afterCommit.push(effect);
    return;
  }
  if (executor.isTransaction) throw new Error("afterCommit() needs a transaction opened through transaction().");
  effect();
}

/**
 * Effects are synchronous and cheap (a generation bump, a signal). Every one runs even if an earlier
 * one throws; the first error is then rethrown, though the change itself stays committed.
 */
function runEffects(effects: (() => void)[]): void {
  let failure: { error: unknown } | null = null;
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
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
