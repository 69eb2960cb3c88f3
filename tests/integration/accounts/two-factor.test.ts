import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { requireAdmin } from "~/lib/auth.server";
import { InvalidInput } from "~/lib/errors";
import {
  CHALLENGE_GONE,
  CHALLENGE_MAX_ATTEMPTS,
  completeLoginChallenge,
  startLoginChallenge,
} from "~/modules/accounts/login-challenges.server";
import { sessionsFor } from "~/modules/accounts/sessions.server";
import {
  checkSecondFactor,
  confirmTwoFactorSetup,
  disableTwoFactor,
  isTwoFactorEnabled,
  pendingTwoFactorSetup,
  recoveryCodesLeft,
} from "~/modules/accounts/two-factor.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { KNOWN_TOTP_SECRET, totpCode } from "../../support/totp";

const database = useTestDatabase();
let ipCounter = 0;
const freshIp = () => `10.3.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;
const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe("authenticator codes", () => {
  it("are accepted for the current step and one step either side, and refused further out", async () => {
    const member = await createUser(database.db, { totpSecret: KNOWN_TOTP_SECRET });
    expect(await checkSecondFactor(database.db, member.id, totpCode(KNOWN_TOTP_SECRET, secondsFromNow(-95)))).toBe(
      false,
    );
    expect(await checkSecondFactor(database.db, member.id, totpCode(KNOWN_TOTP_SECRET, secondsFromNow(95)))).toBe(
      false,
    );
    expect(await checkSecondFactor(database.db, member.id, totpCode(KNOWN_TOTP_SECRET))).toBe(true);
  });

  it("are accepted once: the same code, or an earlier one, is refused after use", async () => {
    const member = await createUser(database.db, { totpSecret: KNOWN_TOTP_SECRET });
    const next = totpCode(KNOWN_TOTP_SECRET, secondsFromNow(30));
    expect(await checkSecondFactor(database.db, member.id, next)).toBe(true);
    expect(await checkSecondFactor(database.db, member.id, next)).toBe(false);
    // The current step's code is earlier than the one just used.
    const current = totpCode(KNOWN_TOTP_SECRET);
    if (current !== next) expect(await checkSecondFactor(database.db, member.id, current)).toBe(false);
  });

  it("do nothing for a member without two-factor", async () => {
    const member = await createUser(database.db);
    expect(await checkSecondFactor(database.db, member.id, totpCode(KNOWN_TOTP_SECRET))).toBe(false);
  });
});

describe("setting up two-factor", () => {
  it("turns it on only with a correct code, then returns ten recovery codes that each work once", async () => {
    const member = await createUser(database.db);
    const setup = await pendingTwoFactorSetup(database.db, member);
    expect(setup.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    // Reloading the page shows the same pending secret.
    expect((await pendingTwoFactorSetup(database.db, member)).secret).toBe(setup.secret);
    await expect(
      confirmTwoFactorSetup(database.db, member.id, totpCode(setup.secret, secondsFromNow(-300))),
    ).rejects.toThrow(InvalidInput);
    expect(await isTwoFactorEnabled(database.db, member.id)).toBe(false);

    const codes = await confirmTwoFactorSetup(database.db, member.id, totpCode(setup.secret));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await isTwoFactorEnabled(database.db, member.id)).toBe(true);
    await expect(pendingTwoFactorSetup(database.db, member)).rejects.toThrow("already on");

    const stored = await database.db.selectFrom("recoveryCodes").selectAll().where("userId", "=", member.id).execute();
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.replace("-", ""));

    expect(await checkSecondFactor(database.db, member.id, codes[0]!)).toBe(true);
    expect(await checkSecondFactor(database.db, member.id, codes[0]!)).toBe(false);
    expect(await checkSecondFactor(database.db, member.id, codes[1]!.toLowerCase().replace("-", " "))).toBe(true);
    expect(await recoveryCodesLeft(database.db, member.id)).toBe(8);
  });

  it("turns it off only with the password and a valid code", async () => {
    const member = await createUser(database.db, { totpSecret: KNOWN_TOTP_SECRET });
    await expect(
      disableTwoFactor(database.db, member.id, { password: "not the password", code: totpCode(KNOWN_TOTP_SECRET) }),
    ).rejects.toThrow(InvalidInput);
    await expect(
      disableTwoFactor(database.db, member.id, { password: member.password, code: "123456" }),
    ).rejects.toThrow(InvalidInput);
    expect(await isTwoFactorEnabled(database.db, member.id)).toBe(true);
    await disableTwoFactor(database.db, member.id, { password: member.password, code: totpCode(KNOWN_TOTP_SECRET) });
    expect(await isTwoFactorEnabled(database.db, member.id)).toBe(false);
  });
});

describe("the sign-in challenge", () => {
  it("turns a correct code into the member and the page to return to, once", async () => {
    const member = await createUser(database.db, { totpSecret: KNOWN_TOTP_SECRET });
    const token = await startLoginChallenge(database.db, member.id, "/settings");
    const stored = await database.db.selectFrom("loginChallenges").selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await completeLoginChallenge(database.db, token, totpCode(KNOWN_TOTP_SECRET), { ip: freshIp() })).toEqual({
      userId: member.id,
      redirectTo: "/settings",
    });
    await expect(
      completeLoginChallenge(database.db, token, totpCode(KNOWN_TOTP_SECRET, secondsFromNow(30)), { ip: freshIp() }),
    ).rejects.toThrow(CHALLENGE_GONE);
  });

  it(`is gone after ${CHALLENGE_MAX_ATTEMPTS} wrong codes, even if the next one is right`, async () => {
    const member = await createUser(database.db, { totpSecret: KNOWN_TOTP_SECRET });
    const token = await startLoginChallenge(database.db, member.id, "/");
    const wrong = totpCode(KNOWN_TOTP_SECRET, secondsFromNow(-600));
    for (let attempt = 1; attempt < CHALLENGE_MAX_ATTEMPTS; attempt++) {
      await expect(completeLoginChallenge(database.db, token, wrong, { ip: freshIp() })).rejects.toThrow(
        "That code is wrong",
      );
    }
    await expect(completeLoginChallenge(database.db, token, wrong, { ip: freshIp() })).rejects.toThrow(CHALLENGE_GONE);
    await expect(
      completeLoginChallenge(database.db, token, totpCode(KNOWN_TOTP_SECRET), { ip: freshIp() }),
    ).rejects.toThrow(CHALLENGE_GONE);
  });

  it("rate-limits code guesses per member across challenges, like passwords", async () => {
    const member = await createUser(database.db, { totpSecret: KNOWN_TOTP_SECRET });
    const wrong = totpCode(KNOWN_TOTP_SECRET, secondsFromNow(-600));
    let limited = false;
    for (let round = 0; round < 4 && !limited; round++) {
      const token = await startLoginChallenge(database.db, member.id, "/");
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await completeLoginChallenge(database.db, token, wrong, { ip: freshIp() });
        } catch (error) {
          if ((error as Error).message.startsWith("Too many attempts")) limited = true;
        }
      }
    }
    expect(limited).toBe(true);
  });
});

describe("admin pages", () => {
  async function contextFor(userId: string): Promise<AppLoadContext> {
    const sessions = sessionsFor(database.db, { cookieName: "s", secureCookie: false, days: 30, secret: null });
    const cookie = await sessions.create(userId, { userAgent: null, ipAddress: null });
    const auth = await sessions.validate(cookie.split(";")[0]!);
    return { auth: { user: auth.user, token: auth.token } } as AppLoadContext;
  }
  const request = new Request("http://stoop.test/admin/jobs");

  it("send an admin without two-factor to set it up", async () => {
    const admin = await createUser(database.db, { role: "admin" });
    const thrown = await (async () => {
      try {
        requireAdmin(request, await contextFor(admin.id));
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe("/settings/two-factor?required=admin");
  });

  it("open for an admin with two-factor on", async () => {
    const admin = await createUser(database.db, { role: "admin", totpSecret: KNOWN_TOTP_SECRET });
    expect(requireAdmin(request, await contextFor(admin.id))).toMatchObject({ id: admin.id, twoFactorEnabled: true });
  });
});
