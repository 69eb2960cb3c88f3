import { recordAddOns } from "~/modules/insights/addon-events.server";
import { visitorOf } from "~/modules/insights/search-events.server";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Field, FormError, FormField } from "~/components/form-field";
import { FavoriteButton, ListingGrid, ListingPhoto, Price } from "~/components/listing-card";
import { QuestionsSection, RatingLine, type CommunityFormFailure } from "~/components/questions";
import { ReportForm } from "~/components/report-form";
import { currentUser, requireUser } from "~/lib/auth.server";
import { formatDistance } from "~/lib/geo";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { favoritedAmong } from "~/modules/listings/favorites.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { removeContent } from "~/modules/admin/moderation.server";
import { moderationReasonFormSchema } from "~/modules/admin/report-schemas.server";
import { resolvePlace } from "~/modules/listings/location.server";
import { CONDITION_LABELS } from "~/modules/listings/labels";
import { ownerActionsFor } from "~/modules/listings/transitions";
import { listingStatusForm, listingParams, listingPageQuery } from "~/modules/listings/route-schemas.server";
import { formatMoney } from "~/lib/money";
import {
  firstError,
  formValues,
  hasUnstorableText,
  parseForm,
  parseParams,
  parseSearchParams,
  readForm,
  UNSTORABLE_TEXT,
} from "~/lib/forms";
import { makeOfferSchema } from "~/modules/orders/offer-schemas.server";
import { CLOSE_REASONS, OFFER_STATUS_LABELS } from "~/modules/orders/offer-state-machine";
import { formatDeadline, makeOffer, negotiationFor, openOfferCount } from "~/modules/orders/offers.server";
import {
  actOnListingCommunity,
  getListingPage,
  isCommunityIntent,
  listingCommunity,
  type ListingCommunityOutcome,
} from "~/modules/community/listing-page.server";
import { listingCommunityFormSchema } from "~/modules/community/schemas.server";
import { PLACE_LABELS, RetailerBadge, ServiceLeadTime } from "~/components/retailer-badge";
import { ItemPassport } from "~/components/item-passport";
import { formatMonthYear } from "~/lib/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.listing.title} · Stoop` : "Listing · Stoop" },
  ...(data ? [{ name: "description", content: data.listing.description.slice(0, 160) }] : []),
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id: listingId } = parseParams(listingParams, params);
  const query = parseSearchParams(listingPageQuery, request);
  const user = currentUser(context);
  const from = query.near ? resolvePlace(query.near) : null;
  const read = await orErrorResponse(() =>
    getListingPage(context.db, listingId, user ? { userId: user.id, role: user.role } : null, from),
  );
  const { hasQuestions: _hasQuestions, serviceCandidates: _candidates, point: _point, passportId, ...page } = read;
  // Reads the page query could not answer, in parallel; an anonymous view of a listing without
  // questions or nearby shops makes none of them.
  const [saved, negotiation, community] = await Promise.all([
    favoritedAmong(context.db, user?.id ?? null, [page.listing.id]),
    user && !page.isOwner ? negotiationFor(context.db, page.listing.id, user.id) : undefined,
    listingCommunity(context.db, read, user?.id ?? null),
  ]);
  // Shop insights (ADR 047): the add-ons this page offers, one insert, not awaited.
  if (community.services.length)
    recordAddOns(context.db, {
      kind: "shown",
      serviceIds: community.services.map((service) => service.id),
      listingId: page.listing.id,
      memberId: user?.id ?? null,
      visitor: user ? null : visitorOf(context.clientIp, request),
    }).catch((error: unknown) => context.logger.warn({ err: error }, "add-on event not recorded"));
  return json({
    ...page,
    ...community,
    viewerId: user?.id ?? null,
    near: query.near,
    nearKnown: Boolean(from),
    photoIndex: Math.min(query.photo, Math.max(page.photos.length - 1, 0)),
    saved: saved.has(page.listing.id),
    signedIn: Boolean(user),
    isAdmin: user?.role === "admin",
    ownerActions: page.isOwner ? ownerActionsFor(page.listing.status) : [],
    negotiation: negotiation
      ? { ...negotiation, deadline: negotiation.expiresAt ? formatDeadline(negotiation.expiresAt) : null }
      : null,
    openOffers: user && page.isOwner ? await openOfferCount(context.db, page.listing.id, user.id) : 0,
    passportAdminHref: user?.role === "admin" && passportId ? `/admin/passport/${passportId}` : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const listingId = parseParams(listingParams, params).id;
  const formData = await readForm(request);
  if (formData.get("intent") === "offer") {
    const form = parseForm(makeOfferSchema, formData);
    if (!form.ok) return invalidForm(form);
    try {
      await makeOffer(context.db, user.id, listingId, form.data.amount);
    } catch (error) {
      return formFailure(error, { amount: String(formData.get("amount") ?? "") });
    }
    return redirect(`/listings/${listingId}#offer-title`);
  }
  const intent = formData.get("intent");
  if (isCommunityIntent(intent)) {
    // Which form failed: "ask", or "answer:<questionId>", so only that form shows the errors.
    const form = intent === "answer" ? `answer:${String(formData.get("questionId") ?? "")}` : intent;
    const parsed = parseForm(listingCommunityFormSchema, formData);
    if (!parsed.ok) {
      // The upvote, helpful and message buttons have no field to show an error beside.
      const formError =
        intent === "ask" || intent === "answer" ? parsed.formError : (parsed.formError ?? firstError(parsed));
      return json({ ...parsed, formError, form, community: true as const }, { status: 400 });
    }
    let done: ListingCommunityOutcome;
    try {
      done = await actOnListingCommunity(context.db, user.id, listingId, parsed.data);
    } catch (error) {
      return formFailure(error, formValues(formData), { form, community: true as const });
    }
    return redirect(afterCommunityAction(listingId, done));
  }
  const parsed = parseForm(listingStatusForm, formData);
  if (!parsed.ok) {
    const formError = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "Unknown action; reload the page.";
    return invalidForm({ formError, fieldErrors: {}, values: {} });
  }
  if (parsed.data.intent === "remove") {
    // Moderation goes through the admin module: a reason for the owner and an audit entry.
    const reason = parseForm(moderationReasonFormSchema, formData);
    if (!reason.ok) return invalidForm({ ...reason, formError: null });
    try {
      await removeContent(context.db, user, { type: "listing", id: listingId }, reason.data.reason);
    } catch (error) {
      return formFailure(error, { reason: reason.data.reason });
    }
    return redirect(`/listings/${listingId}`);
  }
  try {
    await transitionListing(context.db, {
      listingId,
      action: parsed.data.intent,
      actor: { userId: user.id, role: user.role },
    });
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect(`/listings/${listingId}`);
}

/** Where the page goes after a community action: back to what it made, or to the new conversation. */
function afterCommunityAction(listingId: string, done: ListingCommunityOutcome): string {
  const back = `/listings/${listingId}`;
  switch (done.intent) {
    case "ask":
      return `${back}#question-${done.questionId}`;
    case "answer":
    case "upvote":
    case "helpful":
      return `${back}#answer-${done.answerId}`;
    case "message":
      return `/messages/${done.conversationId}`;
  }
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
  const nearSuffix = data.nearKnown ? `?near=${encodeURIComponent(data.near)}` : "";
  return (
    <article className="listing-page" aria-labelledby="listing-title">
      <FormError message={actionData && !actionData.ok && !("community" in actionData) ? actionData.formError : null} />
      {STATUS_NOTES[listing.status] ? (
        <p className="notice" role="status">
          {STATUS_NOTES[listing.status]}
          {listing.status === "removed" && listing.removalReason ? ` Reason: ${listing.removalReason}` : null}
        </p>
      ) : null}
      <div className="listing-page__layout">
        <PhotoGallery title={listing.title} photos={photos} initialIndex={data.photoIndex} near={data.near} />

        <section className="listing-page__details">
          <h1 id="listing-title">{listing.title}</h1>
          <p className="listing-page__price price price--large">
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
          <ItemPassport entries={data.passport} adminHref={data.passportAdminHref} />
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
          {data.signedIn && !data.isOwner ? <OfferPanel data={data} /> : null}
          {!data.isOwner && (listing.status === "active" || listing.status === "reserved") ? (
            <Form method="post" id="message-seller">
              <button type="submit" name="intent" value="message" className="button--secondary">
                Message the seller
              </button>
            </Form>
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
              {data.openOffers > 0 ? (
                <p>
                  <Link to="/offers">
                    {data.openOffers} open {data.openOffers === 1 ? "offer" : "offers"} on this listing
                  </Link>
                </p>
              ) : null}
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
          {data.isAdmin && !data.isOwner && listing.status !== "removed" ? (
            <Form method="post" className="card">
              <Field label="Reason for removal (the seller sees it)" errors={actionData?.fieldErrors?.reason}>
                {(control) => <textarea name="reason" rows={2} required {...control} />}
              </Field>
              <button type="submit" name="intent" value="remove" className="button--danger">
                Remove listing (moderation)
              </button>
            </Form>
          ) : null}
          {!data.isOwner && listing.status !== "removed" ? (
            <ReportForm subjectType="listing" subjectId={listing.id} collapsed />
          ) : null}

          <section className="seller-card card" aria-labelledby="seller-title">
            <h2 id="seller-title">Seller</h2>
            <p>
              <Link to={`/members/${seller.id}`}>{seller.displayName}</Link>
            </p>
            <p className="muted">
              Member since {formatMonthYear(seller.memberSince)} · {seller.activeListings} active{" "}
              {seller.activeListings === 1 ? "listing" : "listings"}
            </p>
            <p>
              <RatingLine rating={data.sellerRating} />
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

      <QuestionsSection
        questions={data.questions}
        open={data.questionsOpen}
        viewerId={data.viewerId}
        failure={actionData && "community" in actionData ? (actionData as unknown as CommunityFormFailure) : null}
        signInHref={`/login?${new URLSearchParams({ redirectTo: `/listings/${listing.id}` })}`}
      />

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
      {!data.isOwner && listing.status === "active" ? <BuyBar data={data} /> : null}
    </article>
  );
}

/**
 * The phone's sticky bottom bar (hidden from 640 px up, where Buy sits beside the photos): the
 * price and the three things a buyer came to do, so Buy is never a long scroll down. Plain links
 * and the same message form, so it works without JavaScript.
 */
function BuyBar({ data }: { data: ListingPageData }) {
  const { listing } = data;
  const canOffer = data.signedIn && listing.priceCents > 0 && !data.negotiation;
  return (
    <div className="buy-bar" role="region" aria-label="Buy this item">
      <p className="buy-bar__price price">
        <Price cents={listing.priceCents} />
      </p>
      <div className="buy-bar__actions">
        {canOffer ? (
          <a href="#offer-title" className="button button--secondary button--small">
            Offer
          </a>
        ) : null}
        <button
          type="submit"
          form="message-seller"
          name="intent"
          value="message"
          className="button--secondary button--small"
        >
          Message
        </button>
        <Link to={`/listings/${listing.id}/buy`} className="button button--small">
          Buy
        </Link>
      </div>
    </div>
  );
}

/**
 * The photos: a CSS scroll-snap strip, swipeable on a phone and scrollable without JavaScript,
 * with thumbnails that are fragment links to each photo. With JavaScript the thumbnails scroll the
 * strip smoothly, follow a swipe (aria-current), and previous/next buttons appear.
 */
function PhotoGallery({
  title,
  photos,
  initialIndex,
  near,
}: {
  title: string;
  photos: ListingPageData["photos"];
  initialIndex: number;
  near: string;
}) {
  const strip = useRef<HTMLUListElement>(null);
  const [current, setCurrent] = useState(initialIndex);
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => {
    setEnhanced(true);
    const list = strip.current;
    if (!list) return;
    if (initialIndex > 0) list.scrollLeft = list.clientWidth * initialIndex;
    const onScroll = () => setCurrent(Math.round(list.scrollLeft / Math.max(list.clientWidth, 1)));
    list.addEventListener("scroll", onScroll, { passive: true });
    return () => list.removeEventListener("scroll", onScroll);
  }, [initialIndex]);
  const show = (index: number) => {
    const list = strip.current;
    if (!list) return;
    const target = Math.max(0, Math.min(photos.length - 1, index));
    list.scrollTo({ left: list.clientWidth * target, behavior: "smooth" });
    setCurrent(target);
  };
  if (!photos.length)
    return (
      <section className="gallery" aria-label="Photos">
        <div className="gallery__main">
          <ListingPhoto storageKey={null} alt={title} sizes="100vw" />
        </div>
      </section>
    );
  return (
    <section className="gallery" aria-label="Photos">
      <ul className="gallery__strip" ref={strip}>
        {photos.map((photo, index) => (
          <li key={photo.id} id={`photo-${index + 1}`} className="gallery__slide">
            <ListingPhoto
              storageKey={photo.storageKey}
              alt={`${title}, photo ${index + 1} of ${photos.length}`}
              sizes="(min-width: 64rem) 40rem, 100vw"
              eager={index === 0}
            />
          </li>
        ))}
      </ul>
      {enhanced && photos.length > 1 ? (
        <div className="gallery__controls">
          <button
            type="button"
            className="button--secondary button--small"
            onClick={() => show(current - 1)}
            disabled={current === 0}
          >
            <span aria-hidden="true">‹</span>
            <span className="visually-hidden">Previous photo</span>
          </button>
          <span className="muted" aria-live="polite">
            {current + 1} / {photos.length}
          </span>
          <button
            type="button"
            className="button--secondary button--small"
            onClick={() => show(current + 1)}
            disabled={current === photos.length - 1}
          >
            <span className="visually-hidden">Next photo</span>
            <span aria-hidden="true">›</span>
          </button>
        </div>
      ) : null}
      {photos.length > 1 ? (
        <ul className="gallery__thumbs">
          {photos.map((photo, index) => (
            <li key={photo.id}>
              <a
                href={`?${new URLSearchParams({ ...(near ? { near } : {}), photo: String(index) })}#photo-${index + 1}`}
                onClick={(event) => {
                  event.preventDefault();
                  show(index);
                }}
                aria-current={index === current ? "true" : undefined}
                aria-label={`Show photo ${index + 1}`}
              >
                <ListingPhoto storageKey={photo.storageKey} alt="" sizes="5rem" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const OPEN = ["pending", "countered", "accepted"];

/** The buyer's side of a negotiation: its state and next step, or the "Make an offer" form. */
function OfferPanel({ data }: { data: ListingPageData }) {
  const actionData = useActionData<typeof action>();
  const { listing, negotiation } = data;
  // The page's other forms (questions, answers) answer with `community`; their errors are shown there.
  const failure = actionData && !actionData.ok && !("community" in actionData) ? actionData : null;
  const open = negotiation && OPEN.includes(negotiation.status) ? negotiation : null;
  const canOffer = !open && listing.status === "active" && listing.priceCents > 0;
  if (!negotiation && !canOffer) return null;
  const returnTo = `/listings/${listing.id}`;
  return (
    <section className="card" aria-labelledby="offer-title">
      <h2 id="offer-title">{open ? "Your offer" : "Make an offer"}</h2>
      {negotiation ? (
        <p role="status">
          {negotiation.status === "pending"
            ? `You offered ${formatMoney(negotiation.amountCents)}; waiting for the seller until ${negotiation.deadline}.`
            : negotiation.status === "countered"
              ? `The seller countered your offer of ${formatMoney(negotiation.amountCents)} with ${formatMoney(negotiation.counterCents ?? 0)}. Answer by ${negotiation.deadline}.`
              : negotiation.status === "accepted"
                ? `Offer accepted: you can buy it for ${formatMoney(negotiation.agreedCents ?? 0)} until ${negotiation.deadline}.`
                : negotiation.status === "purchased"
                  ? `You bought this at your accepted offer of ${formatMoney(negotiation.agreedCents ?? 0)}.`
                  : `Your last offer of ${formatMoney(negotiation.amountCents)} was ${OFFER_STATUS_LABELS[negotiation.status]}.${
                      negotiation.closedReason
                        ? ` ${CLOSE_REASONS[negotiation.closedReason as keyof typeof CLOSE_REASONS] ?? ""}`
                        : ""
                    }`}
        </p>
      ) : null}
      {open?.status === "accepted" && listing.status === "active" ? (
        <p>
          <Link to={`/listings/${listing.id}/buy`} className="button">
            Check out at {formatMoney(open.agreedCents ?? 0)}
          </Link>
        </p>
      ) : null}
      {open && open.status !== "accepted" ? (
        <div className="form-actions">
          {open.status === "countered" ? (
            <>
              <OfferButton offerId={open.id} intent="accept" returnTo={returnTo}>
                Accept counter-offer
              </OfferButton>
              <OfferButton offerId={open.id} intent="decline" returnTo={returnTo} secondary>
                Decline counter-offer
              </OfferButton>
            </>
          ) : (
            <OfferButton offerId={open.id} intent="withdraw" returnTo={returnTo} secondary>
              Withdraw offer
            </OfferButton>
          )}
        </div>
      ) : null}
      {canOffer ? (
        <Form method="post" noValidate>
          <FormField
            label="Your offer"
            name="amount"
            inputMode="decimal"
            hint={`Less than the asking price of ${formatMoney(listing.priceCents)}. The seller can accept, decline or counter.`}
            defaultValue={failure?.values.amount}
            errors={failure?.fieldErrors.amount}
          />
          <button type="submit" name="intent" value="offer" className="button--secondary">
            Make an offer
          </button>
        </Form>
      ) : null}
      <p>
        <Link to="/offers">All your offers</Link>
      </p>
    </section>
  );
}

function OfferButton({
  offerId,
  intent,
  returnTo,
  secondary,
  children,
}: {
  offerId: string;
  intent: string;
  returnTo: string;
  secondary?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Form method="post" action="/offers">
      <input type="hidden" name="offerId" value={offerId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit" name="intent" value={intent} className={secondary ? "button--secondary" : undefined}>
        {children}
      </button>
    </Form>
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
            <RetailerBadge verified={service.verified} /> <RatingLine rating={service.rating} />
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
