import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";

export const meta: MetaFunction = () => [{ title: "Search · Stoop" }];

const searchParamsSchema = z.object({ q: z.string().trim().max(200).catch("") });

// The listings issue adds the catalogue; until then there is honestly nothing to find.
export async function loader({ request }: LoaderFunctionArgs) {
  const { q } = searchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({ q, results: [] as { id: string; title: string }[] });
}

export default function Search() {
  const { q, results } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{q ? `Results for “${q}”` : "Search listings"}</h1>
      <Form method="get" role="search" className="search-page-form">
        <label htmlFor="search-page-q">Search listings</label>
        <input id="search-page-q" type="search" name="q" defaultValue={q} />
        <button type="submit">Search</button>
      </Form>
      {results.length === 0 ? <p>No listings match yet. Listings arrive with the next release of Stoop.</p> : null}
    </section>
  );
}
