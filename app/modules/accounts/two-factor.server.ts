import { createHash, randomBytes } from "node:crypto";
import { generateTOTP, getTOTPAuthUri, verifyTOTP } from "@epic-web/totp";
import type { Kysely, Transaction } from "kysely";
import QRCode from "qrcode";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { Conflict, InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { notify } from "~/modules/notifications/notify.server";
import { verifyPassword } from "./passwords.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** What every authenticator app expects: SHA-1, 6 digits, 30-second steps. */
const TOTP = { algorithm: "SHA-1", digits: 6, period: 30 } as const;
/** One step either side of now: tolerates a phone clock 30 s off, nothing more. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

export const WRONG_CODE = "That code is wrong or has expired. Enter the code your app shows now.";

export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  /** An SVG data: URL, rendered on the server: the secret goes to no outside service. */
  qrDataUrl: string;
}

export async function isTwoFactorEnabled(db: Executor, userId: string): Promise<boolean> {
  const row = await db.selectFrom("userTotp").select("enabledAt").where("userId", "=", userId).executeTakeFirst();
  return Boolean(row?.enabledAt);
}

/**
 * The setup page: a pending secret (made once, kept until confirmed or replaced) and its QR code.
 * Refused once two-factor is on, so the secret is never shown again.
 */
