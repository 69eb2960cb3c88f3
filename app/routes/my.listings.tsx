import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { FormError } from "~/components/form-field";
import { ListingPhoto, Price } from "~/components/listing-card";
import { requireUser } from "~/lib/auth.server";
import { formFailure, invalidForm } from "~/lib/http.server";
import { listMyListings } from "~/modules/listings/browse.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { ownerActionsFor } from "~/modules/listings/transitions";
import { hasUnstorableText, parseForm, readForm, UNSTORABLE_TEXT } from "~/lib/forms";
import { myListingStatusForm } from "~/modules/listings/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "My listings · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const listings = await listMyListings(context.db, user.id);
  return json({ listings: listings.map((listing) => ({ ...listing, actions: ownerActionsFor(listing.status) })) });
}

const DONE: Record<z.infer<typeof myListingStatusForm>["intent"], string> = {
  publish: "is published",
  archive: "is archived",
  markSold: "is marked as sold",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(myListingStatusForm, await readForm(request));
  if (!parsed.ok) {
    const formError = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "Unknown action; reload the page.";
    return invalidForm({ formError, fieldErrors: {}, values: {} });
  }
  try {
    await transitionListing(context.db, {
      listingId: parsed.data.listingId,
      action: parsed.data.intent,
      actor: { userId: user.id, role: user.role },
    });
  } catch (error) {
    return formFailure(error, {});
  }
  return json({ ok: true as const, message: `The listing ${DONE[parsed.data.intent]}.` });
}

const BUTTONS = { publish: "Publish", archive: "Archive", markSold: "Mark as sold" } as const;
const STATUS = {
  draft: "Draft",
  active: "Active",
  reserved: "Reserved",
  sold: "Sold",
  archived: "Archived",
  removed: "Removed by a moderator",
} as const;

export default function MyListings() {
  const { listings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section aria-labelledby="mine-title">
      <h1 id="mine-title">My listings</h1>
      <p>
        <Link to="/listings/new" className="button">
          Sell something
        </Link>
      </p>
      {actionData?.ok ? (
        <p role="status" className="notice">
          {actionData.message}
        </p>
      ) : null}
      <FormError message={actionData && !actionData.ok ? actionData.formError : null} />
      {listings.length === 0 ? (
        <EmptyState title="You haven't listed anything yet.">
          <Link to="/listings/new">Sell something</Link>
        </EmptyState>
      ) : null}
      <ul className="my-listings">
        {listings.map((listing) => (
          <li key={listing.id} className="my-listings__item card">
            <ListingPhoto storageKey={listing.coverKey} alt="" sizes="6rem" />
            <div>
              <h2 className="my-listings__title">
                <Link to={`/listings/${listing.id}`}>{listing.title}</Link>
              </h2>
              <p>
                <Price cents={listing.priceCents} /> · <span className="status-badge">{STATUS[listing.status]}</span>
              </p>
              <div className="form-actions">
                {listing.status !== "sold" && listing.status !== "removed" && listing.status !== "reserved" ? (
                  <Link to={`/listings/${listing.id}/edit`} className="button button--secondary button--small">
                    Edit<span className="visually-hidden"> {listing.title}</span>
                  </Link>
                ) : null}
                {listing.actions.map((intent) => (
                  <Form method="post" key={intent}>
                    <input type="hidden" name="listingId" value={listing.id} />
                    <button type="submit" name="intent" value={intent} className="button--secondary button--small">
                      {BUTTONS[intent as keyof typeof BUTTONS]}
                      <span className="visually-hidden"> {listing.title}</span>
                    </button>
                  </Form>
                ))}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
