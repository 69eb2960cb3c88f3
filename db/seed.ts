import type { Kysely } from "kysely";
import { createUser } from "../tests/support/factories";
import type { Database } from "./schema";

export const DEMO_PASSWORD = "stoop-demo-password";

export const DEMO_MEMBERS = [
  { email: "alice@demo.stoop.local", displayName: "Alice (demo)", role: "member" },
  { email: "bob@demo.stoop.local", displayName: "Bob (demo)", role: "member" },
  { email: "admin@demo.stoop.local", displayName: "Ada the admin (demo)", role: "admin" },
] as const;

/** Loads the demo members once (idempotent: an existing demo email is left as it is). */
export async function seedDemoData(db: Kysely<Database>) {
  for (const member of DEMO_MEMBERS) {
    const existing = await db
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", member.email))
      .executeTakeFirst();
    if (!existing) await createUser(db, { ...member, password: DEMO_PASSWORD });
  }
  return DEMO_MEMBERS.map((member) => ({ email: member.email, password: DEMO_PASSWORD, role: member.role }));
}
