import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ListingGrid } from "~/components/listing-card";
import { Choice, EmptyState } from "~/components/ui";
import { currentUser } from "~/lib/auth.server";
import { InvalidInput } from "~/lib/errors";
import { categoryTree } from "~/modules/listings/categories.server";
import { favoritedAmong } from "~/modules/listings/favorites.server";
import { CONDITION_LABELS, SORTS, SORT_LABELS } from "~/modules/listings/labels";
import {
  CategoryFilter,
  FilterErrorText,
  FilterForm,
  KeywordsFilter,
  NearFilter,
  SortFilter,
  invalidProps,
} from "~/components/search-filters";
import {
  queryOf,
  rawSearchParams,
  searchFieldErrors,
  searchParamsSchema,
  toSearchString,
} from "~/modules/listings/route-schemas.server";
import { resolveSearch, searchWithFacets, type Facets, type ListingCard } from "~/modules/listings/search.server";
import { CONDITIONS } from "~db/schema-listings";
import { unstorableFields } from "~/lib/forms";
import { recordSearch, visitorOf } from "~/modules/insights/search-events.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.values.q ? `“${data.values.q}” · Search · Stoop` : "Search · Stoop" },
];

// Shared between identical searches (app/modules/listings/search-cache.server.ts): counts may lag
// new listings by about FACET_CACHE_SECONDS; a results page is dropped as soon as a listing changes
// in this process, and after RESULTS_CACHE_SECONDS at most.
const FACET_CACHE_SECONDS = 60;
const RESULTS_CACHE_SECONDS = 30;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const raw = rawSearchParams(url.searchParams);
  const values = {
    q: String(raw.q ?? ""),
    category: String(raw.category ?? ""),
    minPrice: String(raw.minPrice ?? ""),
    maxPrice: String(raw.maxPrice ?? ""),
    condition: (raw.condition as string[] | undefined) ?? [],
    near: String(raw.near ?? ""),
    radius: String(raw.radius ?? "25"),
    shipping: Boolean(raw.shipping),
    free: Boolean(raw.free),
    inspected: Boolean(raw.inspected),
    sort: String(raw.sort ?? ""),
  };
  const user = currentUser(context);
  const tree = await categoryTree(context.db);
  const categories = tree.roots.map(({ id, name, children }) => ({ id, name, children }));
  const empty = {
    results: [] as ListingCard[],
    nextCursor: null as string | null,
    facets: null as Facets | null,
    saved: [] as string[],
  };

  // Bad input re-renders the form with its errors and no results (400), whichever step found it.
  const invalid = (fieldErrors: Record<string, string[] | undefined>) =>
    json({ values, categories, fieldErrors, ...empty, signedIn: Boolean(user), query: "", sort: "newest" }, 400);

  const unstorable = unstorableFields(url.searchParams);
  if (Object.keys(unstorable).length) return invalid(unstorable);
  const parsed = searchParamsSchema.safeParse(raw);
  if (!parsed.success) return invalid(searchFieldErrors(parsed.error));
  let resolved;
  let page;
  let facets;
  try {
    resolved = await resolveSearch(context.db, parsed.data);
    ({ page, facets } = await searchWithFacets(context.db, resolved, {
      resultsCacheSeconds: RESULTS_CACHE_SECONDS,
      facetCacheSeconds: FACET_CACHE_SECONDS,
    }));
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    return invalid(error.fieldErrors);
  }
  // Shop insights (ADR 047): one insert for a first page, not awaited, so the page never waits for it.
  if (!parsed.data.cursor)
    recordSearch(context.db, {
      term: parsed.data.q,
      categoryId: parsed.data.category || null,
      point: resolved.center,
      resultCount: page.results.length,
      memberId: user?.id ?? null,
      visitor: user ? null : visitorOf(context.clientIp, request),
    }).catch((error: unknown) => context.logger.warn({ err: error }, "search event not recorded"));
  const saved = await favoritedAmong(
    context.db,
    user?.id ?? null,
    page.results.map((card) => card.id),
  );
  const query = toSearchString(queryOf(parsed.data));
  return json({
    values,
    categories,
    fieldErrors: {} as Record<string, string[] | undefined>,
    results: page.results,
    nextCursor: page.nextCursor,
    facets,
    saved: [...saved],
    signedIn: Boolean(user),
    query,
    sort: resolved.sort,
    firstPage: !parsed.data.cursor,
  });
}

export type SearchData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Search() {
  return <SearchView data={useLoaderData<typeof loader>()} />;
}

