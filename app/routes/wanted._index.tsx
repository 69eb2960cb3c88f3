import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CategoryFilter, FilterForm, KeywordsFilter, NearFilter, SortFilter } from "~/components/search-filters";
import { WantedList } from "~/components/wanted-card";
import { currentUser } from "~/lib/auth.server";
import { InvalidInput } from "~/lib/errors";
import { unstorableFields } from "~/lib/forms";
import { categoryTree } from "~/modules/listings/categories.server";
import { searchFieldErrors } from "~/modules/listings/route-schemas.server";
import {
  requestsOf,
  resolveWantedSearch,
  searchWanted,
  type WantedCard,
} from "~/modules/community/wanted-queries.server";
import { wantedSearchSchema } from "~/modules/community/wanted-schemas.server";
import { Choice, EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Wanted · Stoop" }];

/** /wanted: open requests with search and filters in the URL (plain GET, works without JavaScript). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams.entries()) if (!(key in raw) && value !== "") raw[key] = value;
  const values = {
    q: raw.q ?? "",
    category: raw.category ?? "",
    near: raw.near ?? "",
    radius: raw.radius ?? "25",
    budget: Boolean(raw.budget),
    sort: raw.sort ?? "",
  };
  const user = currentUser(context);
  const tree = await categoryTree(context.db);
  const categories = tree.roots.map(({ id, name, children }) => ({ id, name, children }));
  const mine = user ? await requestsOf(context.db, user.id, 10) : [];
  const base = { values, categories, mine, signedIn: Boolean(user), cursor: raw.cursor ?? "" };
  const invalid = (fieldErrors: Record<string, string[] | undefined>) =>
    json({ ...base, fieldErrors, results: [] as WantedCard[], nextCursor: null as string | null }, 400);

  const unstorable = unstorableFields(url.searchParams);
  if (Object.keys(unstorable).length) return invalid(unstorable);
  const parsed = wantedSearchSchema.safeParse(raw);
  if (!parsed.success) return invalid(searchFieldErrors(parsed.error));
  try {
    const resolved = await resolveWantedSearch(context.db, parsed.data);
    const page = await searchWanted(context.db, resolved);
    return json({ ...base, fieldErrors: {} as Record<string, string[] | undefined>, ...page });
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    return invalid(error.fieldErrors);
  }
}

export default function WantedIndex() {
  const data = useLoaderData<typeof loader>();
  const { values, fieldErrors: errors } = data;
  const withQuery = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams();
    const current: Record<string, string> = {
      q: values.q,
      category: values.category,
      near: values.near,
      radius: values.near ? values.radius : "",
      budget: values.budget ? "1" : "",
      sort: values.sort,
    };
    for (const [key, value] of Object.entries({ ...current, ...changes })) if (value) params.set(key, value);
    const search = params.toString();
    return search ? `/wanted?${search}` : "/wanted";
  };
  return (
    <div className="search-page wanted-page">
      <h1 id="wanted-title">Wanted</h1>
      <p className="lead">
        What neighbours are looking for, or need fixed. Have it, or know who does? Answer.{" "}
        {data.signedIn ? (
          <Link to="/wanted/new" className="button button--small">
            Post a request
          </Link>
        ) : (
          <Link to="/login?redirectTo=%2Fwanted%2Fnew">Sign in to post a request</Link>
        )}
      </p>
      <FilterForm labelledBy="wanted-title">
        <KeywordsFilter id="wanted-q" value={values.q} errors={errors} />
        <CategoryFilter id="wanted-category" value={values.category} categories={data.categories} errors={errors} />
        <NearFilter idPrefix="wanted" near={values.near} radius={values.radius} errors={errors} />
        <fieldset className="field choices">
          <legend>Budget</legend>
          <Choice type="checkbox" name="budget" value="1" defaultChecked={values.budget} label="With a budget" />
        </fieldset>
        <SortFilter
          id="wanted-sort"
          value={values.sort}
          options={[
            { value: "", label: "Best match with keywords, else newest" },
            { value: "newest", label: "Newest first" },
            { value: "best", label: "Best match" },
          ]}
          errors={errors}
        />
      </FilterForm>
      <section className="search-results" aria-labelledby="wanted-results-title">
        <h2 id="wanted-results-title">Open requests</h2>
        {Object.keys(errors).length ? (
          <p role="alert" className="form-error">
            {errors.cursor?.[0] ?? "Please fix the search above."}
          </p>
        ) : data.results.length === 0 ? (
          <EmptyState status title="No open requests match.">
            Try fewer words or a wider distance.
          </EmptyState>
        ) : (
          <WantedList cards={data.results} label="Open requests" />
        )}
        <nav aria-label="Pages" className="pager">
          {data.cursor ? <Link to={withQuery({ cursor: null })}>First page</Link> : null}
          {data.nextCursor ? <Link to={withQuery({ cursor: data.nextCursor })}>Next page</Link> : null}
        </nav>
        {data.mine.length ? (
          <>
            <h2>Your requests</h2>
            <WantedList cards={data.mine} label="Your requests" showStatus />
          </>
        ) : null}
      </section>
    </div>
  );
}
