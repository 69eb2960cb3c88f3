import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { transaction } from "~db/transaction";
import { listAuditLog, recordAudit } from "~/modules/admin/audit-log.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

describe("audit log", () => {
  it("records who did what to which subject, with the amount and details", async () => {
    const admin = await createUser(database.db, { role: "admin", displayName: "Ada Admin" });
    await transaction(database.db, (trx) =>
      recordAudit(trx, {
        actor: admin,
        action: "dispute.resolved",
        subject: { type: "order", id: "order-1" },
        reason: "Item arrived broken",
        amountCents: 1250,
        details: { lines: ["item"] },
      }),
    );
    const [entry] = await listAuditLog(database.db, { subjectType: "order", subjectId: "order-1" });
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorLabel: "Ada Admin",
      action: "dispute.resolved",
      reason: "Item arrived broken",
      amountCents: 1250,
      details: { lines: ["item"] },
    });
  });

  it("rolls back with the action it records", async () => {
    await expect(
      transaction(database.db, async (trx) => {
        await recordAudit(trx, {
          actor: null,
          action: "user.suspended",
          subject: { type: "user", id: "u-rolled-back" },
        });
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await listAuditLog(database.db, { subjectId: "u-rolled-back" })).toEqual([]);
  });

  it("refuses to change or delete an entry once written", async () => {
    await transaction(database.db, (trx) =>
      recordAudit(trx, { actor: null, action: "report.dismissed", subject: { type: "report", id: "r-1" } }),
    );
    await expect(sql`update audit_log set reason = 'edited'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await listAuditLog(database.db, { subjectId: "r-1" })).toHaveLength(1);
  });

  it("pages newest first without repeating or skipping entries", async () => {
    await transaction(database.db, async (trx) => {
      for (let index = 0; index < 5; index++) {
        await recordAudit(trx, {
          actor: null,
          action: "listing.removed",
          subject: { type: "listing", id: `p-${index}` },
        });
      }
    });
    const first = await listAuditLog(database.db, { action: "listing.removed", limit: 3 });
    const last = first[first.length - 1]!;
    const second = await listAuditLog(database.db, {
      action: "listing.removed",
      limit: 3,
      before: { createdAt: last.createdAt, id: last.id },
    });
    const ids = [...first, ...second].map((entry) => entry.subjectId).sort();
    expect(ids).toEqual(["p-0", "p-1", "p-2", "p-3", "p-4"]);
  });

  it("rejects an action name that is not noun.verb", async () => {
    await expect(
      transaction(database.db, (trx) =>
        recordAudit(trx, { actor: null, action: "Resolved it", subject: { type: "order", id: "o" } }),
      ),
    ).rejects.toThrow(/noun.verb/);
  });
});
