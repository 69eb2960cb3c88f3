import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInput, RateLimited } from "~/lib/errors";
import {
  assertEmailVerified,
  EmailNotVerified,
  requestEmailChange,
  resendVerificationEmail,
  verifyEmail,
} from "~/modules/accounts/email-verification.server";
import { hashSecretToken, issueAccountToken, spendAccountToken } from "~/modules/accounts/tokens.server";
import { signUp } from "~/modules/accounts/users.server";
import { deliverEmail } from "~/modules/notifications/deliver-email.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { temporaryMailbox } from "../../support/mail";
import { latestEmail } from "../../support/outbox";

const database = useTestDatabase();
let ipCounter = 0;
const freshIp = () => `10.1.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;
const password = "a long enough password";

async function signUpNew(email: string) {
  const outcome = await signUp(database.db, { email, displayName: "Vera", password }, { ip: freshIp() });
  if (!outcome.created) throw new Error("expected a new account");
  return outcome.user;
}

describe("account tokens", () => {
  it("are stored only as a SHA-256 hash", async () => {
    const member = await createUser(database.db);
    const token = await issueAccountToken(database.db, member.id, "verify_email");
    const rows = await database.db.selectFrom("accountTokens").selectAll().where("userId", "=", member.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashSecretToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("work once", async () => {
    const member = await createUser(database.db);
    const token = await issueAccountToken(database.db, member.id, "verify_email");
    expect(await spendAccountToken(database.db, "verify_email", token)).toMatchObject({ userId: member.id });
    expect(await spendAccountToken(database.db, "verify_email", token)).toBeNull();
  });

  it("stop working when they expire", async () => {
    const member = await createUser(database.db);
    const token = await issueAccountToken(database.db, member.id, "reset_password");
    const inAnHourAndASecond = new Date(Date.now() + 3601_000);
    expect(await spendAccountToken(database.db, "reset_password", token, inAnHourAndASecond)).toBeNull();
    expect(await spendAccountToken(database.db, "reset_password", token)).toMatchObject({ userId: member.id });
  });

  it("are replaced by a newer one of the same purpose, not of another", async () => {
    const member = await createUser(database.db);
    const older = await issueAccountToken(database.db, member.id, "reset_password");
    const verification = await issueAccountToken(database.db, member.id, "verify_email");
    const newer = await issueAccountToken(database.db, member.id, "reset_password");
    expect(await spendAccountToken(database.db, "reset_password", older)).toBeNull();
    expect(await spendAccountToken(database.db, "reset_password", newer)).not.toBeNull();
    expect(await spendAccountToken(database.db, "verify_email", verification)).not.toBeNull();
  });

  it("cannot be used for another purpose", async () => {
    const member = await createUser(database.db);
    const token = await issueAccountToken(database.db, member.id, "verify_email");
    expect(await spendAccountToken(database.db, "reset_password", token)).toBeNull();
  });
});

describe("email verification", () => {
  let mailbox: Awaited<ReturnType<typeof temporaryMailbox>>;
  beforeAll(async () => {
    mailbox = await temporaryMailbox();
  });
  afterAll(async () => {
    await mailbox.remove();
  });

  it("creates new accounts unverified, with a link that verifies them once", async () => {
    const user = await signUpNew("verify-me@example.test");
    await expect(assertEmailVerified(database.db, user.id)).rejects.toThrow(EmailNotVerified);
    const { token } = await latestEmail(database.db, user.email, "account_verify_email");
    expect(token).toBeTruthy();
    expect(await verifyEmail(database.db, token!)).toEqual({ userId: user.id, email: user.email, changed: false });
    await expect(assertEmailVerified(database.db, user.id)).resolves.toBeUndefined();
    await expect(verifyEmail(database.db, token!)).rejects.toThrow(InvalidInput);
  });

  it("sends account emails without unsubscribe links and forgets the link's token once sent", async () => {
    const user = await signUpNew("no-unsubscribe@example.test");
    const { row, token } = await latestEmail(database.db, user.email, "account_verify_email");
    const deps = { transport: mailbox.transport, publicUrl: "https://stoop.example", from: "Stoop <n@stoop.example>" };
    expect(await deliverEmail(database.db, deps, row!.id)).toBe("sent");
    const email = mailbox.sent.find((candidate) => candidate.id === row!.id)!;
    expect(email.headers).toEqual({});
    expect(email.text).not.toMatch(/unsubscribe/i);
    expect(email.text).toContain(`Verify your email: https://stoop.example/verify-email/${token}`);
    const after = await database.db.selectFrom("emailOutbox").selectAll().where("id", "=", row!.id).executeTakeFirst();
    expect(after?.url).toBeNull();
    expect(JSON.stringify(after)).not.toContain(token!);
  });

  it("lets the member resend the link, which replaces the old one, a few times an hour", async () => {
    const user = await signUpNew("resend@example.test");
    const first = await latestEmail(database.db, user.email, "account_verify_email");
    await resendVerificationEmail(database.db, user.id);
    const second = await latestEmail(database.db, user.email, "account_verify_email");
    expect(second.token).not.toBe(first.token);
    await expect(verifyEmail(database.db, first.token!)).rejects.toThrow(InvalidInput);
    for (let attempt = 0; attempt < 4; attempt++) await resendVerificationEmail(database.db, user.id);
    await expect(resendVerificationEmail(database.db, user.id)).rejects.toThrow(RateLimited);
  });

  it("changes the address only when the new one is confirmed, and tells the old one", async () => {
    const member = await createUser(database.db, { email: "old-address@example.test" });
    await expect(
      requestEmailChange(database.db, member.id, { newEmail: "new@example.test", password: "wrong password!" }),
    ).rejects.toThrow(InvalidInput);
    await requestEmailChange(database.db, member.id, {
      newEmail: "New-Address@example.test",
      password: member.password,
    });
    const user = await database.db.selectFrom("users").select("email").where("id", "=", member.id).executeTakeFirst();
    expect(user?.email).toBe("old-address@example.test");
    const { token } = await latestEmail(database.db, "new-address@example.test", "account_verify_email");
    expect(await verifyEmail(database.db, token!)).toEqual({
      userId: member.id,
      email: "new-address@example.test",
      changed: true,
    });
    const notice = await latestEmail(database.db, "old-address@example.test", "account_email_changed");
    expect(notice.row?.body).toContain("new-address@example.test");
  });

  it("answers an email change to a taken address the same way, emailing that address's owner", async () => {
    const member = await createUser(database.db);
    const other = await createUser(database.db);
    await requestEmailChange(database.db, member.id, { newEmail: other.email, password: member.password });
    expect((await latestEmail(database.db, other.email, "account_verify_email")).row).toBeNull();
    expect((await latestEmail(database.db, other.email, "account_signup_attempt")).row).not.toBeNull();
  });
});
