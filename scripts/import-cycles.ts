/**
 * npm run check:cycles (or `npx tsx scripts/import-cycles.ts`): prints every pair of
 * app/modules folders that import each other, every longer cycle between them (each strongly
 * connected component of the folder graph), and every import of the app's wiring from a module,
 * and exits 1 if there is any. `npm run check:cycles -- --mermaid` prints the folder graph for
 * docs/architecture.md instead.
 *
 * The rules it checks (docs/architecture.md): no module folder reaches itself again through the
 * folders it imports (a -> b -> a, or a -> b -> c -> a); when two folders need each other, one of
 * them owns the thing they share. app/wiring (job handlers, Stripe event routing) sits above every
 * module, and the top folders in TOP_FOLDERS above all the others: no module imports them. The
 * BOTTOM_FOLDERS (the job queue) import no other module folder.
 * Type-only imports count too: they vanish from the bundle, but they still tie the folders' code
 * together. It reads the source text rather than the bundle so that it needs no build and runs in
 * a second.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modulesDir = path.join(root, "app", "modules");
const wiringDir = path.join(root, "app", "wiring");
/** Module folders that may import any other and that none may import (ADR 029). */
const TOP_FOLDERS = ["privacy"];
/** Infrastructure at the bottom: module folders that import no other module folder (ADR 029). */
const BOTTOM_FOLDERS = ["jobs"];
/** How the wiring shows up as an import target: it is not a module folder, so it gets a name of its own. */
const WIRING = "app/wiring";

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

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** The module folder a specifier points into (or WIRING), or null when it points anywhere else. */
function targetFolder(specifier: string, fromFile: string): string | null {
  let resolved: string;
  if (specifier.startsWith("~/")) resolved = path.join(root, "app", specifier.slice(2));
  else if (specifier.startsWith(".")) resolved = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  if (isInside(wiringDir, resolved)) return WIRING;
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
// Imports that break the layers (a module importing the wiring or a top folder, a bottom folder
// importing any module): each one is an error by itself, cycle or not.
const layerBreaks: { from: string; to: string; file: string }[] = [];
for (const folder of folders) {
  for (const file of sourceFiles(path.join(modulesDir, folder))) {
    for (const { folder: target, typeOnly } of importsOf(file)) {
      if (target === folder) continue;
      if (
        target === WIRING ||
        (TOP_FOLDERS.includes(target) && !TOP_FOLDERS.includes(folder)) ||
        BOTTOM_FOLDERS.includes(folder)
      )
        layerBreaks.push({ from: folder, to: target, file: path.relative(root, file) });
      if (!edges.has(target)) continue;
      const byTarget = edges.get(folder)!;
      const list = byTarget.get(target) ?? [];
      list.push({ file: path.relative(root, file), typeOnly });
      byTarget.set(target, list);
    }
  }
}

// The module folders the wiring imports (drawn above them in the Mermaid graph; the wiring may import any).
const wiringTargets = new Set(
  (existsSync(wiringDir) ? sourceFiles(wiringDir) : []).flatMap((file) =>
    importsOf(file)
      .map((edge) => edge.folder)
      .filter((folder) => edges.has(folder)),
  ),
);

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
  for (const folder of [...wiringTargets].sort()) lines.push(`  wiring["app/wiring"] --> ${folder}`);
  return lines.join("\n");
}

if (process.argv.includes("--mermaid")) {
  console.log(mermaid());
  process.exit(0);
}

/** Tarjan's algorithm: the strongly connected components of the folder graph with more than one folder. */
function stronglyConnected(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (folder: string) => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    onStack.add(folder);
    for (const next of edges.get(folder)!.keys()) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(folder, Math.min(low.get(folder)!, index.get(next)!));
    }
    if (low.get(folder) === index.get(folder)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== folder);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const folder of folders) if (!index.has(folder)) visit(folder);
  return components.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/** A shortest way from `from` back to itself inside `within` (breadth first), as a list of folders. */
function shortestCycle(from: string, within: Set<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of edges.get(current)!.keys()) {
      if (!within.has(next)) continue;
      if (next === from) {
        const path = [current];
        while (path[0] !== from) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, from];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        queue.push(next);
      }
    }
  }
  return [from];
}

const pairs: [string, string][] = [];
for (const [index, a] of folders.entries()) {
  for (const b of folders.slice(index + 1)) {
    if (edges.get(a)!.has(b) && edges.get(b)!.has(a)) pairs.push([a, b]);
  }
}
const components = stronglyConnected();

if (layerBreaks.length > 0) {
  console.log(
    `${layerBreaks.length} import${layerBreaks.length === 1 ? "" : "s"} break the layers (nothing in app/modules imports ${WIRING} or ${TOP_FOLDERS.join(", ")}; ${BOTTOM_FOLDERS.join(", ")} imports no module folder):`,
  );
  for (const edge of layerBreaks) console.log(`  ${edge.from} -> ${edge.to}: ${edge.file}`);
  process.exitCode = 1;
} else {
  console.log(
    `No module imports ${WIRING} or ${TOP_FOLDERS.join(", ")}, and ${BOTTOM_FOLDERS.join(", ")} imports no module folder.`,
  );
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

if (components.length === 0) {
  console.log(`No cycle of any length between the ${folders.length} folders in app/modules.`);
} else {
  // A pair is the smallest cycle; a component also holds the longer ones (a -> b -> c -> a) that no pair shows.
  console.log(
    `${components.length} group${components.length === 1 ? "" : "s"} of app/modules folders reach each other through their imports (strongly connected components):`,
  );
  for (const component of components) {
    const members = new Set(component);
    console.log(`  ${component.join(", ")} (${component.length} folders)`);
    const cycles = component
      .map((folder) => shortestCycle(folder, members))
      .filter((cycle) => cycle.length > 3)
      .map((cycle) => cycle.join(" -> "));
    for (const cycle of [...new Set(cycles)].slice(0, 3)) console.log(`    e.g. ${cycle}`);
    // The one-way imports inside the group: the pairs above already name the two-way ones.
    for (const a of component)
      for (const b of edges.get(a)!.keys())
        if (members.has(b) && !edges.get(b)!.has(a)) console.log(describe(a, b).replace("    ", "    one way: "));
  }
  process.exitCode = 1;
}
