import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { budgetFromDocs, filesOf, overBudget, parseManifest, type Manifest } from "../../scripts/client-js-budget";

// The check `npm test` runs on the real build (scripts/check-client-js.ts after the E2E phase's
// `npm run build`) is these functions; here they run on a made-up manifest so each can fail.

const KB = 1024;
const manifest: Manifest = {
  entry: { module: "/build/entry.js", imports: ["/build/react.js"] },
  routes: {
    root: { id: "root", module: "/build/root.js", imports: ["/build/react.js"] },
    "routes/light": { id: "routes/light", parentId: "root", module: "/build/light.js" },
    "routes/heavy": { id: "routes/heavy", parentId: "root", module: "/build/heavy.js", imports: ["/build/zod.js"] },
  },
};
const sizes: Record<string, number> = {
  "/build/entry.js": 10 * KB,
  "/build/react.js": 40 * KB,
  "/build/root.js": 20 * KB,
  "/build/light.js": 5 * KB,
  "/build/heavy.js": 5 * KB,
  "/build/zod.js": 90 * KB,
};
const gzipBytes = (url: string) => sizes[url]!;

describe("the client JavaScript budget per page", () => {
  it("counts the entry, root and the route with their imports, a shared chunk once", () => {
    expect([...filesOf(manifest, "routes/heavy")].sort()).toEqual(
      ["/build/entry.js", "/build/heavy.js", "/build/react.js", "/build/root.js", "/build/zod.js"].sort(),
    );
  });

  it("names the pages over the budget and only those", () => {
    // root alone: 10 + 40 + 20 = 70 KB; light: 70 + 5 = 75 KB; heavy: 75 + 90 = 165 KB.
    expect(overBudget(manifest, gzipBytes, 150 * KB)).toEqual([{ routeId: "routes/heavy", bytes: 165 * KB }]);
    expect(overBudget(manifest, gzipBytes, 165 * KB)).toEqual([]);
    expect(overBudget(manifest, gzipBytes, 60 * KB).map((route) => route.routeId)).toEqual([
      "routes/heavy",
      "routes/light",
      "root",
    ]);
  });

  it("reads the manifest out of the build's manifest-*.js", () => {
    const source = `window.__remixManifest=${JSON.stringify(manifest)};`;
    expect(parseManifest(source)).toEqual(manifest);
  });

  it("takes the budget from docs/benchmarks.md, and refuses a page that states none", () => {
    expect(budgetFromDocs(readFileSync("docs/benchmarks.md", "utf8"))).toBe(150 * KB);
    expect(budgetFromDocs("## Client JavaScript per page\n\nexits 1 when a route is over the 90 KB budget")).toBe(
      90 * KB,
    );
    expect(() =>
      budgetFromDocs("## Client JavaScript per page\n\nNo figure here.\n## Next\nover the 9 KB budget"),
    ).toThrow(/states no/);
  });
});
