/**
 * The client JavaScript budget per page (docs/benchmarks.md "Client JavaScript per page"), as
 * plain functions over a Remix build manifest, so tests/unit/client-js-budget.test.ts can prove the
 * check fails where it should; scripts/check-client-js.ts runs it on the real build (`npm test`
 * runs that right after the E2E phase's build).
 */

export interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
}
export interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

/** The manifest inside the build's `manifest-*.js` (`window.__remixManifest={…};`). */
export function parseManifest(source: string): Manifest {
  return JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as Manifest;
}

/**
 * The budget in bytes, read from where docs/benchmarks.md states it ("… over the 150 KB budget" in
 * the "Client JavaScript per page" section), so the check and the page can't disagree.
 */
export function budgetFromDocs(benchmarksMarkdown: string): number {
  const section = benchmarksMarkdown.split(/^## /m).find((part) => part.startsWith("Client JavaScript per page"));
  const stated = section?.match(/over\s+the\s+(\d+)\s+KB\s+budget/);
  if (!stated) throw new Error('docs/benchmarks.md "Client JavaScript per page" states no "over the N KB budget"');
  return Number(stated[1]) * 1024;
}

/** Every JS file a page of this route loads (entry, root … the route, with their imports), each once. */
export function filesOf(manifest: Manifest, routeId: string): Set<string> {
  const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
  const chain: ManifestRoute[] = [];
  for (
    let route = manifest.routes[routeId];
    route;
    route = route.parentId ? manifest.routes[route.parentId] : undefined
  )
    chain.unshift(route);
  for (const route of chain) for (const file of [route.module, ...(route.imports ?? [])]) files.add(file);
  return files;
}

/** Every route with the gzipped bytes its page loads, largest first. */
export function routeSizes(manifest: Manifest, gzipBytes: (url: string) => number) {
  return Object.values(manifest.routes)
    .map((route) => ({
      routeId: route.id,
      bytes: [...filesOf(manifest, route.id)].reduce((total, file) => total + gzipBytes(file), 0),
    }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** The routes whose pages load more than `budgetBytes`, largest first. */
export function overBudget(manifest: Manifest, gzipBytes: (url: string) => number, budgetBytes: number) {
  return routeSizes(manifest, gzipBytes).filter((route) => route.bytes > budgetBytes);
}
