/**
 * The classic Remix compiler (the user's choice; see docs/decisions/001-classic-remix-compiler.md).
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // app/server.ts and app/server/ are the Express host, run by Node (tsx), never routes.
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
