import { hash, verify } from "@node-rs/argon2";
import { newPasswordSchema } from "./schemas.server";

// OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1.
// https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Returns the reasons a new password is refused (empty when it is acceptable). */
export function passwordProblems(password: string): string[] {
  const parsed = newPasswordSchema.safeParse(password);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies against a throwaway hash so that "no such email" costs the same time as
 * "wrong password" and response timing does not reveal which accounts exist.
 */
export async function spendPasswordCheckTime(password: string): Promise<void> {
  dummyHash ??= hashPassword("stoop-timing-equaliser-not-a-real-password");
  await verifyPassword(await dummyHash, password);
}
