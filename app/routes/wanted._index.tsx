import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { WantedList } from "~/components/wanted-card";
import { currentUser } from "~/lib/auth.server";
import { InvalidInput } from "~/lib/errors";
import { unstorableFields } from "~/lib/forms";
import { categoryTree } from "~/modules/listings/categories.server";
import { RADIUS_CHOICES } from "~/modules/listings/labels";
import { searchFieldErrors } from "~/modules/listings/route-schemas.server";
import {
  requestsOf,
  resolveWantedSearch,
  searchWanted,
  type WantedCard,
} from "~/modules/community/wanted-queries.server";
import { wantedSearchSchema } from "~/modules/community/wanted-schemas.server";
import { EmptyState } from "~/components/ui";

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
  const invalid = (name: string) =>
    errors[name]?.length ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
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
      <Form method="get" role="search" aria-labelledby="wanted-title" className="search-filters card">
        <div className="field">
          <label htmlFor="wanted-q">Keywords</label>
          <input id="wanted-q" type="search" name="q" defaultValue={values.q} {...invalid("q")} />
          <ErrorText id="q-error" errors={errors.q} />
        </div>
        <div className="field">
          <label htmlFor="wanted-category">Category</label>
          <select id="wanted-category" name="category" defaultValue={values.category} {...invalid("category")}>
            <option value="">All categories</option>
            {data.categories.map((root) => (
              <optgroup key={root.id} label={root.name}>
                <option value={root.id}>All of {root.name}</option>
                {root.children.map((child) => (
                  <option key={child.id} value={child.id}>
                    {child.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <ErrorText id="category-error" errors={errors.category} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="wanted-near">Near (postal code or town)</label>
            <input id="wanted-near" name="near" defaultValue={values.near} {...invalid("near")} />
            <ErrorText id="near-error" errors={errors.near} />
          </div>
          <div className="field">
            <label htmlFor="wanted-radius">Within</label>
            <select id="wanted-radius" name="radius" defaultValue={values.radius} {...invalid("radius")}>
              {RADIUS_CHOICES.map((km) => (
                <option key={km} value={km}>
                  {km} km
                </option>
              ))}
            </select>
            <ErrorText id="radius-error" errors={errors.radius} />
          </div>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="budget" value="1" defaultChecked={values.budget} /> With a budget
        </label>
        <div className="field">
          <label htmlFor="wanted-sort">Sort by</label>
          <select id="wanted-sort" name="sort" defaultValue={values.sort} {...invalid("sort")}>
            <option value="">Best match with keywords, else newest</option>
            <option value="newest">Newest first</option>
            <option value="best">Best match</option>
          </select>
          <ErrorText id="sort-error" errors={errors.sort} />
        </div>
        <button type="submit">Search</button>
      </Form>
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

function ErrorText({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="field__error">
      {errors[0]}
    </p>
  );
}
