import zipcodes from "zipcodes";
import type { Point } from "~/lib/geo";

/**
 * Offline gazetteer: US ZIP codes and Canadian postal areas (the `zipcodes` package, no network).
 * Only the centre of the postal area or town is ever stored, never an address.
 */

export interface Place extends Point {
  placeName: string;
  postalCode: string | null;
}

interface ZipRecord {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}

let byCity: Map<string, ZipRecord[]> | null = null;

function cityIndex(): Map<string, ZipRecord[]> {
  if (byCity) return byCity;
  byCity = new Map();
  for (const record of Object.values(zipcodes.codes as Record<string, ZipRecord>)) {
    if (record.country !== "US") continue;
    const key = record.city.toLowerCase();
    const list = byCity.get(key) ?? [];
    list.push(record);
    byCity.set(key, list);
  }
  return byCity;
}

function centre(records: ZipRecord[]): Point {
  const latitude = records.reduce((sum, r) => sum + r.latitude, 0) / records.length;
  const longitude = records.reduce((sum, r) => sum + r.longitude, 0) / records.length;
  return { latitude: round(latitude), longitude: round(longitude) };
}

// Two decimals (~1 km): the stored point says where, roughly, and no more.
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Resolves "10001", "M5V 3L9", "Portland, OR" or "Brooklyn" to an approximate point, or null.
 * A bare city name that several states share picks the one with the most postal codes.
 */
export function resolvePlace(input: string): Place | null {
  const text = input.trim().replace(/\s+/g, " ");
  if (!text) return null;
  const usZip = /^(\d{5})(-\d{4})?$/.exec(text);
  if (usZip) {
    const record = zipcodes.lookup(usZip[1]!) as ZipRecord | undefined;
    return record
      ? { ...centre([record]), placeName: `${record.city}, ${record.state}`, postalCode: record.zip }
      : null;
  }
  const caPostal = /^([A-Za-z]\d[A-Za-z])\s?(\d[A-Za-z]\d)?$/.exec(text);
  if (caPostal) {
    const record = zipcodes.lookup(caPostal[1]!.toUpperCase()) as ZipRecord | undefined;
    if (!record) return null;
    const city = record.city.replace(/\s*\(.*\)\s*$/, "");
    return { ...centre([record]), placeName: `${city}, ${record.state}`, postalCode: record.zip };
  }
  const [cityPart, statePart] = text.split(",").map((part) => part.trim());
  const candidates = cityIndex().get((cityPart ?? "").toLowerCase());
  if (!candidates?.length) return null;
  const byState = new Map<string, ZipRecord[]>();
  for (const record of candidates) byState.set(record.state, [...(byState.get(record.state) ?? []), record]);
  let chosen: ZipRecord[] | undefined;
  if (statePart) {
    chosen = byState.get(statePart.toUpperCase());
    if (!chosen) return null;
  } else {
    chosen = [...byState.values()].sort((a, b) => b.length - a.length)[0];
  }
  if (!chosen?.length) return null;
  return { ...centre(chosen), placeName: `${chosen[0]!.city}, ${chosen[0]!.state}`, postalCode: null };
}
