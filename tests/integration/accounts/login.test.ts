import { describe, expect, it } from "vitest";
import { InvalidInput, RateLimited } from "~/lib/errors";
import { changePassword, logIn, WRONG_CREDENTIALS } from "~/modules/accounts/users.server";
import { DEFAULT_PASSWORD, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
let ipCounter = 0;
const freshIp = () => `10.1.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;

async function failureMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  throw new Error("expected the login to fail");
}

describe("logging in", () => {
  it("accepts the right password whatever the email's case", async () => {
    const user = await createUser(database.db, { email: "login-case@example.test" });
    const loggedIn = await logIn(
      database.db,
      { email: "Login-Case@Example.test", password: DEFAULT_PASSWORD },
      { ip: freshIp() },
    );
    expect(loggedIn.id).toBe(user.id);
    expect(loggedIn).not.toHaveProperty("passwordHash");
  });

  it("answers a wrong password and an unknown email with the same words", async () => {
    const user = await createUser(database.db);
    const wrongPassword = await failureMessage(
      logIn(database.db, { email: user.email, password: "not the password" }, { ip: freshIp() }),
    );
    const unknownEmail = await failureMessage(
      logIn(database.db, { email: "nobody-here@example.test", password: "not the password" }, { ip: freshIp() }),
    );
    expect(wrongPassword).toBe(`InvalidInput: ${WRONG_CREDENTIALS}`);
    expect(unknownEmail).toBe(wrongPassword);
  });

  it("locks an email after ten attempts, even from many addresses and with the right password", async () => {
    const user = await createUser(database.db);
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect(
        logIn(database.db, { email: user.email, password: "guess " + attempt }, { ip: freshIp() }),
      ).rejects.toThrow(InvalidInput);
    }
    await expect(
      logIn(database.db, { email: user.email, password: DEFAULT_PASSWORD }, { ip: freshIp() }),
    ).rejects.toThrow(RateLimited);
    // Another member is not affected by the lock on this one.
    const other = await createUser(database.db);
    await expect(
      logIn(database.db, { email: other.email, password: DEFAULT_PASSWORD }, { ip: freshIp() }),
    ).resolves.toMatchObject({
      id: other.id,
    });
  });

  it("does not lock the owner out where they are signed in when others fail ten times", async () => {
    const user = await createUser(database.db);
    const home = freshIp();
    await database.db
      .insertInto("sessions")
      .values({
        id: `session-${user.id}`,
        userId: user.id,
        expiresAt: new Date(Date.now() + 86_400_000),
        ipAddress: home,
        userAgent: null,
      })
      .execute();
    for (let attempt = 0; attempt < 12; attempt++) {
      await logIn(database.db, { email: user.email, password: "guess " + attempt }, { ip: freshIp() }).catch(
        () => undefined,
      );
    }
    // Elsewhere the account is locked (the attacker's view), at home the right password works.
    await expect(
      logIn(database.db, { email: user.email, password: DEFAULT_PASSWORD }, { ip: freshIp() }),
    ).rejects.toThrow(RateLimited);
    await expect(
      logIn(database.db, { email: user.email, password: DEFAULT_PASSWORD }, { ip: home }),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("still stops guessing from the owner's own address after ten tries", async () => {
    const user = await createUser(database.db);
    const home = freshIp();
    await database.db
      .insertInto("sessions")
      .values({
        id: `session-${user.id}`,
        userId: user.id,
        expiresAt: new Date(Date.now() + 86_400_000),
        ipAddress: home,
        userAgent: null,
      })
      .execute();
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect(
        logIn(database.db, { email: user.email, password: "guess " + attempt }, { ip: home }),
      ).rejects.toThrow(InvalidInput);
    }
    await expect(logIn(database.db, { email: user.email, password: "guess 11" }, { ip: home })).rejects.toThrow(
      RateLimited,
    );
  });

  it("forgets earlier failures once the member gets the password right", async () => {
    const user = await createUser(database.db);
    const ip = freshIp();
    for (let attempt = 0; attempt < 9; attempt++) {
      await logIn(database.db, { email: user.email, password: "wrong" }, { ip }).catch(() => undefined);
    }
    await logIn(database.db, { email: user.email, password: DEFAULT_PASSWORD }, { ip });
    for (let attempt = 0; attempt < 9; attempt++) {
      await logIn(database.db, { email: user.email, password: "wrong" }, { ip }).catch(() => undefined);
    }
    await expect(logIn(database.db, { email: user.email, password: DEFAULT_PASSWORD }, { ip })).resolves.toMatchObject({
      id: user.id,
    });
  });
});

describe("changing the password", () => {
  it("refuses a wrong current password and keeps the old one working", async () => {
    const user = await createUser(database.db);
    await expect(
      changePassword(database.db, user.id, { currentPassword: "wrong", newPassword: "brand new password" }),
    ).rejects.toThrow(InvalidInput);
    await expect(
      logIn(database.db, { email: user.email, password: DEFAULT_PASSWORD }, { ip: freshIp() }),
    ).resolves.toBeTruthy();
  });

  it("replaces the password: the new one works and the old one no longer does", async () => {
    const user = await createUser(database.db);
    await changePassword(database.db, user.id, {
      currentPassword: DEFAULT_PASSWORD,
      newPassword: "brand new password",
    });
    await expect(
      logIn(database.db, { email: user.email, password: "brand new password" }, { ip: freshIp() }),
    ).resolves.toBeTruthy();
    await expect(
      logIn(database.db, { email: user.email, password: DEFAULT_PASSWORD }, { ip: freshIp() }),
    ).rejects.toThrow(InvalidInput);
  });
});
