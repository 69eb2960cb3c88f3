import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { InvalidInput } from "~/lib/errors";
import { requestPasswordReset, resetPassword, sendPasswordResetLink } from "~/modules/accounts/password-reset.server";
import { sessionsFor } from "~/modules/accounts/sessions.server";
import { logIn, WRONG_CREDENTIALS } from "~/modules/accounts/users.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { latestEmail } from "../../support/outbox";

const database = useTestDatabase();
let ipCounter = 0;
const freshIp = () => `10.2.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;
const newPassword = "a brand new passphrase";

async function resetJobsFor(email: string) {
  const result = await sql<{ id: string }>`
    select id from pgboss.job where name = 'account-password-reset' and data->>'email' = ${email}`.execute(database.db);
  return result.rows.length;
}

async function databaseWrites() {
  const outbox = await database.db
    .selectFrom("emailOutbox")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  const tokens = await database.db
    .selectFrom("accountTokens")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return { outbox: Number(outbox.count), tokens: Number(tokens.count) };
}

describe("forgot password", () => {
  it("does the same work and answers the same for an existing and an unknown address", async () => {
    const member = await createUser(database.db);
    const before = await databaseWrites();
    const known = await requestPasswordReset(database.db, member.email.toUpperCase(), { ip: freshIp() });
    const unknown = await requestPasswordReset(database.db, "nobody-here@example.test", { ip: freshIp() });
    expect(known).toEqual(unknown);
    // The request itself queues one job either way; no token or email exists until the job runs.
    expect(await resetJobsFor(member.email)).toBe(1);
    expect(await resetJobsFor("nobody-here@example.test")).toBe(1);
    expect(await databaseWrites()).toEqual(before);

    expect(await sendPasswordResetLink(database.db, member.email)).toBe("sent");
    expect(await sendPasswordResetLink(database.db, "nobody-here@example.test")).toBe("no-account");
    const { row, token } = await latestEmail(database.db, member.email, "account_password_reset");
    expect(row?.url).toBe(`/reset-password/${token}`);
  });

  it("resets the password with the emailed link once, ends every session and tells the member", async () => {
    const member = await createUser(database.db);
    const sessions = sessionsFor(database.db, { cookieName: "s", secureCookie: false, days: 30, secret: null });
    await sessions.create(member.id, { userAgent: "laptop", ipAddress: "10.0.0.1" });
    await sessions.create(member.id, { userAgent: "phone", ipAddress: "10.0.0.2" });
    expect(await sessions.countFor(member.id)).toBe(2);

    await sendPasswordResetLink(database.db, member.email);
    const { token } = await latestEmail(database.db, member.email, "account_password_reset");
    expect(await resetPassword(database.db, token!, newPassword)).toEqual({ userId: member.id, endedSessions: 2 });
    expect(await sessions.countFor(member.id)).toBe(0);
    await expect(resetPassword(database.db, token!, "yet another passphrase")).rejects.toThrow(InvalidInput);

    await expect(
      logIn(database.db, { email: member.email, password: member.password }, { ip: freshIp() }),
    ).rejects.toThrow(WRONG_CREDENTIALS);
    expect(await logIn(database.db, { email: member.email, password: newPassword }, { ip: freshIp() })).toMatchObject({
      id: member.id,
    });
    expect((await latestEmail(database.db, member.email, "account_password_was_reset")).row).not.toBeNull();
  });

  it("only honours the newest link", async () => {
    const member = await createUser(database.db);
    await sendPasswordResetLink(database.db, member.email);
    const first = await latestEmail(database.db, member.email, "account_password_reset");
    await sendPasswordResetLink(database.db, member.email);
    const second = await latestEmail(database.db, member.email, "account_password_reset");
    await expect(resetPassword(database.db, first.token!, newPassword)).rejects.toThrow(InvalidInput);
    await expect(resetPassword(database.db, second.token!, newPassword)).resolves.toMatchObject({ userId: member.id });
  });

  it("marks the address verified, since the link proved the member reads it", async () => {
    const member = await createUser(database.db, { emailVerified: false });
    await sendPasswordResetLink(database.db, member.email);
    const { token } = await latestEmail(database.db, member.email, "account_password_reset");
    await resetPassword(database.db, token!, newPassword);
    const row = await database.db
      .selectFrom("users")
      .select("emailVerifiedAt")
      .where("id", "=", member.id)
      .executeTakeFirst();
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
  });
});
