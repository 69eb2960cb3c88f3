/** The account forms' limits and helpers, browser-safe; the zod schemas are in schemas.server.ts. */

export const PASSWORD_MIN_LENGTH = 10;
// argon2 accepts more, but an unbounded field is a cheap way to make the server hash megabytes.
export const PASSWORD_MAX_LENGTH = 256;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
