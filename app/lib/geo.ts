/** Great-circle distances for the approximate points Stoop stores (a postal code's or town's centre). */

export const EARTH_RADIUS_KM = 6371;
const KM_PER_DEGREE_LATITUDE = 111.045;

export interface Point {
  latitude: number;
  longitude: number;
}

export function distanceKm(a: Point, b: Point): number {
  const toRad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRad(b.latitude - a.latitude);
  const dLon = toRad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.latitude)) * Math.cos(toRad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box that contains every point within `km` of the centre (an index-friendly prefilter). */
export function boundingBox(center: Point, km: number) {
  const dLat = km / KM_PER_DEGREE_LATITUDE;
  const cosLat = Math.max(Math.cos((center.latitude * Math.PI) / 180), 0.01);
  const dLon = Math.min(180, km / (KM_PER_DEGREE_LATITUDE * cosLat));
  return {
    minLatitude: center.latitude - dLat,
    maxLatitude: center.latitude + dLat,
    minLongitude: center.longitude - dLon,
    maxLongitude: center.longitude + dLon,
  };
}

/** "~3 km away": rounded, because the points themselves are approximate. */
export function formatDistance(km: number): string {
  if (km < 1) return "less than 1 km away";
  if (km < 10) return `~${Math.round(km)} km away`;
  return `~${Math.round(km / 5) * 5} km away`;
}

/** "1.2 km": a meetup spot's distance from the seller's pickup area (tenths below 10 km). */
export function formatKm(km: number): string {
  if (km < 10) return `${(Math.round(km * 10) / 10).toFixed(1)} km`;
  return `${Math.round(km)} km`;
}
