import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// zod is ~50 KB gzip: pages stay under the client JS budget only while it stays on the server.
// Components run in the browser, so neither they nor the plain (non-.server) modules they import
// may import zod; schemas live in `*.server.ts` files.
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

describe("the browser bundle", () => {
  it("never pulls zod in through a component or a module a component imports", () => {
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
    const components = path.join(root, "app", "components");
    for (const name of readdirSync(components)) visit(path.join(components, name));
    expect(seen.size).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });

  // Nearly every route imports app/lib/forms.ts for its browser-side text checks: a value import of
  // zod there put zod (93 KB gzip) into every page (docs/benchmarks.md, run 7).
  it("keeps zod out of app/lib/forms.ts, which nearly every page loads", () => {
    expect(importsOf(path.join(root, "app", "lib", "forms.ts"))).not.toContain("zod");
  });
});
