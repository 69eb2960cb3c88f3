import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListingGrid } from "~/components/listing-card";
import { RatingLine } from "~/components/questions";
import { ReportForm } from "~/components/report-form";
import { ReviewReply } from "~/components/review-reply";
import { currentUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { FollowButton } from "~/components/follow-button";
import { followPanel } from "~/modules/community/follows.server";
import { memberReputation } from "~/modules/community/profile.server";
import { getSellerProfile } from "~/modules/listings/browse.server";
import { parseParams } from "~/lib/forms";
import { idParamsSchema } from "~/lib/id-params.server";
import { formatMonthYear } from "~/lib/dates";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.seller.displayName} · Stoop` : "Member · Stoop" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const viewer = currentUser(context);
  const { id } = parseParams(idParamsSchema, params);
  const profile = await orErrorResponse(() => getSellerProfile(context.db, id));
  const reputation = await memberReputation(context.db, id);
  const follow = await followPanel(
    context.db,
    viewer?.id ?? null,
    { kind: "member", id },
    viewer !== null && viewer.id !== profile.seller.id,
  );
  return json({
    ...profile,
    reputation,
    follow,
    signedIn: viewer !== null,
    canReport: viewer !== null && viewer.id !== profile.seller.id,
    isOwnProfile: viewer?.id === profile.seller.id,
  });
}

export default function SellerProfile() {
  const { seller, listings, reputation, canReport, isOwnProfile, follow, signedIn } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="seller-title">
      <h1 id="seller-title">{seller.displayName}</h1>
      <p className="muted">
        Member since {formatMonthYear(seller.createdAt)} · {listings.length} active{" "}
        {listings.length === 1 ? "listing" : "listings"}
      </p>
      <FollowButton
        panel={follow}
        target={{ kind: "member", id: seller.id }}
        name={seller.displayName}
        signedIn={signedIn || isOwnProfile}
        here={`/members/${seller.id}`}
        followersHref={`/members/${seller.id}/followers`}
      />
      <dl className="facts reputation" aria-label="Reputation">
        <dt>As a seller</dt>
        <dd>
          <RatingLine rating={reputation.asSeller} />
        </dd>
        <dt>As a buyer</dt>
        <dd>
          <RatingLine rating={reputation.asBuyer} />
        </dd>
        <dt>Helpful answers</dt>
        <dd>{reputation.helpfulAnswers}</dd>
        <dt>Wanted requests solved</dt>
        <dd>{reputation.wantedSolved}</dd>
      </dl>
      {listings.length ? (
        <ListingGrid cards={listings} label={`Listings by ${seller.displayName}`} />
      ) : (
        <p>Nothing for sale right now.</p>
      )}
      <section aria-labelledby="reviews-title">
        <h2 id="reviews-title">Reviews</h2>
        {reputation.reviews.length ? (
          <ul className="plain-list reviews">
            {reputation.reviews.map((review) => (
              <li key={review.id} id={`review-${review.id}`} className="card">
                <article aria-label={`Review by ${review.reviewerName}`}>
                  <p>
                    <span aria-hidden="true">{"★".repeat(review.rating)}</span>
                    <span className="visually-hidden">{review.rating} out of 5 stars</span>{" "}
                    <span className="muted">
                      as {review.subject === "seller" ? "seller" : "buyer"}, by {review.reviewerName}
                    </span>
                  </p>
                  <p>{review.body}</p>
                  <ReviewReply
                    reviewId={review.id}
                    reply={review.replyBody}
                    repliedAt={review.repliedAt}
                    from={seller.displayName}
                    canReply={isOwnProfile}
                  />
                </article>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No reviews yet." />
        )}
      </section>
      {canReport ? <ReportForm subjectType="user" subjectId={seller.id} collapsed /> : null}
    </section>
  );
}
