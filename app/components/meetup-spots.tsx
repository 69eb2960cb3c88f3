import { Form, Link } from "@remix-run/react";
import { formatKm } from "~/lib/geo";
import { EmptyState } from "./ui";

export interface MeetupSpotView {
  kind: "spot" | "shop";
  id: string;
  name: string;
  area: string;
  hours: string;
  placeName: string;
  distanceKm: number;
  slug: string | null;
}

export interface MeetupPanelData {
  chosen: (MeetupSpotView & { chosenByName: string | null }) | null;
  canChoose: boolean;
  spots: MeetupSpotView[];
  radiusKm: number;
}

/**
 * The pickup order's safe meetup spots: the chosen one, and while the item has not changed hands,
 * the nearest spots to the seller's pickup area with a button each (works without JavaScript).
 */
export function MeetupSpots({ meetup, error }: { meetup: MeetupPanelData; error?: string | null }) {
  const { chosen } = meetup;
  return (
    <section className="card" aria-labelledby="meetup-spots-title">
      <h2 id="meetup-spots-title">Meetup spot</h2>
      {chosen ? (
        <p>
          Meet at <strong>{chosen.name}</strong>, {chosen.area} ({formatKm(chosen.distanceKm)} from the pickup area).
          Hours: {chosen.hours}.{chosen.chosenByName ? ` Chosen by ${chosen.chosenByName}.` : null}
        </p>
      ) : (
        <p className="muted">No meetup spot chosen yet. Public spots are safer than a home address.</p>
      )}
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
      {meetup.canChoose ? (
        meetup.spots.length === 0 ? (
          <EmptyState title={`No meetup spots within ${meetup.radiusKm} km of the pickup area.`} />
        ) : (
          <ul className="plain-list" aria-label="Nearest meetup spots">
            {meetup.spots.map((spot) => {
              const isChosen = chosen?.kind === spot.kind && chosen.id === spot.id;
              return (
                <li key={`${spot.kind}:${spot.id}`}>
                  <p>
                    <strong>{spot.name}</strong> · {formatKm(spot.distanceKm)}
                    {spot.kind === "shop" && spot.slug ? (
                      <>
                        {" "}
                        · <Link to={`/retailers/${spot.slug}`}>shop</Link>
                      </>
                    ) : null}
                    <br />
                    <span className="muted">
                      {spot.area} · {spot.hours}
                    </span>
                  </p>
                  {isChosen ? null : (
                    <Form method="post">
                      <input type="hidden" name="spotKind" value={spot.kind} />
                      <input type="hidden" name="spotId" value={spot.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="chooseMeetupSpot"
                        className="button--secondary"
                        aria-label={`Meet at ${spot.name}`}
                      >
                        Meet here
                      </button>
                    </Form>
                  )}
                </li>
              );
            })}
          </ul>
        )
      ) : null}
    </section>
  );
}
