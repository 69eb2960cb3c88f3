import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";

/** Where forms may send the browser, redirects after a POST included (Chromium applies form-action to them). */
const STRIPE_HOSTED_PAGES = ["https://checkout.stripe.com", "https://connect.stripe.com"];

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Scripts run only from our own origin or with this response's nonce (Remix's inline hydration
 * and scroll-restoration scripts carry it), never as injected inline code. Styles allow inline
 * attributes and elements: two pages use `style={...}`, the dev mailbox shows email HTML (inline
 * styles) in a srcdoc frame, which inherits this policy, and the Stripe stand-in's pages have a
 * <style> block. Images: our files, `data:` (two-factor QR codes) and `blob:` (photo previews).
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${STRIPE_HOSTED_PAGES.join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Set on every answer, static files and refusals included. */
export function setSecurityHeaders(res: ServerResponse, nonce: string): void {
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  // For browsers that predate frame-ancestors.
  res.setHeader("X-Frame-Options", "DENY");
}
