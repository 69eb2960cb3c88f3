/**
 * npm run check:cycles (or `npx tsx scripts/import-cycles.ts`): prints every pair of
 * app/modules folders that import each other, and exits 1 if there is any.
 * `npm run check:cycles -- --mermaid` prints the folder graph for docs/architecture.md instead.
 *
 * The rule it checks (docs/architecture.md): no module folder imports one that imports it back;
 * when two folders need each other, one of them owns the thing they share. Type-only imports
 * count too: they vanish from the bundle, but they still tie the two folders' code together.
 * It reads the source text rather than the bundle so that it needs no build and runs in a second.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modulesDir = path.join(root, "app", "modules");

type Edge = { file: string; typeOnly: boolean };

// `import … from "x"`, `import type … from "x"`, `export … from "x"`, `import "x"` and `import("x")`.
const STATIC_IMPORT = /\b(import|export)\s+(type\s+)?(?:[^"'`;]*?\s+from\s+)?["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** The module folder a specifier points into, or null when it points anywhere else. */
function targetFolder(specifier: string, fromFile: string): string | null {
  let resolved: string;
  if (specifier.startsWith("~/")) resolved = path.join(root, "app", specifier.slice(2));
  else if (specifier.startsWith(".")) resolved = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  const relative = path.relative(modulesDir, resolved);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return null;
  return relative.split(path.sep)[0] ?? null;
}

function importsOf(file: string): { folder: string; typeOnly: boolean }[] {
  const text = readFileSync(file, "utf8");
  const found: { folder: string; typeOnly: boolean }[] = [];
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const folder = targetFolder(match[3] ?? "", file);
    if (folder) found.push({ folder, typeOnly: Boolean(match[2]) });
  }
  for (const match of text.matchAll(DYNAMIC_IMPORT)) {
    const folder = targetFolder(match[1] ?? "", file);
    if (folder) found.push({ folder, typeOnly: false });
  }
  return found;
}

const folders = readdirSync(modulesDir)
  .filter((name) => statSync(path.join(modulesDir, name)).isDirectory())
  .sort();

// edges.get(a).get(b): the files in folder a that import folder b.
const edges = new Map<string, Map<string, Edge[]>>(folders.map((folder) => [folder, new Map()]));
for (const folder of folders) {
  for (const file of sourceFiles(path.join(modulesDir, folder))) {
    for (const { folder: target, typeOnly } of importsOf(file)) {
      if (target === folder || !edges.has(target)) continue;
      const byTarget = edges.get(folder)!;
      const list = byTarget.get(target) ?? [];
      list.push({ file: path.relative(root, file), typeOnly });
      byTarget.set(target, list);
    }
  }
}

function describe(from: string, to: string): string {
  const list = edges.get(from)!.get(to)!;
  const files = [...new Set(list.map((edge) => edge.file))];
  const typeOnly = list.every((edge) => edge.typeOnly) ? ", type-only" : "";
  const shown = files.slice(0, 3).join(", ") + (files.length > 3 ? `, and ${files.length - 3} more` : "");
  return `    ${from} -> ${to} (${files.length} file${files.length === 1 ? "" : "s"}${typeOnly}): ${shown}`;
}

function mermaid(): string {
  const lines = ["flowchart LR"];
  for (const [index, a] of folders.entries()) {
    for (const b of folders.slice(index + 1)) {
      const there = edges.get(a)!.has(b);
      const back = edges.get(b)!.has(a);
      if (there && back) lines.push(`  ${a} <--> ${b}`);
      else if (there) lines.push(`  ${a} --> ${b}`);
      else if (back) lines.push(`  ${b} --> ${a}`);
    }
  }
  return lines.join("\n");
}

if (process.argv.includes("--mermaid")) {
  console.log(mermaid());
  process.exit(0);
}

const pairs: [string, string][] = [];
for (const [index, a] of folders.entries()) {
  for (const b of folders.slice(index + 1)) {
    if (edges.get(a)!.has(b) && edges.get(b)!.has(a)) pairs.push([a, b]);
  }
}

if (pairs.length === 0) {
  console.log(`No two of the ${folders.length} folders in app/modules import each other.`);
} else {
  console.log(`${pairs.length} pair${pairs.length === 1 ? "" : "s"} of app/modules folders import each other:`);
  for (const [a, b] of pairs) {
    console.log(`  ${a} <-> ${b}`);
    console.log(describe(a, b));
    console.log(describe(b, a));
  }
  process.exitCode = 1;
}
