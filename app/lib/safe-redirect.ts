const DEFAULT_REDIRECT = "/";

// RFC 3986 path, query and fragment characters, ASCII only: anything else (a tab, a backslash,
// "。" which some browsers read as ".", a non-ASCII character the Location header can't carry) is
// not a link Stoop made, so it is not worth the risk of guessing what a browser would do with it.
const PATH_SHAPE = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/;
const DUMMY_ORIGIN = "http://stoop.invalid";

/**
 * Only same-site paths may be redirect targets, so `?redirectTo=https://evil.example` or
 * `//evil.example` can never bounce a member off Stoop after signing in.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = DEFAULT_REDIRECT): string {
  if (!to || typeof to !== "string" || to.length > 2000) return fallback;
  if (!PATH_SHAPE.test(to) || to.startsWith("//")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback; // a broken %-escape
  }
  // Some servers and proxies decode before routing: "/%2F%2Fevil" must not become "//evil".
  // eslint-disable-next-line no-control-regex -- control characters in a URL are an attack, never a path
  if (decoded.startsWith("//") || decoded.startsWith("/\\") || /[\u0000-\u001f\u007f\\]/.test(decoded)) {
    return fallback;
  }
  try {
    if (new URL(to, DUMMY_ORIGIN).origin !== DUMMY_ORIGIN) return fallback;
  } catch {
    return fallback;
  }
  return to;
}