/** The page itself, apart from its loader, so the benchmark's ceiling route renders the same markup. */
export function SearchView({ data }: { data: SearchData }) {
  const navigation = useNavigation();
  const { values, fieldErrors: errors, facets } = data;
  const withQuery = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(data.query);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    return `/search?${params}`;
  };
  // Past FACET_EXACT_LIMIT matches the counts were taken over a sample: no numbers then (ADR 046).
  const count = (id: string) => (facets?.capped ? undefined : facets?.conditions.find((c) => c.id === id)?.count);
  const nearSuffix = values.near && !errors.near ? `?near=${encodeURIComponent(values.near)}` : "";

  return (
    <div className="search-page">
      <h1 id="search-title">{values.q ? `Results for “${values.q}”` : "Search listings"}</h1>
      <FilterForm labelledBy="search-title">
        <KeywordsFilter
          id="search-page-q"
          value={values.q}
          errors={errors}
          hint={
            <>
              Use quotes for a phrase and a minus to exclude: <code>blue bike -kids</code>
            </>
          }
        />
        <CategoryFilter id="search-category" value={values.category} categories={data.categories} errors={errors} />
        <div className="field-row">
          <div className="field">
            <label htmlFor="search-min">Min price</label>
            <input
              id="search-min"
              name="minPrice"
              inputMode="decimal"
              defaultValue={values.minPrice}
              {...invalidProps(errors, "minPrice")}
            />
            <FilterErrorText name="minPrice" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="search-max">Max price</label>
            <input
              id="search-max"
              name="maxPrice"
              inputMode="decimal"
              defaultValue={values.maxPrice}
              {...invalidProps(errors, "maxPrice")}
            />
            <FilterErrorText name="maxPrice" errors={errors} />
          </div>
        </div>
        <fieldset className="field choices">
          <legend>Condition</legend>
          {CONDITIONS.map((condition) => (
            <Choice
              key={condition}
              type="checkbox"
              name="condition"
              value={condition}
              defaultChecked={values.condition.includes(condition)}
              label={
                <>
                  {CONDITION_LABELS[condition]}
                  {count(condition) !== undefined ? (
                    <>
                      {" "}
                      <span className="muted choice__count">({count(condition)})</span>
                    </>
                  ) : null}
                </>
              }
            />
          ))}
          <FilterErrorText name="condition" errors={errors} />
        </fieldset>
        <NearFilter idPrefix="search" near={values.near} radius={values.radius} errors={errors} />
        <fieldset className="field choices">
          <legend>Delivery and price</legend>
          <Choice
            type="checkbox"
            name="shipping"
            value="1"
            defaultChecked={values.shipping}
            label="Shipping available"
          />
          <Choice type="checkbox" name="free" value="1" defaultChecked={values.free} label="Free only" />
          <Choice
            type="checkbox"
            name="inspected"
            value="1"
            defaultChecked={values.inspected}
            label="Inspected by a shop"
          />
        </fieldset>
        <SortFilter
          id="search-sort"
          value={values.sort || data.sort}
          options={SORTS.map((sort) => ({ value: sort, label: SORT_LABELS[sort] }))}
          errors={errors}
        />
      </FilterForm>

      <section className="search-results" aria-labelledby="results-title" aria-busy={navigation.state === "loading"}>
        <h2 id="results-title" className="visually-hidden">
          Results
        </h2>
        {facets?.capped ? (
          <p className="muted" role="status">
            1,000+ matches: narrow the search to see counts.
          </p>
        ) : null}
        {facets ? <CategoryFacets facets={facets} current={values.category} link={withQuery} /> : null}
        {data.signedIn && data.query ? (
          <Form method="post" action="/saved-searches" className="alert-form">
            <input type="hidden" name="query" value={data.query} />
            <button type="submit" name="intent" value="create" className="button--secondary">
              Alert me about new matches
            </button>
          </Form>
        ) : null}
        {Object.keys(errors).length ? (
          <p role="alert" className="form-error">
            Please fix the search above.
          </p>
        ) : data.results.length === 0 ? (
          <EmptyState status title="No listings match.">
            Try fewer words or a wider distance.
          </EmptyState>
        ) : (
          <ListingGrid
            cards={data.results}
            saved={data.saved}
            showHearts={data.signedIn}
            label="Search results"
            linkSuffix={nearSuffix}
          />
        )}
        <nav aria-label="Pages" className="pager">
          {"firstPage" in data && !data.firstPage ? <Link to={withQuery({ cursor: null })}>First page</Link> : null}
          {data.nextCursor ? <Link to={withQuery({ cursor: data.nextCursor })}>Next page</Link> : null}
        </nav>
      </section>
    </div>
  );
}

function CategoryFacets({
  facets,
  current,
  link,
}: {
  facets: Facets;
  current: string;
  link: (changes: Record<string, string | null>) => string;
}) {
  if (!facets.categories.length) return null;
  return (
    <nav aria-label="Categories in these results" className="facets">
      <ul>
        {current ? (
          <li>
            <Link to={link({ category: null, cursor: null })}>All categories</Link>
          </li>
        ) : null}
        {facets.categories.map((category) => (
          <li key={category.id}>
            <Link
              to={link({ category: category.id, cursor: null })}
              aria-current={current === category.id ? "true" : undefined}
            >
              {category.name}
              {facets.capped ? null : ` (${category.count})`}
            </Link>
            {category.children.length &&
            (current === category.id || category.children.some((c) => c.id === current)) ? (
              <ul>
                {category.children.map((child) => (
                  <li key={child.id}>
                    <Link
                      to={link({ category: child.id, cursor: null })}
                      aria-current={current === child.id ? "true" : undefined}
                    >
                      {child.name}
                      {facets.capped ? null : ` (${child.count})`}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}
