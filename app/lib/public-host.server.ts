/**
 * Stoop answers on one host name, PUBLIC_URL's: the session cookie belongs to it, Stripe sends
 * members back to it, and Remix compares a form's Origin with the Host it was addressed to.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths reached by machines on a loopback or internal address, never by a member's browser. */
const ANY_HOST_PATHS = [/^\/healthz\/?$/, /^\/v1\//, /^\/stripe-stand-in\/_stand-in\//, /^\/webhooks\//];

/** A Host header as URL would write it (lower case, default port dropped), or null if it is not one. */
export function normalisedHost(hostHeader: string | undefined, protocol: string): string | null {
  if (!hostHeader) return null;
  try {
    // URL lower-cases the name and drops a default port ("example.com:443" on https is example.com).
    return new URL(`${protocol}//${hostHeader}`).host;
  } catch {
    return null;
  }
}

export interface HostRedirectInput {
  method: string;
  /** The path and query as received (Express's `req.originalUrl`). */
  target: string;
  hostHeader: string | undefined;
  publicUrl: string;
  trustProxy: number;
}

/**
 * A page opened under another name for this server (`127.0.0.1` while PUBLIC_URL says
 * `localhost`) would get a cookie for that name and lose it on the way back from checkout, so
 * GETs are sent to PUBLIC_URL instead. Behind a proxy (TRUST_PROXY above 0) the proxy owns the
 * public name: Stoop redirecting there would loop whenever the proxy does not forward Host.
 */
export function publicHostRedirect(input: HostRedirectInput): string | null {
  if (input.trustProxy > 0) return null;
  if (input.method !== "GET" && input.method !== "HEAD") return null;
  const path = input.target.split("?")[0]!;
  if (ANY_HOST_PATHS.some((pattern) => pattern.test(path))) return null;
  const publicUrl = new URL(input.publicUrl);
  if (normalisedHost(input.hostHeader, publicUrl.protocol) === publicUrl.host.toLowerCase()) return null;
  return `${publicUrl.origin}${input.target.startsWith("/") ? input.target : `/${input.target}`}`;
}

export interface HostAgreementInput {
  method: string;
  origin: string | undefined;
  hostHeader: string | undefined;
  /** X-Forwarded-Host, only when the proxy is trusted (the caller drops it otherwise). */
  forwardedHost: string | undefined;
  trustProxy: number;
}

export type HostAgreement =
  { kind: "agrees" } | { kind: "use-host"; host: string } | { kind: "refuse"; message: string };

export const PROXY_HOST_MESSAGE =
  "Stoop received this form under a different host name than the page it came from. " +
  "If Stoop runs behind a proxy, have the proxy forward the Host header (nginx: proxy_set_header Host $host) " +
  "and set TRUST_PROXY to the number of proxies in front of Stoop.";

/**
 * Remix refuses an action whose Origin's host differs from X-Forwarded-Host (or, without it, Host)
 * by throwing, which is a 500 (`throwIfPotentialCSRFAttack` in @remix-run/server-runtime). Stoop's
 * own CSRF check has already accepted the Origin (PUBLIC_URL's, or the Host's) when this runs, so
 * the two are made to agree here: through a trusted proxy the request is addressed to the origin
 * it came from; with no trusted proxy a mismatch means an unconfigured proxy, refused with a
 * message naming the settings.
 */
export function hostAgreement(input: HostAgreementInput): HostAgreement {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { kind: "agrees" };
  if (!input.origin || input.origin === "null") return { kind: "agrees" };
  let originHost: string;
  try {
    originHost = new URL(input.origin).host;
  } catch {
    return { kind: "refuse", message: PROXY_HOST_MESSAGE };
  }
  const seen = input.forwardedHost?.split(",")[0]?.trim() || input.hostHeader;
  if (seen === originHost) return { kind: "agrees" };
  if (input.trustProxy > 0 || seen?.toLowerCase() === originHost) return { kind: "use-host", host: originHost };
  return { kind: "refuse", message: PROXY_HOST_MESSAGE };
}
