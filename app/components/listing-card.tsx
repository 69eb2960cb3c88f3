import { Form, Link, useLocation } from "@remix-run/react";
import { formatDistance } from "~/lib/geo";
import { formatMoney } from "~/lib/money";
import { photoSrcSet, photoUrl } from "~/modules/listings/photo-urls";
import { CONDITION_LABELS } from "~/modules/listings/labels";
import type { Condition } from "~db/schema-listings";

export interface CardData {
  id: string;
  title: string;
  priceCents: number;
  condition: Condition;
  placeName: string;
  shipping: boolean;
  coverKey: string | null;
  distanceKm: number | null;
}

export function Price({ cents }: { cents: number }) {
  return <>{cents === 0 ? "Free" : formatMoney(cents)}</>;
}

export function ListingPhoto({
  storageKey,
  alt,
  sizes,
  eager = false,
}: {
  storageKey: string | null;
  alt: string;
  sizes: string;
  eager?: boolean;
}) {
  if (!storageKey) return <div className="photo-placeholder" role="img" aria-label={`${alt} (no photo)`} />;
  return (
    <img
      src={photoUrl(storageKey, 800)}
      srcSet={photoSrcSet(storageKey)}
      sizes={sizes}
      alt={alt}
      loading={eager ? "eager" : "lazy"}
      decoding="async"
    />
  );
}

/** The heart: a plain form (works without JavaScript) that saves or unsaves and comes back here. */
export function FavoriteButton({ listingId, saved, title }: { listingId: string; saved: boolean; title: string }) {
  const location = useLocation();
  return (
    <Form method="post" action="/favorites" className="favorite-form">
      <input type="hidden" name="listingId" value={listingId} />
      <input type="hidden" name="intent" value={saved ? "remove" : "add"} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button
        type="submit"
        className={`favorite-button${saved ? " favorite-button--saved" : ""}`}
        aria-pressed={saved}
        aria-label={saved ? `Remove ${title} from saved items` : `Save ${title}`}
      >
        <span aria-hidden="true">{saved ? "♥" : "♡"}</span>
      </button>
    </Form>
  );
}

export function ListingCard({
  card,
  saved,
  showHeart,
  linkSuffix = "",
}: {
  card: CardData;
  saved?: boolean;
  showHeart?: boolean;
  linkSuffix?: string;
}) {
  return (
    <article className="listing-card">
      <Link to={`/listings/${card.id}${linkSuffix}`} className="listing-card__link">
        <ListingPhoto
          storageKey={card.coverKey}
          alt=""
          sizes="(min-width: 64rem) 16rem, (min-width: 40rem) 33vw, 50vw"
        />
        <h3 className="listing-card__title">{card.title}</h3>
      </Link>
      <p className="listing-card__price">
        <Price cents={card.priceCents} />
      </p>
      <p className="listing-card__meta">
        {CONDITION_LABELS[card.condition]} · {card.placeName}
        {card.distanceKm !== null ? ` · ${formatDistance(card.distanceKm)}` : ""}
        {card.shipping ? " · Ships" : ""}
      </p>
      {showHeart ? <FavoriteButton listingId={card.id} saved={Boolean(saved)} title={card.title} /> : null}
    </article>
  );
}

export function ListingGrid({
  cards,
  saved,
  showHearts,
  label,
  linkSuffix,
}: {
  cards: CardData[];
  saved?: string[];
  showHearts?: boolean;
  label: string;
  linkSuffix?: string;
}) {
  return (
    <ul className="listing-grid" aria-label={label}>
      {cards.map((card) => (
        <li key={card.id}>
          <ListingCard card={card} saved={saved?.includes(card.id)} showHeart={showHearts} linkSuffix={linkSuffix} />
        </li>
      ))}
    </ul>
  );
}
