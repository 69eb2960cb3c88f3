import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { StrayDatabaseCallError, transaction } from "~db/index";
import { afterCommit } from "~db/transaction";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

describe("transactions", () => {
  it("commit everything or, when the callback throws, nothing", async () => {
    const user = await createUser(database.db, { displayName: "Before" });
    await expect(
      transaction(database.db, async (trx) => {
        await trx.updateTable("users").set({ displayName: "During" }).where("id", "=", user.id).execute();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const row = await database.db
      .selectFrom("users")
      .select("displayName")
      .where("id", "=", user.id)
      .executeTakeFirst();
    expect(row?.displayName).toBe("Before");

    await transaction(database.db, async (trx) => {
      await trx.updateTable("users").set({ displayName: "After" }).where("id", "=", user.id).execute();
    });
    const committed = await database.db
      .selectFrom("users")
      .select("displayName")
      .where("id", "=", user.id)
      .executeTakeFirst();
    expect(committed?.displayName).toBe("After");
  });

  it("fail fast with a named error when the callback uses db instead of trx (instead of hanging on PGlite)", async () => {
    const outcome = transaction(database.db, async (trx) => {
      await sql`select 1`.execute(trx);
      await database.db.selectFrom("users").select("id").execute();
    });
    await expect(outcome).rejects.toThrow(StrayDatabaseCallError);
    // The database is still usable afterwards: the transaction was rolled back and its connection released.
    await expect(sql`select 1 as one`.execute(database.db)).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it("keep concurrent read-modify-write transactions isolated under a row lock", async () => {
    await database.db
      .insertInto("rateLimits")
      .values({ key: "counter", windowStartedAt: new Date(), hits: 0 })
      .execute();
    const increment = () =>
      transaction(database.db, async (trx) => {
        const row = await trx
          .selectFrom("rateLimits")
          .select("hits")
          .where("key", "=", "counter")
          .forUpdate()
          .executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 5));
        await trx
          .updateTable("rateLimits")
          .set({ hits: row.hits + 1 })
          .where("key", "=", "counter")
          .execute();
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    const row = await database.db
      .selectFrom("rateLimits")
      .select("hits")
      .where("key", "=", "counter")
      .executeTakeFirst();
    expect(row?.hits).toBe(10);
  });

  it("do not see each other's uncommitted writes", async () => {
    const user = await createUser(database.db, { displayName: "Visible" });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writerStarted!: () => void;
    const started = new Promise<void>((resolve) => (writerStarted = resolve));
    const writer = transaction(database.db, async (trx) => {
      await trx.updateTable("users").set({ displayName: "Uncommitted" }).where("id", "=", user.id).execute();
      writerStarted();
      await held;
    });
    await started;
    if (database.kind === "postgres") {
      // Another connection reads the committed value while the writer is still open.
      const row = await database.db
        .selectFrom("users")
        .select("displayName")
        .where("id", "=", user.id)
        .executeTakeFirst();
      expect(row?.displayName).toBe("Visible");
      release();
    } else {
      // PGlite has one session: the reader waits for the writer's commit rather than reading its dirty state.
      const reader = database.db.selectFrom("users").select("displayName").where("id", "=", user.id).executeTakeFirst();
      const first = await Promise.race([
        reader.then(() => "reader"),
        new Promise((resolve) => setTimeout(() => resolve("waiting"), 50)),
      ]);
      expect(first).toBe("waiting");
      release();
      expect((await reader)?.displayName).toBe("Uncommitted");
    }
    await writer;
  });

  it("run after-commit effects once the outermost transaction commits, not when a nested one returns", async () => {
    const user = await createUser(database.db, { displayName: "Before" });
    const effects: string[] = [];
    await transaction(database.db, async (outer) => {
      // A module called with its caller's transaction joins it rather than opening its own.
      await transaction(outer, async (inner) => {
        await inner.updateTable("users").set({ displayName: "Inner" }).where("id", "=", user.id).execute();
        afterCommit(inner, () => effects.push("inner"));
      });
      expect(effects).toEqual([]);
      afterCommit(outer, () => effects.push("outer"));
      await outer.updateTable("users").set({ displayName: "Outer" }).where("id", "=", user.id).execute();
      expect(effects).toEqual([]);
    });
    expect(effects).toEqual(["inner", "outer"]);
    const row = await database.db
      .selectFrom("users")
      .select("displayName")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.displayName).toBe("Outer");
  });

  it("drop after-commit effects when the transaction rolls back, and run them at once outside one", async () => {
    const effects: string[] = [];
    await expect(
      transaction(database.db, async (trx) => {
        afterCommit(trx, () => effects.push("rolled back"));
        await sql`select 1`.execute(trx);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(effects).toEqual([]);

    afterCommit(database.db, () => effects.push("no transaction"));
    expect(effects).toEqual(["no transaction"]);
  });
});
