/**
 * npm run check:client-js [-- --build-dir public/build] [-- --write]
 *
 * After `npm run build`: the gzipped client JavaScript each page loads (the entry, then root and
 * every route down to the page's own module, each with the shared chunks it imports: what the
 * page's <script>/<link rel="modulepreload"> tags name, read from the build's manifest instead of a
 * running server). Prints the named pages, then fails (exit 1) when any route is over the budget
 * docs/benchmarks.md states (150 KB, issue #17). `npm test` runs it after the E2E phase's build;
 * the logic is in client-js-budget.ts (unit-tested). --write also puts the table into
 * docs/benchmarks.md, between the client-js markers.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import prettier from "prettier";
import { budgetFromDocs, filesOf, overBudget, parseManifest, routeSizes } from "./client-js-budget";

const BUDGET_BYTES = budgetFromDocs(readFileSync(path.resolve("docs/benchmarks.md"), "utf8"));

/** The pages the budget is about, by their route module (docs/benchmarks.md). */
const PAGES: Array<[string, string]> = [
  ["home", "routes/_index"],
  ["search", "routes/search"],
  ["listing", "routes/listings.$id"],
  ["buy", "routes/listings.$id_.buy"],
  ["sell (new listing)", "routes/listings.new"],
  ["order", "routes/orders.$id"],
  ["wanted request", "routes/wanted.$id"],
  ["feed", "routes/feed"],
  ["shop", "routes/retailers.$slug"],
  ["settings", "routes/settings"],
  ["sign in", "routes/login"],
];

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index > -1 ? process.argv[index + 1] : undefined;
};
const buildDir = path.resolve(argument("--build-dir") ?? "public/build");
const manifestFile = readdirSync(buildDir).find((name) => /^manifest-.*\.js$/.test(name));
if (!manifestFile) throw new Error(`No manifest in ${buildDir}: run npm run build first`);
const manifest = parseManifest(readFileSync(path.join(buildDir, manifestFile), "utf8"));

const gzipCache = new Map<string, number>();
/** A /build/… URL's gzipped size. */
function gzipBytes(url: string): number {
  let size = gzipCache.get(url);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(buildDir, url.replace(/^\/build\//, "")))).length;
    gzipCache.set(url, size);
  }
  return size;
}

const pageBytes = (routeId: string) =>
  [...filesOf(manifest, routeId)].reduce((total, file) => total + gzipBytes(file), 0);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

const rows = PAGES.map(([name, routeId]) => {
  if (!manifest.routes[routeId]) throw new Error(`No route ${routeId} in the manifest`);
  return { name, routeId, bytes: pageBytes(routeId) };
});
const table = [
  "| page | route module | client JS (gzip) |",
  "| ---- | ------------ | ---------------- |",
  ...rows.map((row) => `| ${row.name} | \`${row.routeId}\` | ${kb(row.bytes)} KB |`),
].join("\n");
console.log(table);

const over = overBudget(manifest, gzipBytes, BUDGET_BYTES);
const largest = routeSizes(manifest, gzipBytes)[0];
console.log(
  `\nLargest of ${Object.keys(manifest.routes).length} routes: ${largest?.routeId} at ${kb(largest?.bytes ?? 0)} KB.`,
);

if (process.argv.includes("--write")) {
  const file = path.resolve("docs/benchmarks.md");
  const doc = readFileSync(file, "utf8");
  const start = "<!-- client-js:start -->";
  const end = "<!-- client-js:end -->";
  if (!doc.includes(start) || !doc.includes(end)) throw new Error(`docs/benchmarks.md needs ${start} … ${end}`);
  const generated = `${start}\n\n${table}\n\nLargest of ${Object.keys(manifest.routes).length} routes: \`${largest?.routeId}\` at ${kb(largest?.bytes ?? 0)} KB (budget ${BUDGET_BYTES / 1024} KB).\n${end}`;
  const updated = doc.slice(0, doc.indexOf(start)) + generated + doc.slice(doc.indexOf(end) + end.length);
  // Formatted as `npm run lint` expects, so a --write leaves nothing for prettier to change.
  writeFileSync(file, await prettier.format(updated, { ...(await prettier.resolveConfig(file)), filepath: file }));
  console.log("Written into docs/benchmarks.md.");
}

if (over.length > 0) {
  console.error(
    `\nOver the ${BUDGET_BYTES / 1024} KB budget:\n${over.map((route) => `  ${route.routeId}: ${kb(route.bytes)} KB`).join("\n")}`,
  );
  process.exit(1);
}
