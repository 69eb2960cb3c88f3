import { describe, expect, it } from "vitest";
import { InvalidInput } from "~/lib/errors";
import {
  DeletionBlocked,
  deleteAccount,
  DELETION_BLOCKERS,
  exportMemberData,
  type DeletionBlocker,
} from "~/modules/privacy/account-data.server";
import { sessionsFor } from "~/modules/accounts/sessions.server";
import { findUserByEmail, logIn, WRONG_CREDENTIALS } from "~/modules/accounts/users.server";
import { notify } from "~/modules/notifications/notify.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { KNOWN_TOTP_SECRET } from "../../support/totp";

const database = useTestDatabase();
const sessionsOf = () => sessionsFor(database.db, { cookieName: "s", secureCookie: false, days: 30, secret: null });

describe("data export", () => {
  it("contains the profile, sessions and notifications, but no credentials", async () => {
    const member = await createUser(database.db, { displayName: "Exporting Ellie", totpSecret: KNOWN_TOTP_SECRET });
    await sessionsOf().create(member.id, {
      userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Firefox/133.0",
      ipAddress: "10.9.9.9",
    });
    await notify(database.db, member.id, "new_message", { title: "Hi Ellie", body: "A message" });
    const data = await exportMemberData(database.db, member.id);
    expect(data).toMatchObject({
      format: "stoop-member-data/1",
      profile: { id: member.id, email: member.email, displayName: "Exporting Ellie" },
      sessions: [{ device: "Firefox on Linux", ipAddress: "10.9.9.9" }],
      twoFactor: { enabled: true },
      notifications: [{ title: "Hi Ellie" }],
    });
    const text = JSON.stringify(data);
    expect(text).not.toContain(KNOWN_TOTP_SECRET);
    expect(text).not.toContain("argon2");
  });
});

describe("deleting an account", () => {
  it("needs the password", async () => {
    const member = await createUser(database.db);
    await expect(deleteAccount(database.db, member.id, "not my password")).rejects.toThrow(InvalidInput);
    expect(await findUserByEmail(database.db, member.email)).not.toBeNull();
  });

  it("ends every session and erases the personal fields, keeping the row as a pseudonymous reference", async () => {
    const member = await createUser(database.db, { displayName: "Leaving Lou", totpSecret: KNOWN_TOTP_SECRET });
    const sessions = sessionsOf();
    const cookie = await sessions.create(member.id, { userAgent: "laptop", ipAddress: "10.0.0.1" });
    await sessions.create(member.id, { userAgent: "phone", ipAddress: "10.0.0.2" });
    await notify(database.db, member.id, "new_message", { title: "Hi Lou", body: "A message" });

    await deleteAccount(database.db, member.id, member.password);

    expect((await sessions.validate(cookie.split(";")[0]!)).user).toBeNull();
    expect(await sessions.countFor(member.id)).toBe(0);
    const row = await database.db.selectFrom("users").selectAll().where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ displayName: "Deleted member", emailVerifiedAt: null, role: "member" });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.email).toBe(`deleted-${member.id}@deleted.invalid`);
    expect(JSON.stringify(row)).not.toContain(member.email);
    expect(JSON.stringify(row)).not.toContain("Leaving Lou");
    for (const table of ["userTotp", "recoveryCodes", "notifications", "emailOutbox", "accountTokens"] as const) {
      const left = await database.db.selectFrom(table).select("userId").where("userId", "=", member.id).execute();
      expect(left, table).toEqual([]);
    }
    await expect(
      logIn(database.db, { email: member.email, password: member.password }, { ip: "10.4.0.1" }),
    ).rejects.toThrow(WRONG_CREDENTIALS);
    // The address is free for a new account.
    expect(await findUserByEmail(database.db, member.email)).toBeNull();
  });

  it("is refused with every blocker's reason, changing nothing, while a module reports unfinished business", async () => {
    const member = await createUser(database.db);
    const sessions = sessionsOf();
    await sessions.create(member.id, { userAgent: null, ipAddress: null });
    // A stand-in for what the orders and disputes modules add to DELETION_BLOCKERS.
    const openOrder: DeletionBlocker = async (trx, userId) => {
      const row = await trx.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
      return row ? "Finish your order in progress (test blocker)." : null;
    };
    const nothingOpen: DeletionBlocker = async () => null;
    const error = await deleteAccount(database.db, member.id, member.password, {
      blockers: [...DELETION_BLOCKERS, nothingOpen, openOrder],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeletionBlocked);
    expect((error as DeletionBlocked).reasons).toEqual(["Finish your order in progress (test blocker)."]);
    expect((error as Error).message).toContain("Finish your order in progress");
    expect(await findUserByEmail(database.db, member.email)).not.toBeNull();
    expect(await sessions.countFor(member.id)).toBe(1);
  });
});
