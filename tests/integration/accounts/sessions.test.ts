import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sessionsFor, type SessionSettings } from "~/modules/accounts/sessions.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const settings: SessionSettings = { cookieName: "stoop_session", secureCookie: true, days: 30, secret: null };
const sessions = () => sessionsFor(database.db, settings);
const meta = { userAgent: "vitest", ipAddress: "127.0.0.1" };

function tokenFrom(setCookie: string): string {
  const match = /^stoop_session=([^;]+);/.exec(setCookie);
  if (!match?.[1]) throw new Error(`no session token in ${setCookie}`);
  return match[1];
}

describe("sessions", () => {
  it("issues an httpOnly, SameSite=Lax, Secure cookie whose token validates to its member", async () => {
    const user = await createUser(database.db);
    const setCookie = await sessions().create(user.id, meta);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/);
    const result = await sessions().validate(`stoop_session=${tokenFrom(setCookie)}`);
    expect(result.user).toMatchObject({ id: user.id, email: user.email, role: "member" });
    expect(result.setCookie).toBeNull();
  });

  it("stores only a SHA-256 of the token, never the token itself", async () => {
    const user = await createUser(database.db);
    const token = tokenFrom(await sessions().create(user.id, meta));
    const rows = await database.db.selectFrom("sessions").select("id").where("userId", "=", user.id).execute();
    expect(rows).toEqual([{ id: createHash("sha256").update(token).digest("hex") }]);
  });

  it("rejects an unknown token and tells the browser to drop the cookie", async () => {
    const result = await sessions().validate("stoop_session=not-a-real-token");
    expect(result.user).toBeNull();
    expect(result.setCookie).toMatch(/Max-Age=0/);
  });

  it("treats an expired session as signed out and deletes it", async () => {
    const user = await createUser(database.db);
    const token = tokenFrom(await sessions().create(user.id, meta));
    await database.db
      .updateTable("sessions")
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where("userId", "=", user.id)
      .execute();
    expect((await sessions().validate(`stoop_session=${token}`)).user).toBeNull();
    expect(await database.db.selectFrom("sessions").select("id").where("userId", "=", user.id).execute()).toEqual([]);
  });

  it("extends a session used in the second half of its life and re-sends the cookie", async () => {
    const user = await createUser(database.db);
    const token = tokenFrom(await sessions().create(user.id, meta));
    const soon = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    await database.db.updateTable("sessions").set({ expiresAt: soon }).where("userId", "=", user.id).execute();
    const result = await sessions().validate(`stoop_session=${token}`);
    expect(result.user?.id).toBe(user.id);
    expect(result.setCookie).toMatch(/Max-Age=2592000/);
    const row = await database.db
      .selectFrom("sessions")
      .select("expiresAt")
      .where("userId", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it("signs out one session without touching the member's others", async () => {
    const user = await createUser(database.db);
    const first = tokenFrom(await sessions().create(user.id, meta));
    const second = tokenFrom(await sessions().create(user.id, meta));
    await sessions().invalidate(first);
    expect((await sessions().validate(`stoop_session=${first}`)).user).toBeNull();
    expect((await sessions().validate(`stoop_session=${second}`)).user?.id).toBe(user.id);
  });

  it("signs a member out everywhere, and no one else", async () => {
    const user = await createUser(database.db);
    const other = await createUser(database.db);
    const tokens = [await sessions().create(user.id, meta), await sessions().create(user.id, meta)].map(tokenFrom);
    const othersToken = tokenFrom(await sessions().create(other.id, meta));
    await sessions().invalidateAllFor(user.id);
    for (const token of tokens) expect((await sessions().validate(`stoop_session=${token}`)).user).toBeNull();
    expect((await sessions().validate(`stoop_session=${othersToken}`)).user?.id).toBe(other.id);
  });

  it("ends every other session but the current one (after a password change)", async () => {
    const user = await createUser(database.db);
    const current = tokenFrom(await sessions().create(user.id, meta));
    const elsewhere = [await sessions().create(user.id, meta), await sessions().create(user.id, meta)].map(tokenFrom);
    expect(await sessions().invalidateAllExcept(user.id, current)).toBe(2);
    expect((await sessions().validate(`stoop_session=${current}`)).user?.id).toBe(user.id);
    for (const token of elsewhere) expect((await sessions().validate(`stoop_session=${token}`)).user).toBeNull();
    expect(await sessions().countFor(user.id)).toBe(1);
  });

  it("with SESSION_SECRET stores an HMAC instead, so the same token hashes differently", async () => {
    const user = await createUser(database.db);
    const peppered = sessionsFor(database.db, { ...settings, secret: "x".repeat(32) });
    const token = tokenFrom(await peppered.create(user.id, meta));
    expect((await peppered.validate(`stoop_session=${token}`)).user?.id).toBe(user.id);
    // The unpeppered lookup cannot find it: the stored id is not a plain SHA-256.
    expect((await sessions().validate(`stoop_session=${token}`)).user).toBeNull();
  });
});

describe("the active sessions list", () => {
  it("lists a member's sessions, marks this device, and signs out one of them by its stored id", async () => {
    const user = await createUser(database.db);
    const stranger = await createUser(database.db);
    const here = tokenFrom(await sessions().create(user.id, { userAgent: "laptop", ipAddress: "10.0.0.1" }));
    await sessions().create(user.id, { userAgent: "phone", ipAddress: "10.0.0.2" });
    const list = await sessions().listFor(user.id, here);
    expect(list).toHaveLength(2);
    expect(list.find((session) => session.current)?.userAgent).toBe("laptop");
    const phone = list.find((session) => !session.current)!;
    expect(phone.id).not.toContain(here);

    // Another member cannot end it, even knowing its id.
    expect(await sessions().invalidateOwned(stranger.id, phone.id)).toBe(false);
    expect(await sessions().invalidateOwned(user.id, phone.id)).toBe(true);
    expect((await sessions().listFor(user.id, here)).map((session) => session.userAgent)).toEqual(["laptop"]);
  });

  it("tells whether the member's email is verified and two-factor is on", async () => {
    const user = await createUser(database.db, { emailVerified: false });
    const result = await sessions().validate(`stoop_session=${tokenFrom(await sessions().create(user.id, meta))}`);
    expect(result.user).toMatchObject({ emailVerified: false, twoFactorEnabled: false });
  });
});
