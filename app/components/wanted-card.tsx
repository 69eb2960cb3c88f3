import { Link } from "@remix-run/react";
import { formatDistance } from "~/lib/geo";
import { formatMoney } from "~/lib/money";
import { ListingPhoto } from "./listing-card";
import { Pill, type PillTone } from "./ui";

export interface WantedCardData {
  id: string;
  title: string;
  categoryName: string;
  budgetCents: number | null;
  placeName: string;
  radiusKm: number;
  photoKey: string | null;
  status: "open" | "solved" | "closed";
  expiresAt: string | Date;
  requesterName: string;
  answers: number;
  distanceKm: number | null;
}

const STATUS_LABELS = { open: "Open", solved: "Solved", closed: "Closed" } as const;

export function wantedStatusLabel(card: Pick<WantedCardData, "status" | "expiresAt">): string {
  if (card.status === "open" && new Date(card.expiresAt).getTime() <= Date.now()) return "Expired";
  return STATUS_LABELS[card.status];
}

/** The pill's tone for a request's status: open is good news, expired needs the requester. */
export function wantedStatusTone(card: Pick<WantedCardData, "status" | "expiresAt">): PillTone {
  const label = wantedStatusLabel(card);
  return label === "Open" ? "ok" : label === "Expired" ? "warn" : label === "Solved" ? "brand" : "neutral";
}

/** A request in a list: what, where, the budget, how many answers. */
export function WantedCard({ card, showStatus = false }: { card: WantedCardData; showStatus?: boolean }) {
  return (
    <article className="wanted-card card">
      {card.photoKey ? (
        <div className="wanted-card__photo">
          <ListingPhoto storageKey={card.photoKey} alt="" sizes="6rem" />
        </div>
      ) : null}
      <div className="wanted-card__text">
        <h3 className="wanted-card__title">
          <Link to={`/wanted/${card.id}`}>{card.title}</Link>
        </h3>
        <p className="wanted-card__meta">
          {card.categoryName} · {card.placeName} (within {card.radiusKm} km)
          {card.distanceKm !== null ? ` · ${formatDistance(card.distanceKm)}` : ""}
        </p>
        <p className="wanted-card__meta">
          {card.budgetCents !== null ? `Budget ${formatMoney(card.budgetCents)} · ` : ""}
          {card.answers} {card.answers === 1 ? "answer" : "answers"} · asked by {card.requesterName}
        </p>
        {showStatus ? (
          <p className="wanted-card__meta">
            <Pill tone={wantedStatusTone(card)}>{wantedStatusLabel(card)}</Pill>
          </p>
        ) : null}
      </div>
    </article>
  );
}

export function WantedList({
  cards,
  label,
  showStatus,
}: {
  cards: WantedCardData[];
  label: string;
  showStatus?: boolean;
}) {
  return (
    <ul className="wanted-list" aria-label={label}>
      {cards.map((card) => (
        <li key={card.id}>
          <WantedCard card={card} showStatus={showStatus} />
        </li>
      ))}
    </ul>
  );
}
