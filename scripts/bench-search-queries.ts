/**
 * Each benchmarked search is a rotation of realistic queries (different words, places, filters
 * and a second page), so the short-lived search caches (app/modules/listings/search-cache.server.ts)
 * see a mix rather than one repeated URL. The first query of each is the one EXPLAINed and the one
 * the ceiling route copies.
 */
export const SEARCHES: Record<string, string[]> = {
  "search (keyword + category + 50 km)": [
    "q=bike&category=bikes-sports&near=97214&radius=50",
    "q=drill&category=power-tools&near=60601&radius=50",
    "q=lamp&category=decor&near=10001&radius=50",
    "q=chair&category=sofas-chairs&near=94103&radius=50",
    "q=guitar&category=guitars&near=78701&radius=50",
    "q=stroller&category=strollers&near=80202&radius=50",
    "q=bike&category=bikes-sports&near=98101&radius=25&sort=newest",
    "q=drill&category=power-tools&near=30303&radius=50&condition=good",
  ],
  "search (common word, ~5%)": [
    "q=vintage",
    "q=classic",
    "q=solid",
    "q=elegant",
    "q=vintage&condition=good",
    "q=classic&category=furniture",
    "q=vintage&sort=newest",
    "q=cozy",
  ],
};

/** The same query with a word excluded that no listing has and no cache has seen: an uncached search. */
export const uncachedVariant = (query: string, counter: number) =>
  query.replace(/((?:^|[?&])q=[^&]*)/, `$1+-zqx${counter.toString(36)}`);
