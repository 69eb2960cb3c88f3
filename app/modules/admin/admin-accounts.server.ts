import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { InvalidInput } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { hashPassword } from "~/modules/accounts/passwords.server";
import { normalizeEmail } from "~/modules/accounts/schemas";
import { emailSchema } from "~/modules/accounts/schemas.server";
import { recordAudit } from "./audit-log.server";

export type CreateAdminOutcome =
  | { outcome: "created"; userId: string; email: string; password: string }
  | { outcome: "promoted"; userId: string; email: string }
  | { outcome: "already-admin"; userId: string; email: string };

const cliEmailSchema = z.object({ email: emailSchema });

/**
 * `npm run admin:create -- email`: makes the first admin of an installation, or promotes a member.
 * A new account gets a random password, printed once by the CLI, and counts as verified (whoever
 * runs the command on the server vouches for the address). Either way the admin must turn on
 * two-factor sign-in before any admin page opens (requireAdmin sends them to set it up).
 */
export async function createOrPromoteAdmin(db: Kysely<Database>, rawEmail: string): Promise<CreateAdminOutcome> {
  const parsed = cliEmailSchema.safeParse({ email: rawEmail });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Enter a valid email address";
    throw new InvalidInput(`${message} (got "${rawEmail}").`, { email: [message] });
  }
  const email = normalizeEmail(parsed.data.email);
  const password = randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password);
  return transaction(db, async (trx) => {
    const existing = await trx
      .selectFrom("users")
      .select(["id", "role", "deletedAt"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
      .forUpdate()
      .executeTakeFirst();
    if (existing?.deletedAt) throw new InvalidInput(`The account of ${email} was deleted; use another address.`);
    if (existing?.role === "admin") return { outcome: "already-admin" as const, userId: existing.id, email };
    if (existing) {
      await trx
        .updateTable("users")
        .set({ role: "admin", updatedAt: sql<Date>`now()` })
        .where("id", "=", existing.id)
        .execute();
      await recordAudit(trx, {
        actor: null,
        action: "user.promoted_to_admin",
        subject: { type: "user", id: existing.id },
        reason: "admin:create CLI",
      });
      return { outcome: "promoted" as const, userId: existing.id, email };
    }
    const id = newId();
    await trx
      .insertInto("users")
      .values({ id, email, displayName: "Admin", passwordHash, role: "admin", emailVerifiedAt: new Date() })
      .execute();
    await recordAudit(trx, {
      actor: null,
      action: "user.created_admin",
      subject: { type: "user", id },
      reason: "admin:create CLI",
    });
    return { outcome: "created" as const, userId: id, email, password };
  });
}
