import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Forbidden } from "~/lib/errors";
import { idParam } from "~/lib/id-params.server";
import { strikePassportEntry } from "~/modules/listings/passport.server";
import { recordAudit } from "./audit-log.server";

type Db = Kysely<Database>;
type Admin = { id: string; displayName: string; role: string };

/** The admin's form to strike a passport entry made in error. */
export const removePassportEntrySchema = z.object({
  entryId: idParam,
  reason: z
    .string({ message: "Say why this entry is wrong" })
    .trim()
    .min(3, "Say why this entry is wrong")
    .max(500, "Keep the reason to 500 characters"),
});

/**
 * An admin strikes a passport entry made in error (a shop marked the wrong order done): the row
 * stays, marked removed, and the audit log records who, which and why, in the same transaction.
 * Nobody else can change an entry; the listing page stops showing it at once.
 */
export async function removePassportEntry(
  db: Db,
  admin: Admin,
  input: z.output<typeof removePassportEntrySchema>,
): Promise<{ passportId: string }> {
  if (admin.role !== "admin") throw new Forbidden("Only administrators can remove passport entries.");
  return transaction(db, async (trx) => {
    const entry = await strikePassportEntry(trx, { entryId: input.entryId, adminId: admin.id, reason: input.reason });
    await recordAudit(trx, {
      actor: admin,
      action: "passport_entry.removed",
      subject: { type: "passport_entry", id: entry.id },
      reason: input.reason,
      details: { passportId: entry.passportId, kind: entry.kind, title: entry.title },
    });
    return { passportId: entry.passportId };
  });
}
