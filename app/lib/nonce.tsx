import { createContext, useContext, type ReactNode } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered. The server sets it from the
 * load context; in the browser it is empty, which is fine: browsers hide a nonce attribute from
 * the DOM once the page has loaded, and scripts added after hydration come from /build.
 */
const NonceContext = createContext("");

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
