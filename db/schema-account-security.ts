import type { ColumnType } from "kysely";

/** Tables of email verification, password reset and two-factor sign-in (migration 0004). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type AccountTokenPurpose = "verify_email" | "reset_password";

export interface AccountTokensTable {
  id: string;
  userId: string;
  purpose: AccountTokenPurpose;
  /** SHA-256 of the token in the emailed link; the token itself is never stored. */
  tokenHash: string;
  newEmail: string | null;
  expiresAt: Timestamp;
  usedAt: Date | null;
  createdAt: CreatedAt;
}

export interface UserTotpTable {
  userId: string;
  /** Base32 secret. Never sent to the browser again after setup. */
  secret: string;
  enabledAt: Date | null;
  /** bigint: arrives as a number (db/index.ts parses int8). */
  lastUsedStep: number | null;
  createdAt: CreatedAt;
}

export interface RecoveryCodesTable {
  id: string;
  userId: string;
  codeHash: string;
  usedAt: Date | null;
  createdAt: CreatedAt;
}

export interface LoginChallengesTable {
  /** SHA-256 of the token in the challenge cookie. */
  id: string;
  userId: string;
  redirectTo: string;
  attempts: ColumnType<number, number | undefined, number>;
  expiresAt: Timestamp;
  createdAt: CreatedAt;
}

export interface AccountSecurityTables {
  accountTokens: AccountTokensTable;
  userTotp: UserTotpTable;
  recoveryCodes: RecoveryCodesTable;
  loginChallenges: LoginChallengesTable;
}
