import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListingGrid } from "~/components/listing-card";
import { RatingLine } from "~/components/questions";
import { PLACE_LABELS, RetailerBadge, ServiceLeadTime } from "~/components/retailer-badge";
import { ReviewReply } from "~/components/review-reply";
import { currentUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { photoUrl } from "~/modules/listings/photo-urls";
import { FollowButton } from "~/components/follow-button";
import { followPanel } from "~/modules/community/follows.server";
import { retailerCommunity } from "~/modules/community/retailer-community.server";
import { retailerPage } from "~/modules/retailers/retailers.server";
import { parseParams } from "~/lib/forms";
import { formatDay } from "~/lib/dates";
import { shopSlugParams } from "~/modules/retailers/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.retailer.name} · Stoop` : "Shop · Stoop" },
  ...(data ? [{ name: "description", content: data.retailer.description.slice(0, 160) }] : []),
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = parseParams(shopSlugParams, params);
  const user = currentUser(context);
  const page = await orErrorResponse(() =>
    retailerPage(context.db, parsed.slug, user ? { id: user.id, role: user.role } : null),
  );
  const { retailer } = page;
  const community = await retailerCommunity(context.db, retailer.id);
  // Staff don't follow their own shop; a shop not yet verified has no followers to gain.
  const follow = await followPanel(
    context.db,
    user?.id ?? null,
    { kind: "retailer", id: retailer.id },
    user !== null && !page.role && retailer.status === "verified",
  );
  return json({
    community,
    follow,
    signedIn: user !== null,
    retailer: {
      id: retailer.id,
      name: retailer.name,
      slug: retailer.slug,
      description: retailer.description,
      logoKey: retailer.logoKey,
      placeName: retailer.placeName,
      serviceRadiusKm: retailer.serviceRadiusKm,
      openingHours: retailer.openingHours,
      website: retailer.website,
      status: retailer.status,
      rejectionReason: retailer.rejectionReason,
    },
    role: page.role,
    services: page.services,
  });
}

export default function RetailerPage() {
  const { retailer, role, services, community, follow, signedIn } = useLoaderData<typeof loader>();
  const verified = retailer.status === "verified";
  return (
    <article aria-labelledby="retailer-title">
      {retailer.status === "pending" ? (
        <p role="status" className="notice">
          This page is waiting for an admin to verify it. Only your shop&apos;s staff can see it until then.
        </p>
      ) : null}
      {retailer.status === "rejected" ? (
        <p role="status" className="notice">
          An admin did not verify this shop{retailer.rejectionReason ? `: ${retailer.rejectionReason}` : "."}
        </p>
      ) : null}
      <header className="card">
        {retailer.logoKey ? (
          <img className="retailer-logo" src={photoUrl(retailer.logoKey, 320)} alt={`${retailer.name} logo`} />
        ) : null}
        <h1 id="retailer-title">
          {retailer.name}
          <RetailerBadge verified={verified} />
        </h1>
        <p>
          <RatingLine rating={community.rating} />
        </p>
        {verified ? (
          <FollowButton
            panel={follow}
            target={{ kind: "retailer", id: retailer.id }}
            name={retailer.name}
            signedIn={signedIn}
            here={`/retailers/${retailer.slug}`}
          />
        ) : null}
        <p>{retailer.description}</p>
        <dl className="facts">
          <dt>Area</dt>
          <dd>
            {retailer.placeName} (serves up to {retailer.serviceRadiusKm} km around)
          </dd>
          <dt>Opening hours</dt>
          <dd>{retailer.openingHours}</dd>
          {retailer.website ? (
            <>
              <dt>Website</dt>
              <dd>
                <a href={retailer.website} rel="nofollow noopener">
                  {retailer.website}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      </header>

      {role ? (
        <nav aria-label="Manage the shop" className="card">
          <h2>Manage {retailer.name}</h2>
          <ul>
            <li>
              <Link to={`/retailers/${retailer.slug}/services`}>Services</Link>
            </li>
            <li>
              <Link to={`/retailers/${retailer.slug}/jobs`}>Service jobs</Link>
            </li>
            <li>
              <Link to={`/retailers/${retailer.slug}/staff`}>Staff</Link>
            </li>
            <li>
              <Link to={`/retailers/${retailer.slug}/insights`}>Insights</Link>
            </li>
            <li>
              <Link to={`/retailers/${retailer.slug}/settings`}>Settings</Link>
            </li>
            {role === "owner" ? (
              <li>
                <Link to={`/retailers/${retailer.slug}/payouts`}>Payouts</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}

      <section aria-labelledby="services-title">
        <h2 id="services-title">Services</h2>
        {services.length ? (
          <ul className="service-list">
            {services.map((service) => (
              <li key={service.id} className="card">
                <h3>
                  {service.title}: {formatMoney(service.priceCents)}
                  {!service.active ? " (paused)" : ""}
                </h3>
                <p>{service.description}</p>
                <p className="muted">
                  {PLACE_LABELS[service.performedAt]} · ready in <ServiceLeadTime days={service.leadDays} /> · for{" "}
                  {service.categories.join(", ")}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No services yet." />
        )}
        <p className="muted">Services are offered as add-ons on matching listings nearby.</p>
      </section>

      <section aria-labelledby="service-reviews-title">
        <h2 id="service-reviews-title">Service reviews</h2>
        <p>
          <RatingLine rating={community.rating} />
        </p>
        {community.reviews.length ? (
          <ul className="review-list">
            {community.reviews.map((review) => (
              <li key={review.id} id={`review-${review.id}`} className="card">
                <p>
                  <strong>{review.serviceTitle}</strong>: <span aria-hidden="true">{"★".repeat(review.rating)}</span>
                  <span className="visually-hidden">{review.rating} out of 5 stars</span> by {review.reviewerName},{" "}
                  {formatDay(review.createdAt)}
                </p>
                <p>{review.body}</p>
                <ReviewReply
                  reviewId={review.id}
                  reply={review.replyBody}
                  repliedAt={review.repliedAt}
                  from={retailer.name}
                  canReply={role !== null}
                />
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="community-title">
        <h2 id="community-title">In the community</h2>
        <p>
          {community.helpfulAnswers} {community.helpfulAnswers === 1 ? "answer" : "answers"} marked helpful
        </p>
        <p className="wanted-credit">
          Wanted: {community.wanted.solved} {community.wanted.solved === 1 ? "request" : "requests"} solved · helped{" "}
          {community.wanted.helped} {community.wanted.helped === 1 ? "neighbour" : "neighbours"}, sometimes by pointing
          elsewhere
        </p>
        <h3>Recent answers</h3>
        {community.recentAnswers.length ? (
          <ul aria-label="Recent answers">
            {community.recentAnswers.map((answer) => (
              <li key={answer.id}>
                On <Link to={`/listings/${answer.listingId}`}>{answer.listingTitle}</Link>, {answer.authorName} answered
                &ldquo;{answer.question}&rdquo;: {answer.body}
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title={`No answers from ${retailer.name} yet.`} />
        )}
        {community.recommended.length ? (
          <>
            <h3>Listings they recommended</h3>
            <ListingGrid cards={community.recommended} label={`Listings ${retailer.name} recommended`} />
          </>
        ) : null}
      </section>
    </article>
  );
}
