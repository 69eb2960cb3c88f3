import type { SessionUser } from "./sessions.server";

type Member = Pick<SessionUser, "role" | "twoFactorEnabled" | "suspension">;

/**
 * The one rule for admin powers, wherever their route lives: an admin counts as one only when
 * two-factor sign-in is on (a session cannot exist without the code then, and turning it on needs
 * a code too) and they are not suspended. A stolen admin password alone opens nothing.
 */
export function actsAsAdmin(user: Member | null | undefined): boolean {
  return user?.role === "admin" && user.twoFactorEnabled && !user.suspension;
}

/** The role a module's authorization sees: "admin" only under actsAsAdmin, else a plain member. */
export function actingRole(user: Member): "admin" | "member" {
  return actsAsAdmin(user) ? "admin" : "member";
}
