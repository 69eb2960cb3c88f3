import fs from "node:fs/promises";
import path from "node:path";
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListingView, type ListingPageData } from "./listings.$id";
import { SearchView, type SearchData } from "./search";

/**
 * The search benchmark's "framework ceiling" (npm run bench:search): renders the search or listing
 * page's own components from a constant loader payload that the benchmark captured into
 * DATA_DIR/bench/<page>.json, with no database. Without that file (any normal deployment) it is a 404.
 */
const cache = new Map<string, unknown>();

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = params.page;
  if (page !== "search" && page !== "listing") throw new Response("Not found", { status: 404 });
  let payload = cache.get(page);
  if (!payload) {
    try {
      payload = JSON.parse(await fs.readFile(path.join(context.config.dataDir, "bench", `${page}.json`), "utf8"));
    } catch {
      throw new Response("Not found", { status: 404 });
    }
    cache.set(page, payload);
  }
  return json({ page, payload });
}

export default function BenchCeiling() {
  const { page, payload } = useLoaderData<typeof loader>();
  return page === "search" ? (
    <SearchView data={payload as SearchData} />
  ) : (
    <ListingView data={payload as ListingPageData} />
  );
}
