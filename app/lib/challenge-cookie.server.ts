import type { AppLoadContext } from "@remix-run/node";
import { CHALLENGE_LIFETIME_SECONDS } from "~/modules/accounts/login-challenges.server";

/** The cookie that carries a two-factor sign-in challenge between the password and the code. */
const NAME = "stoop_2fa";

function attributes(context: AppLoadContext, maxAge: number): string {
  const secure = context.config.sessionCookie.secure ? "; Secure" : "";
  return `Path=/login; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function challengeCookie(context: AppLoadContext, token: string): string {
  return `${NAME}=${token}; ${attributes(context, CHALLENGE_LIFETIME_SECONDS)}`;
}

export function blankChallengeCookie(context: AppLoadContext): string {
  return `${NAME}=; ${attributes(context, 0)}`;
}

export function readChallengeCookie(request: Request): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === NAME) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}
