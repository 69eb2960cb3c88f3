import { z } from "zod";
import { idParam } from "~/lib/id-params.server";

/**
 * The feed's keyset cursor and its nearby rule: pure, shared by the feed query and its unit tests.
 */

/** Item kinds in the feed; another source adds its kind here. */
export const FEED_ITEM_KINDS = ["listing", "drop", "service", "answer", "nearby", "wanted"] as const;
export type FeedItemKind = (typeof FEED_ITEM_KINDS)[number];

/**
 * "Nearby" new listings fill the feed only while follows give little: when all the member's
 * follow sources together hold fewer than this many items (counted up to it), and the member has
 * set a feed location.
 */
export const NEARBY_FALLBACK_BELOW = 10;

export function includeNearby(followItems: number, hasPlace: boolean): boolean {
  return hasPlace && followItems < NEARBY_FALLBACK_BELOW;
}

/**
 * Where the next page starts: the last row's time (PostgreSQL's exact text of the timestamptz, so
 * no microseconds are lost), its key (`kind:id`, the tie-breaker) and whether this feed includes
 * the nearby items (decided on the first page, so every page of one feed has the same sources).
 */
export interface FeedCursor {
  at: string;
  key: string;
  nearby: boolean;
}

const PG_TIMESTAMPTZ =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/;

const keySchema = z
  .string()
  .max(200)
  .refine((key) => {
    const [kind, id, ...rest] = key.split(":");
    return (
      rest.length === 0 && (FEED_ITEM_KINDS as readonly string[]).includes(kind ?? "") && idParam.safeParse(id).success
    );
  });

const cursorSchema = z.tuple([z.string().regex(PG_TIMESTAMPTZ), keySchema, z.union([z.literal(0), z.literal(1)])]);

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.key, cursor.nearby ? 1 : 0])).toString("base64url");
}

/** The cursor, or null for the first page; `"broken"` for anything Stoop did not write. */
export function decodeFeedCursor(text: string | null | undefined): FeedCursor | null | "broken" {
  if (!text) return null;
  if (text.length > 400) return "broken";
  let value: unknown = null;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return "broken";
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) return "broken";
  return { at: parsed.data[0], key: parsed.data[1], nearby: parsed.data[2] === 1 };
}
