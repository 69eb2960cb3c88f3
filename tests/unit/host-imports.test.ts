import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The host processes take the app from build/index.js only: a module they import at run time would
// be a second copy beside the bundle's, with its own state (docs/architecture.md, "One copy of the app").
const root = path.resolve(__dirname, "../..");
const HOSTS = ["app/server.ts", "app/worker.ts"];
// Type-only imports are erased; `await import(…)` (the demo seed) is not a static import.
const importsOf = (file: string) =>
  [...readFileSync(path.join(root, file), "utf8").matchAll(/^import\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gms)].map(
    (match) => match[1]!,
  );

function runtimeImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return importsOf(file).flatMap((specifier) => {
    if (!specifier.startsWith(".")) return [`${file} -> ${specifier}`];
    const local = path.relative(root, path.resolve(path.dirname(path.join(root, file)), `${specifier}.ts`));
    return runtimeImports(local, seen);
  });
}

describe("the host command lines", () => {
  it("import nothing at run time but Node built-ins (the app comes from the built bundle)", () => {
    const imports = HOSTS.flatMap((file) => runtimeImports(file));
    expect(imports.filter((line) => !/ -> node:/.test(line))).toEqual([]);
    // The walk did reach the loader of the build.
    expect(imports.some((line) => line.startsWith("app/server/built-host.ts"))).toBe(true);
  });
});
