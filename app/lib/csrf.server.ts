const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfCheckInput {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  /** The origins this server answers on (PUBLIC_URL's, and the Host it was reached by). */
  allowedOrigins: string[];
}

/**
 * State-changing requests must come from our own pages: the browser's Origin header must be one
 * of ours, or (when a privacy setting strips Origin) Sec-Fetch-Site must say same-origin.
 * A request carrying neither is refused: every browser we support sends at least one.
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
 */
export function isAllowedRequest(input: CsrfCheckInput): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  if (input.origin && input.origin !== "null") {
    return input.allowedOrigins.includes(input.origin.toLowerCase());
  }
  return input.secFetchSite === "same-origin";
}

export function originOf(url: string): string | null {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return null;
  }
}
