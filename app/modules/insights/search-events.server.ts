import { createHash } from "node:crypto";
import { isbot } from "isbot";
import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { cellOf, normalizeTerm, resultBucket } from "./rules";

/**
 * Search events for shop insights (ADR 047): one INSERT per first page of results, and nothing
 * else on the search's path. A member who chose "Don't count my searches" is skipped inside that
 * same statement (no extra round trip). Searches without a place say nothing about a shop's area
 * and are not recorded.
 */
export interface SearchEventInput {
  term: string;
  categoryId: string | null;
  point: { latitude: number; longitude: number } | null;
  resultCount: number;
  memberId: string | null;
  /** For anonymous visitors: their address and browser, hashed with the day (see visitorKey). */
  visitor: { ip: string; userAgent: string } | null;
  now?: Date;
}

/**
 * A visitor's counting key: a hash of the address, browser and UTC day. It counts one visitor once
 * a day and cannot be followed to another day; it is never shown.
 */
export function visitorKey(visitor: { ip: string; userAgent: string }, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  return createHash("sha256")
    .update(`stoop-insights|${day}|${visitor.ip}|${visitor.userAgent}`)
    .digest("base64url")
    .slice(0, 22);
}

/** An anonymous visitor as insights count them; crawlers are not visitors (null). */
export function visitorOf(clientIp: string | undefined, request: Request): { ip: string; userAgent: string } | null {
  const userAgent = request.headers.get("user-agent") ?? "";
  if (isbot(userAgent)) return null;
  return { ip: clientIp ?? "", userAgent };
}

export async function recordSearch(db: Kysely<Database>, input: SearchEventInput): Promise<void> {
  if (!input.point) return;
  if (!input.memberId && !input.visitor) return;
  const { cellLat, cellLon } = cellOf(input.point);
  const key = input.memberId ? null : visitorKey(input.visitor!, input.now);
  await sql`
    insert into search_events (term, category_id, cell_lat, cell_lon, result_bucket, member_id, visitor_key)
    select ${normalizeTerm(input.term)}, ${input.categoryId ?? ""}, ${cellLat}, ${cellLon},
      ${resultBucket(input.resultCount)}, ${input.memberId}, ${key}
    where not exists (select 1 from users where id = ${input.memberId} and exclude_from_insights)`.execute(db);
}
