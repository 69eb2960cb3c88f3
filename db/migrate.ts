/* eslint-disable @typescript-eslint/no-explicit-any -- the migrator works below the typed schema */
import { Migrator, NO_MIGRATIONS, type Kysely, type MigrationResultSet } from "kysely";
import { installJobQueues } from "../app/modules/jobs/queue.server";
import { migrations } from "../migrations/index";

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string | undefined,
    cause: unknown,
  ) {
    super(
      `Migration ${migrationName ?? "(unknown)"} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = "MigrationFailedError";
  }
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((result) => result.status === "Error");
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return (results ?? []).map(
    (result) => `${result.direction === "Up" ? "applied" : "reverted"} ${result.migrationName}`,
  );
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateDown());
}

export async function migrateAllTheWayDown(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(db: Kysely<any>): Promise<{ name: string; appliedAt: Date | null }[]> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.map((migration) => ({ name: migration.name, appliedAt: migration.executedAt ?? null }));
}

/**
 * Brings a database fully up to date: the app's migrations, then the job queue's own schema and
 * queues (pg-boss manages its schema itself). Used at boot, by the CLI and by the test harness.
 */
export async function prepareDatabase(db: Kysely<any>): Promise<string[]> {
  const applied = await migrateToLatest(db);
  await installJobQueues(db);
  return applied;
}
