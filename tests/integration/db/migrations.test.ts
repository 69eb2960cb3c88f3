import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateAllTheWayDown, migrateToLatest, migrationStatus } from "~db/migrate";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

async function tableNames(): Promise<string[]> {
  const result = await sql<{ tableName: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name`.execute(database.db);
  return result.rows.map((row) => row.tableName);
}

describe("migrations", () => {
  it("are all applied to a fresh database", async () => {
    const status = await migrationStatus(database.db);
    expect(status.length).toBeGreaterThan(0);
    expect(status.every((migration) => migration.appliedAt instanceof Date)).toBe(true);
    expect(await tableNames()).toEqual(expect.arrayContaining(["rate_limits", "sessions", "users"]));
  });

  it("go all the way down, leaving no tables, and come back up", async () => {
    const reverted = await migrateAllTheWayDown(database.db);
    expect(reverted[0]).toMatch(/^reverted /);
    expect(await tableNames()).toEqual([]);
    const applied = await migrateToLatest(database.db);
    expect(applied).toContain("applied 0001_accounts");
    expect(applied).toContain("applied 0003_listings");
    expect(await tableNames()).toEqual(expect.arrayContaining(["rate_limits", "sessions", "users"]));
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it("enforce email uniqueness regardless of case in the schema itself", async () => {
    const insert = (id: string, email: string) =>
      database.db.insertInto("users").values({ id, email, displayName: "x", passwordHash: "x" }).execute();
    await insert("schema-a", "Same@Example.test");
    await expect(insert("schema-b", "same@example.TEST")).rejects.toMatchObject({ code: "23505" });
  });
});
