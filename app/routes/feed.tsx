import { EmptyState } from "~/components/ui";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FeedList, type FeedItemView } from "~/components/feed-list";
import { FormError, FormField } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { formValues, parseForm, parseSearchParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { readMemberFeed, setFeedLocation } from "~/modules/community/feed.server";
import {
  feedPageSchema as pageSchema,
  feedLocationSchema as locationSchema,
} from "~/modules/community/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Your feed · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { after } = parseSearchParams(pageSchema, request);
  const page = await orErrorResponse(() => readMemberFeed(context.db, user.id, { cursor: after ?? null }));
  return json({ ...page, isFirstPage: !after });
}

/** The feed's location and radius for its nearby items. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const parsed = parseForm(locationSchema, form);
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await setFeedLocation(context.db, user.id, parsed.data);
  } catch (error) {
    return formFailure(error, formValues(form));
  }
  return redirect("/feed");
}

export default function Feed() {
  const { items, nextCursor, nearby, follows, isFirstPage, settings } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure && !failure.ok ? failure.fieldErrors : {};
  return (
    <section aria-labelledby="feed-title" className="feed-page">
      <h1 id="feed-title">Your feed</h1>
      <p className="muted">
        News from the {follows} {follows === 1 ? "member or shop" : "members and shops"} you{" "}
        <Link to="/following">follow</Link>
        {nearby ? `, and new listings within ${nearby.radiusKm} km of ${nearby.placeName}` : ""}, newest first.
      </p>
      {items.length ? (
        <FeedList items={items as unknown as FeedItemView[]} label="Feed" />
      ) : (
        <EmptyState title={isFirstPage ? "Nothing here yet." : "Nothing older."}>
          {isFirstPage
            ? "Follow members and shops from their pages, or set a place below to see new listings near you."
            : null}
        </EmptyState>
      )}
      <nav aria-label="Feed pages" className="pager">
        {!isFirstPage ? <Link to="/feed">Newest</Link> : null}{" "}
        {nextCursor ? <Link to={`/feed?${new URLSearchParams({ after: nextCursor })}`}>Older</Link> : null}
      </nav>
      <Form method="post" className="card" aria-labelledby="feed-place-title">
        <h2 id="feed-place-title">Nearby listings</h2>
        <p className="muted">
          When the members and shops you follow have little news, the feed adds new listings near this place.
        </p>
        <FormError message={failure && !failure.ok ? failure.formError : null} />
        <div className="field-row">
          <FormField
            label="Postal code or town"
            name="place"
            defaultValue={failure?.values?.place ?? settings.feedPlaceName ?? ""}
            errors={errors.place}
          />
          <FormField
            label="Within (km)"
            name="radiusKm"
            type="number"
            min={1}
            max={200}
            defaultValue={failure?.values?.radiusKm ?? String(settings.feedRadiusKm)}
            errors={errors.radiusKm}
          />
        </div>
        <button type="submit">Save place</button>
      </Form>
    </section>
  );
}
