import { describe, expect, it } from "vitest";
import { RateLimited } from "~/lib/errors";
import { signUp, findUserByEmail } from "~/modules/accounts/users.server";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
let ipCounter = 0;
const freshIp = () => `10.0.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;

describe("signing up", () => {
  it("creates a member whose email is stored lower-case and whose password is hashed with argon2id", async () => {
    const outcome = await signUp(
      database.db,
      { email: "New.Member@Example.test", displayName: "New Member", password: "a long enough password" },
      { ip: freshIp() },
    );
    if (!outcome.created) throw new Error("expected a new account");
    const user = outcome.user;
    expect(user.email).toBe("new.member@example.test");
    expect(user.role).toBe("member");
    const row = await database.db.selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain("a long enough password");
  });

  it("makes no second account for the same email in another case, and tells the owner instead", async () => {
    const input = { email: "casey@example.test", displayName: "Casey", password: "a long enough password" };
    await signUp(database.db, input, { ip: freshIp() });
    expect(await signUp(database.db, { ...input, email: "CASEY@Example.TEST" }, { ip: freshIp() })).toEqual({
      created: false,
      user: null,
    });
    const emails = await database.db
      .selectFrom("emailOutbox")
      .select(["kind", "toAddress"])
      .where("toAddress", "=", "casey@example.test")
      .orderBy("createdAt")
      .execute();
    expect(emails.map((email) => email.kind)).toEqual(["account_verify_email", "account_signup_attempt"]);
    const count = await database.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", "casey@example.test"))
      .executeTakeFirstOrThrow();
    expect(count.count).toBe(1);
  });

  it("creates exactly one account from two simultaneous signups with one email", async () => {
    const attempt = (email: string) =>
      signUp(database.db, { email, displayName: "Racer", password: "a long enough password" }, { ip: freshIp() });
    const results = await Promise.all([attempt("racer@example.test"), attempt("Racer@example.test")]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await findUserByEmail(database.db, "RACER@example.test")).not.toBeNull();
  });

  it("stops signups from one address after the hourly limit, without creating the account", async () => {
    const ip = freshIp();
    const password = "a long enough password";
    for (let attempt = 0; attempt < 20; attempt++) {
      await signUp(database.db, { email: `burst-${attempt}@example.test`, displayName: "Burst", password }, { ip });
    }
    await expect(
      signUp(database.db, { email: "limited@example.test", displayName: "Limited", password }, { ip }),
    ).rejects.toThrow(RateLimited);
    expect(await findUserByEmail(database.db, "limited@example.test")).toBeNull();
  });
});
