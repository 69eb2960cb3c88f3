import { Link } from "@remix-run/react";
import { formatDay } from "~/lib/dates";

interface Review {
  rating: number;
  body: string;
  reviewerName: string;
}

export interface ServiceReviewLine {
  lineId: string;
  title: string;
  retailerName: string;
  retailerSlug: string;
  due: boolean;
  mine: { rating: number; body: string } | null;
}

export interface OrderReviewState {
  /** The order's done service lines the buyer reviews (empty for the seller). */
  services: ServiceReviewLine[];
  otherName: string;
  subject: "seller" | "buyer";
  due: boolean;
  windowOpen: boolean;
  windowEndsAt: string | null;
  mine: Review | null;
  theirs: Review | null;
  theirsHidden: boolean;
}

function Stars({ rating }: { rating: number }) {
  return (
    <>
      <span aria-hidden="true">{"★".repeat(rating) + "☆".repeat(5 - rating)}</span>
      <span className="visually-hidden">{rating} out of 5 stars</span>
    </>
  );
}

const date = (iso: string | null) => (iso ? formatDay(iso) : "");

/** The reviews part of a completed order's page: leave yours, see theirs once revealed. */
export function OrderReviews({ orderId, review }: { orderId: string; review: OrderReviewState }) {
  return (
    <section className="card" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      {review.due ? (
        <p>
          <Link to={`/orders/${orderId}/review`} className="button">
            Leave a review
          </Link>{" "}
          <span className="muted">Open until {date(review.windowEndsAt)}.</span>
        </p>
      ) : null}
      {review.mine ? (
        <div role="group" aria-label="Your review">
          <p>
            <strong>Your review of {review.otherName}:</strong> <Stars rating={review.mine.rating} />
          </p>
          <p>{review.mine.body}</p>
        </div>
      ) : !review.windowOpen ? (
        <p className="muted">Reviews for this order closed on {date(review.windowEndsAt)}.</p>
      ) : null}
      {review.theirs ? (
        <div role="group" aria-label={`${review.otherName}'s review of you`}>
          <p>
            <strong>{review.otherName}'s review of you:</strong> <Stars rating={review.theirs.rating} />
          </p>
          <p>{review.theirs.body}</p>
        </div>
      ) : review.theirsHidden ? (
        <p>
          {review.otherName} has reviewed you. You'll see it once you've left your review, or when reviews close on{" "}
          {date(review.windowEndsAt)}.
        </p>
      ) : null}
      {review.services.map((line) => (
        <div key={line.lineId} role="group" aria-label={`${line.title} by ${line.retailerName}`}>
          {line.mine ? (
            <>
              <p>
                <strong>
                  Your review of {line.title} by <Link to={`/retailers/${line.retailerSlug}`}>{line.retailerName}</Link>
                  :
                </strong>{" "}
                <Stars rating={line.mine.rating} />
              </p>
              <p>{line.mine.body}</p>
            </>
          ) : line.due ? (
            <p>
              <Link to={`/orders/${orderId}/review/${line.lineId}`} className="button">
                Review {line.title} by {line.retailerName}
              </Link>
            </p>
          ) : null}
        </div>
      ))}
    </section>
  );
}
