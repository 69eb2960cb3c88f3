import { describe, expect, it } from "vitest";
import { createOrPromoteAdmin } from "~/modules/admin/admin-accounts.server";
import { listAuditLog } from "~/modules/admin/audit-log.server";
import { verifyPassword } from "~/modules/accounts/passwords.server";
import { InvalidInput } from "~/lib/errors";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

describe("admin:create", () => {
  it("creates a verified admin with a random password that signs in", async () => {
    const result = await createOrPromoteAdmin(database.db, "  New.Admin@Example.test ");
    expect(result.outcome).toBe("created");
    if (result.outcome !== "created") return;
    const row = await database.db
      .selectFrom("users")
      .select(["email", "role", "emailVerifiedAt", "passwordHash"])
      .where("id", "=", result.userId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: "new.admin@example.test", role: "admin" });
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(await verifyPassword(row.passwordHash, result.password)).toBe(true);
    const [entry] = await listAuditLog(database.db, { subjectType: "user", subjectId: result.userId });
    expect(entry).toMatchObject({ action: "user.created_admin", actorId: null });
  });

  it("promotes an existing member and leaves their password alone", async () => {
    const member = await createUser(database.db);
    const result = await createOrPromoteAdmin(database.db, member.email.toUpperCase());
    expect(result).toEqual({ outcome: "promoted", userId: member.id, email: member.email });
    const row = await database.db
      .selectFrom("users")
      .select(["role", "passwordHash"])
      .where("id", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(row.role).toBe("admin");
    expect(await verifyPassword(row.passwordHash, member.password)).toBe(true);
    expect((await listAuditLog(database.db, { subjectId: member.id }))[0]?.action).toBe("user.promoted_to_admin");
  });

  it("changes nothing for someone who is already an admin", async () => {
    const admin = await createUser(database.db, { role: "admin" });
    expect(await createOrPromoteAdmin(database.db, admin.email)).toMatchObject({ outcome: "already-admin" });
    expect(await listAuditLog(database.db, { subjectId: admin.id })).toEqual([]);
  });

  it("refuses a malformed email with a clear message and creates nothing", async () => {
    const before = await database.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const error = await createOrPromoteAdmin(database.db, "not-an-email").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as Error).message).toMatch(/valid email address.*not-an-email/);
    const after = await database.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
