import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// zod is ~90 KB gzip: pages stay under the 150 KB client JS budget only while it stays on the
// server. Components and route modules run in the browser (Remix strips only loader and action,
// and a schema built at a route's top level stays), so neither they nor the plain (non-.server)
// modules they import may import zod; schemas live in `*.server.ts` files (docs/benchmarks.md,
// "Client JavaScript per page"; `npm run check:client-js` measures the real build).
const root = path.resolve(__dirname, "../..");
// Type-only imports are erased by the compiler, so they don't count.
const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/^import\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gms)].map((match) => match[1]!);

function resolveApp(specifier: string): string | null {
  if (!specifier.startsWith("~/")) return null;
  const base = path.join(root, "app", specifier.slice(2));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next extension
    }
  }
  return null;
}

/** Every browser-reachable file (not .server) that has a value import of zod, walking from `entries`. */
function zodImporters(entries: string[]) {
  const offenders: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || file.includes(".server.")) return;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier === "zod") offenders.push(path.relative(root, file));
      const local = specifier.startsWith("./")
        ? resolveApp(`~/${path.relative(path.join(root, "app"), path.resolve(path.dirname(file), specifier))}`)
        : resolveApp(specifier);
      if (local) visit(local);
    }
  };
  for (const entry of entries) visit(entry);
  return { offenders, seen };
}

const filesIn = (folder: string) =>
  readdirSync(path.join(root, "app", folder)).map((name) => path.join(root, "app", folder, name));

describe("the browser bundle", () => {
  it("never pulls zod in through a component or a module a component imports", () => {
    const { offenders, seen } = zodImporters(filesIn("components"));
    expect(seen.size).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });

  // A route file is a browser module minus its loader and action: `const paramsSchema =
  // z.object(…)` at its top level put zod (93 KB gzip) into 54 pages (docs/benchmarks.md).
  it("never pulls zod in through a route file or a module a route imports", () => {
    const routes = filesIn("routes").filter((file) => !file.includes(".server."));
    const { offenders, seen } = zodImporters([path.join(root, "app", "root.tsx"), ...routes]);
    expect(routes.length).toBeGreaterThan(50);
    expect(seen.size).toBeGreaterThan(routes.length);
    expect(offenders).toEqual([]);
  });

  it("notices a value import of zod, but not a type-only one", () => {
    const { offenders } = zodImporters([path.join(root, "app", "lib", "forms.ts")]);
    expect(offenders).toEqual([]);
    expect(importsOf(path.join(root, "app", "modules", "accounts", "schemas.server.ts"))).toContain("zod");
  });

  // Nearly every route imports app/lib/forms.ts for its browser-side text checks: a value import of
  // zod there put zod (93 KB gzip) into every page (docs/benchmarks.md, run 7).
  it("keeps zod out of app/lib/forms.ts, which nearly every page loads", () => {
    expect(importsOf(path.join(root, "app", "lib", "forms.ts"))).not.toContain("zod");
  });
});
