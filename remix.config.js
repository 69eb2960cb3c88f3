/**
 * The classic Remix compiler (the user's choice; see docs/decisions/001-classic-remix-compiler.md).
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // app/server.ts and app/worker.ts are the command lines (run by tsx), never routes; they load this
  // build, which carries app/server/ (the Express host) through entry.server.tsx's `host` export.
  future: {
    v3_fetcherPersist: true,
    v3_lazyRouteDiscovery: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // v3_singleFetch changes every loader's return type; adopt it together with the move to
    // React Router 7 (docs/decisions/001-classic-remix-compiler.md).
    v3_singleFetch: false,
  },
};
