const DEFAULT_REDIRECT = "/";

/**
 * Only same-site paths may be redirect targets, so `?redirectTo=https://evil.example` or
 * `//evil.example` can never bounce a member off Stoop after signing in.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = DEFAULT_REDIRECT): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters in a URL are an attack, never a path
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}