export async function pendingTwoFactorSetup(
  db: Kysely<Database>,
  user: { id: string; email: string },
  issuer = "Stoop",
): Promise<TwoFactorSetup> {
  const existing = await db
    .selectFrom("userTotp")
    .select(["secret", "enabledAt"])
    .where("userId", "=", user.id)
    .executeTakeFirst();
  if (existing?.enabledAt) throw new Conflict("Two-factor sign-in is already on.");
  let secret = existing?.secret;
  if (!secret) {
    // 160 bits, as RFC 4226 recommends (the library's default is 80).
    ({ secret } = await generateTOTP({ ...TOTP, secret: base32(randomBytes(20)) }));
    await db
      .insertInto("userTotp")
      .values({ userId: user.id, secret })
      .onConflict((conflict) => conflict.column("userId").doNothing())
      .execute();
    // Two tabs racing: whichever secret was stored first is the one to show.
    secret = (await db.selectFrom("userTotp").select("secret").where("userId", "=", user.id).executeTakeFirstOrThrow())
      .secret;
  }
  const otpauthUri = getTOTPAuthUri({ ...TOTP, secret, accountName: user.email, issuer });
  const svg = await QRCode.toString(otpauthUri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, otpauthUri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/** Turns two-factor on once the member proves their app shows the right code; returns the recovery codes, once. */
export async function confirmTwoFactorSetup(db: Kysely<Database>, userId: string, code: string): Promise<string[]> {
  return transaction(db, async (trx) => {
    const row = await trx
      .selectFrom("userTotp")
      .select(["secret", "enabledAt"])
      .where("userId", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFound("Start the setup again: reload the page.");
    if (row.enabledAt) throw new Conflict("Two-factor sign-in is already on.");
    const step = await matchingStep(row.secret, code);
    if (step === null) throw new InvalidInput(WRONG_CODE, { code: [WRONG_CODE] });
    await trx
      .updateTable("userTotp")
      .set({ enabledAt: new Date(), lastUsedStep: step })
      .where("userId", "=", userId)
      .execute();
    const codes = await replaceRecoveryCodes(trx, userId);
    await notify(trx, userId, "account_security", {
      title: "Two-factor sign-in is on",
      body: "Signing in to Stoop now needs a code from your authenticator app (or a recovery code) after your password.",
      url: "/settings/two-factor",
    });
    return codes;
  });
}

/** Turning it off needs the password and a current code (or a recovery code). */
export async function disableTwoFactor(
  db: Kysely<Database>,
  userId: string,
  input: { password: string; code: string },
): Promise<void> {
  const user = await db.selectFrom("users").select("passwordHash").where("id", "=", userId).executeTakeFirst();
  if (!user) throw new NotFound("No such member");
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new InvalidInput("Your password is wrong.", { password: ["Your password is wrong."] });
  }
  await transaction(db, async (trx) => {
    if (!(await checkSecondFactor(trx, userId, input.code))) {
      throw new InvalidInput(WRONG_CODE, { code: [WRONG_CODE] });
    }
    await trx.deleteFrom("userTotp").where("userId", "=", userId).execute();
    await trx.deleteFrom("recoveryCodes").where("userId", "=", userId).execute();
    await notify(trx, userId, "account_security", {
      title: "Two-factor sign-in was turned off",
      body: "Signing in to Stoop needs only your password again. If this wasn't you, change your password now.",
      url: "/settings/two-factor",
    });
  });
}

/**
 * Checks a code typed at sign-in: a current authenticator code, or an unused recovery code. Each
 * is accepted once: an authenticator code's time step must be later than the last one accepted,
 * and a recovery code is marked used. Conditional updates make two racing requests safe.
 */
export async function checkSecondFactor(trx: Executor, userId: string, rawCode: string): Promise<boolean> {
  const code = rawCode.replace(/[\s-]/g, "").toUpperCase();
  if (/^\d{6}$/.test(code)) {
    const row = await trx
      .selectFrom("userTotp")
      .select(["secret"])
      .where("userId", "=", userId)
      .where("enabledAt", "is not", null)
      .executeTakeFirst();
    if (!row) return false;
    const step = await matchingStep(row.secret, code);
    if (step === null) return false;
    const accepted = await trx
      .updateTable("userTotp")
      .set({ lastUsedStep: step })
      .where("userId", "=", userId)
      .where((eb) => eb.or([eb("lastUsedStep", "is", null), eb("lastUsedStep", "<", step)]))
      .returning("userId")
      .executeTakeFirst();
    return Boolean(accepted);
  }
  if (/^[A-Z2-7]{10}$/.test(code)) {
    const used = await trx
      .updateTable("recoveryCodes")
      .set({ usedAt: new Date() })
      .where("userId", "=", userId)
      .where("codeHash", "=", hashRecoveryCode(code))
      .where("usedAt", "is", null)
      .returning("id")
      .executeTakeFirst();
    return Boolean(used);
  }
  return false;
}

export async function recoveryCodesLeft(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("recoveryCodes")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("userId", "=", userId)
    .where("usedAt", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** New recovery codes (the old ones stop working); shown once, stored hashed. */
export async function replaceRecoveryCodes(trx: Executor, userId: string): Promise<string[]> {
  await trx.deleteFrom("recoveryCodes").where("userId", "=", userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => base32(randomBytes(7)).slice(0, 10));
  await trx
    .insertInto("recoveryCodes")
    .values(codes.map((code) => ({ id: newId(), userId, codeHash: hashRecoveryCode(code) })))
    .execute();
  return codes.map((code) => `${code.slice(0, 5)}-${code.slice(5)}`);
}

/** 50 random bits per code, single use and rate-limited: a fast hash is enough. */
function hashRecoveryCode(normalized: string): string {
  return createHash("sha256").update(`stoop-recovery:${normalized}`).digest("hex");
}

/**
 * The time step a code belongs to, or null. The library compares against "now"; the step is read
 * before and after, and the check repeated if a step boundary fell in between, so the step recorded
 * for replay protection is always the one the code was checked against.
 */
async function matchingStep(secret: string, code: string): Promise<number | null> {
  for (;;) {
    const before = currentStep();
    const result = await verifyTOTP({ ...TOTP, otp: code, secret, window: WINDOW });
    if (currentStep() !== before) continue;
    return result ? before + result.delta : null;
  }
}

function currentStep(): number {
  return Math.floor(Date.now() / 1000 / TOTP.period);
}

function base32(bytes: Buffer): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += alphabet[(value << (5 - bits)) & 31];
  return output;
}
