import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { FavoriteButton, ListingGrid, ListingPhoto, Price } from "~/components/listing-card";
import { currentUser, requireUser } from "~/lib/auth.server";
import { formatDistance } from "~/lib/geo";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { getListingPage } from "~/modules/listings/browse.server";
import { favoritedAmong } from "~/modules/listings/favorites.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { resolvePlace } from "~/modules/listings/location.server";
import { CONDITION_LABELS } from "~/modules/listings/labels";
import { ownerActionsFor } from "~/modules/listings/transitions";
import { listingActionSchema, listingIdSchema, listingPageQuerySchema } from "~/modules/listings/route-schemas.server";
import { formatMoney } from "~/lib/money";
import { servicesOfferedOn } from "~/modules/retailers/services.server";
import { PLACE_LABELS, RetailerBadge, ServiceLeadTime } from "~/components/retailer-badge";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.listing.title} · Stoop` : "Listing · Stoop" },
  ...(data ? [{ name: "description", content: data.listing.description.slice(0, 160) }] : []),
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const parsedParams = listingIdSchema.safeParse(params);
  if (!parsedParams.success) throw new Response("Not found", { status: 404 });
  const query = listingPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const user = currentUser(context);
  const from = query.near ? resolvePlace(query.near) : null;
  const page = await orErrorResponse(() =>
    getListingPage(context.db, parsedParams.data.id, user ? { userId: user.id, role: user.role } : null, from),
  );
  const saved = await favoritedAmong(context.db, user?.id ?? null, [page.listing.id]);
  const services = page.isOwner ? [] : await servicesOfferedOn(context.db, page.listing.id);
  return json({
    ...page,
    services,
    near: query.near,
    nearKnown: Boolean(from),
    photoIndex: Math.min(query.photo, Math.max(page.photos.length - 1, 0)),
    saved: saved.has(page.listing.id),
    signedIn: Boolean(user),
    isAdmin: user?.role === "admin",
    ownerActions: page.isOwner ? ownerActionsFor(page.listing.status) : [],
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const listingId = listingIdSchema.parse(params).id;
  const parsed = listingActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return invalidForm({ formError: "Unknown action; reload the page.", fieldErrors: {}, values: {} });
  try {
    await transitionListing(context.db, {
      listingId,
      action: parsed.data.intent,
      actor: { userId: user.id, role: user.role },
    });
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect(parsed.data.intent === "remove" ? "/" : `/listings/${listingId}`);
}

const STATUS_NOTES: Record<string, string> = {
  draft: "This is a draft: only you can see it.",
  reserved: "Someone is buying this right now.",
  sold: "This item has been sold.",
  archived: "This listing is archived: only you can see it.",
  removed: "This listing was removed by a moderator.",
};

const ACTION_BUTTONS: Record<string, string> = {
  publish: "Publish",
  markSold: "Mark as sold",
  archive: "Archive",
};

export type ListingPageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ListingPage() {
  return <ListingView data={useLoaderData<typeof loader>()} />;
}

/** The page itself, apart from its loader, so the benchmark's ceiling route renders the same markup. */
export function ListingView({ data }: { data: ListingPageData }) {
  const actionData = useActionData<typeof action>();
  const { listing, photos, seller } = data;
  const current = photos[data.photoIndex];
  const nearSuffix = data.nearKnown ? `?near=${encodeURIComponent(data.near)}` : "";
  return (
    <article className="listing-page" aria-labelledby="listing-title">
      <FormError message={actionData && !actionData.ok ? actionData.formError : null} />
      {STATUS_NOTES[listing.status] ? (
        <p className="notice" role="status">
          {STATUS_NOTES[listing.status]}
        </p>
      ) : null}
      <div className="listing-page__layout">
        <section className="gallery" aria-label="Photos">
          <div className="gallery__main">
            {current ? (
              <ListingPhoto
                storageKey={current.storageKey}
                alt={`${listing.title}, photo ${data.photoIndex + 1} of ${photos.length}`}
                sizes="(min-width: 64rem) 40rem, 100vw"
                eager
              />
            ) : (
              <ListingPhoto storageKey={null} alt={listing.title} sizes="100vw" />
            )}
          </div>
          {photos.length > 1 ? (
            <ul className="gallery__thumbs">
              {photos.map((photo, index) => (
                <li key={photo.id}>
                  <Link
                    to={`?${new URLSearchParams({ ...(data.near ? { near: data.near } : {}), photo: String(index) })}`}
                    preventScrollReset
                    replace
                    aria-current={index === data.photoIndex ? "true" : undefined}
                    aria-label={`Show photo ${index + 1}`}
                  >
                    <ListingPhoto storageKey={photo.storageKey} alt="" sizes="5rem" />
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section className="listing-page__details">
          <h1 id="listing-title">{listing.title}</h1>
          <p className="listing-page__price">
            <Price cents={listing.priceCents} />
          </p>
          <dl className="facts">
            <dt>Condition</dt>
            <dd>{CONDITION_LABELS[listing.condition]}</dd>
            <dt>Category</dt>
            <dd>
              <Link to={`/search?category=${listing.categoryId}`}>
                {listing.parentCategoryName ? `${listing.parentCategoryName} › ` : ""}
                {listing.categoryName}
              </Link>
            </dd>
            <dt>Pickup area</dt>
            <dd>
              {listing.placeName}
              {listing.distanceKm !== null ? ` (${formatDistance(listing.distanceKm)})` : ""}
            </dd>
            <dt>Delivery</dt>
            <dd>
              <ul className="plain-list">
                {listing.pickup ? <li>Local pickup</li> : null}
                {listing.shipping ? (
                  <li>Shipping: {listing.shippingCents ? formatMoney(listing.shippingCents) : "free"}</li>
                ) : null}
              </ul>
            </dd>
          </dl>
          <Form method="get" className="inline-form">
            <label htmlFor="distance-from">Distance from</label>
            <input id="distance-from" name="near" defaultValue={data.near} placeholder="Your postal code" />
            <button type="submit" className="button--secondary button--small">
              Show
            </button>
          </Form>
          {!data.isOwner && listing.status === "active" ? (
            <p>
              <Link to={`/listings/${listing.id}/buy`} className="button">
                Buy
              </Link>
            </p>
          ) : null}
          {(data.services ?? []).length ? <ServiceAddOns services={data.services} /> : null}
          {data.signedIn && !data.isOwner ? (
            <FavoriteButton listingId={listing.id} saved={data.saved} title={listing.title} />
          ) : null}

          {data.isOwner ? (
            <div className="owner-tools card">
              <h2>Your listing</h2>
              <p>
                <Link to={`/listings/${listing.id}/edit`}>Edit listing and photos</Link>
              </p>
              <div className="form-actions">
                {data.ownerActions.map((intent) => (
                  <Form method="post" key={intent}>
                    <button type="submit" name="intent" value={intent} className="button--secondary">
                      {ACTION_BUTTONS[intent]}
                    </button>
                  </Form>
                ))}
              </div>
            </div>
          ) : null}
          {data.isAdmin && listing.status !== "removed" ? (
            <Form method="post">
              <button type="submit" name="intent" value="remove" className="button--danger">
                Remove listing (moderation)
              </button>
            </Form>
          ) : null}

          <section className="seller-card card" aria-labelledby="seller-title">
            <h2 id="seller-title">Seller</h2>
            <p>
              <Link to={`/members/${seller.id}`}>{seller.displayName}</Link>
            </p>
            <p className="muted">
              Member since {new Date(seller.memberSince).toLocaleDateString("en", { year: "numeric", month: "long" })} ·{" "}
              {seller.activeListings} active {seller.activeListings === 1 ? "listing" : "listings"}
            </p>
          </section>
        </section>
      </div>

      <section aria-labelledby="description-title" className="listing-page__description">
        <h2 id="description-title">Description</h2>
        {listing.description ? (
          listing.description.split(/\n{2,}/).map((paragraph, index) => <p key={index}>{paragraph}</p>)
        ) : (
          <p className="muted">No description.</p>
        )}
      </section>

      {data.moreFromSeller.length ? (
        <section aria-labelledby="more-title">
          <h2 id="more-title">More from {seller.displayName}</h2>
          <ListingGrid cards={data.moreFromSeller} label={`More from ${seller.displayName}`} linkSuffix={nearSuffix} />
        </section>
      ) : null}
      {data.similar.length ? (
        <section aria-labelledby="similar-title">
          <h2 id="similar-title">Similar items</h2>
          <ListingGrid cards={data.similar} label="Similar items" linkSuffix={nearSuffix} />
        </section>
      ) : null}
    </article>
  );
}

/** Local shops' services that fit this item: chosen on the buy page, paid in the same checkout. */
function ServiceAddOns({ services }: { services: ListingPageData["services"] }) {
  return (
    <section className="card" aria-labelledby="add-ons-title">
      <h2 id="add-ons-title">Add a local service</h2>
      <ul className="service-list">
        {services.map((service) => (
          <li key={service.id}>
            <strong>{service.title}</strong>: {formatMoney(service.priceCents)} by{" "}
            <Link to={`/retailers/${service.retailerSlug}`}>{service.retailerName}</Link>
            <RetailerBadge verified={service.verified} />
            <br />
            <span className="muted">
              {PLACE_LABELS[service.performedAt]} · ready in <ServiceLeadTime days={service.leadDays} /> ·{" "}
              {formatDistance(service.distanceKm)}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted">Tick the ones you want after pressing Buy; one payment covers the item and the services.</p>
    </section>
  );
}
