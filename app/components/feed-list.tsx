import { Link } from "@remix-run/react";
import { formatMoney } from "~/lib/money";
import { photoUrl } from "~/modules/listings/photo-urls";
import { formatFeedTime } from "~/lib/dates";

/** What the feed's loader sends (dates as strings after JSON). */
export type FeedItemView =
  | {
      kind: "listing" | "nearby" | "drop";
      key: string;
      at: string;
      listing: {
        id: string;
        title: string;
        priceCents: number;
        coverKey: string | null;
        sellerId: string;
        sellerName: string;
        placeName: string;
      };
      fromCents?: number;
      toCents?: number;
    }
  | {
      kind: "service";
      key: string;
      at: string;
      service: { id: string; title: string; priceCents: number; retailerName: string; retailerSlug: string };
    }
  | {
      kind: "answer";
      key: string;
      at: string;
      answer: {
        id: string;
        body: string;
        question: string;
        listingId: string;
        listingTitle: string;
        retailerName: string;
        retailerSlug: string;
      };
    }
  | {
      kind: "wanted";
      key: string;
      at: string;
      wanted: { id: string; title: string; budgetCents: number | null; placeName: string };
    };

// In UTC, said so: the server and the browser render the same text (no hydration mismatch).
const when = formatFeedTime;

function Line({ item }: { item: FeedItemView }) {
  switch (item.kind) {
    case "listing":
    case "nearby":
    case "drop": {
      const { listing } = item;
      return (
        <>
          {listing.coverKey ? <img src={photoUrl(listing.coverKey, 320)} alt="" loading="lazy" /> : null}
          <div className="feed-item__text">
            <p className="muted">
              {item.kind === "nearby" ? (
                <>Near you, in {listing.placeName}</>
              ) : (
                <>
                  <Link to={`/members/${listing.sellerId}`}>{listing.sellerName}</Link>{" "}
                  {item.kind === "drop" ? "lowered a price" : "listed something"}
                </>
              )}{" "}
              · {when(item.at)}
            </p>
            <p>
              <Link to={`/listings/${listing.id}`}>{listing.title}</Link>{" "}
              {item.kind === "drop" ? (
                <span>
                  price dropped from <s>{formatMoney(item.fromCents ?? 0)}</s> to {formatMoney(item.toCents ?? 0)}
                </span>
              ) : (
                <span>{formatMoney(listing.priceCents)}</span>
              )}
            </p>
          </div>
        </>
      );
    }
    case "service":
      return (
        <div className="feed-item__text">
          <p className="muted">
            <Link to={`/retailers/${item.service.retailerSlug}`}>{item.service.retailerName}</Link> added a service ·{" "}
            {when(item.at)}
          </p>
          <p>
            {item.service.title} <span>{formatMoney(item.service.priceCents)}</span>
          </p>
        </div>
      );
    case "answer":
      return (
        <div className="feed-item__text">
          <p className="muted">
            <Link to={`/retailers/${item.answer.retailerSlug}`}>{item.answer.retailerName}</Link> answered a question on{" "}
            <Link to={`/listings/${item.answer.listingId}`}>{item.answer.listingTitle}</Link> · {when(item.at)}
          </p>
          <p>“{item.answer.question}”</p>
          <p>{item.answer.body}</p>
        </div>
      );
    case "wanted":
      return (
        <div className="feed-item__text">
          <p className="muted">
            A Wanted request in {item.wanted.placeName} · {when(item.at)}
          </p>
          <p>
            Wanted near you: <Link to={`/wanted/${item.wanted.id}`}>{item.wanted.title}</Link>
            {item.wanted.budgetCents !== null ? <span> budget {formatMoney(item.wanted.budgetCents)}</span> : null}
          </p>
        </div>
      );
  }
}

export function FeedList({ items, label }: { items: FeedItemView[]; label: string }) {
  return (
    <ol className="feed" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="card feed-item">
          <Line item={item} />
        </li>
      ))}
    </ol>
  );
}
