import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { formFailure, invalidForm } from "~/lib/http.server";
import { deleteSavedSearch, listSavedSearches, saveSearch } from "~/modules/listings/saved-searches.server";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { hasUnstorableText, parseForm, readForm, UNSTORABLE_TEXT, unstorableFields } from "~/lib/forms";
import { savedSearchForm } from "~/modules/listings/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Search alerts · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const created = new URL(request.url).searchParams.get("created") === "1";
  const searches = await listSavedSearches(context.db, user.id);
  return json({
    created,
    searches: searches.map(({ id, name, search, createdAt }) => ({ id, name, search, createdAt })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(savedSearchForm, await readForm(request));
  if (!parsed.ok) {
    const formError = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "Unknown action; reload the page.";
    return invalidForm({ formError, fieldErrors: {}, values: {} });
  }
  try {
    if (parsed.data.intent === "delete") {
      await deleteSavedSearch(context.db, user.id, parsed.data.id);
      return json({ ok: true as const, message: "The alert was deleted." });
    }
    const query = new URLSearchParams(parsed.data.query);
    if (Object.keys(unstorableFields(query)).length) {
      return invalidForm({ formError: UNSTORABLE_TEXT, fieldErrors: {}, values: {} });
    }
    const params = searchParamsSchema.safeParse(rawSearchParams(query));
    if (!params.success) {
      return invalidForm({ formError: "That search has mistakes; fix it before saving.", fieldErrors: {}, values: {} });
    }
    await saveSearch(context.db, user.id, params.data, parsed.data.name ?? "");
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect("/saved-searches?created=1");
}

export default function SavedSearches() {
  const { searches, created } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && !actionData.ok ? actionData : null;
  const message = actionData?.ok
    ? actionData.message
    : created
      ? "Search saved. We'll let you know when something new matches it."
      : null;
  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">Search alerts</h1>
      {message ? (
        <p role="status" className="notice">
          {message}
        </p>
      ) : null}
      <FormError message={failure?.formError ?? Object.values(failure?.fieldErrors ?? {})[0]?.[0]} />
      {searches.length === 0 ? (
        <EmptyState title="No alerts yet.">
          Search for something, then press “Alert me” on the results. <Link to="/search">Search</Link>
        </EmptyState>
      ) : (
        <ul className="saved-searches">
          {searches.map((saved) => (
            <li key={saved.id} className="card saved-searches__item">
              <Link to={`/search?${saved.search}`}>{saved.name}</Link>
              <Form method="post">
                <input type="hidden" name="id" value={saved.id} />
                <button type="submit" name="intent" value="delete" className="button--small button--secondary">
                  Delete<span className="visually-hidden"> alert {saved.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
