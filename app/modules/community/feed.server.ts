import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { executePrepared } from "~db/prepared-statements";
import { transaction } from "~db/transaction";
import { InvalidInput, NotFound } from "~/lib/errors";
import { boundingBox } from "~/lib/geo";
import { distanceExpression, selectCard, type ListingCard } from "~/modules/listings/search.server";
import { resolvePlace } from "~/modules/listings/location.server";
import { sellerInGoodStanding } from "~/modules/listings/visibility.server";
import { requestDistance, requesterInGoodStanding } from "./wanted-queries.server";
import {
  decodeFeedCursor,
  encodeFeedCursor,
  includeNearby,
  NEARBY_FALLBACK_BELOW,
  type FeedCursor,
  type FeedItemKind,
} from "./feed-cursor.server";
import { announceFeedChanged, cachedFirstPage, NEARBY_TTL_SECONDS, OTHER_TTL_SECONDS } from "./feed-cache.server";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The neighbourhood feed: a read model across listings, retailers and community, so it lives at
 * the top (ADR 031; the feed's shape is ADR 036).
 *
 * Each source is one SELECT producing the same columns `(kind, subject_id, via_id, at, key,
 * from_cents, to_cents)`: `subject_id` is what the item shows (a listing, a service, an answer),
 * `key` is `kind:row id`, unique across the feed, the tie-breaker of the order. Each branch applies
 * the cursor and its own ORDER BY … LIMIT (so it reads a few rows from its indexes), and the UNION
 * ALL of the branches is ordered and cut once more. A new source (the Wanted requests nearby) is
 * one more entry in FEED_SOURCES plus a hydrator for its kind.
 */

export const FEED_PAGE_SIZE = 20;

export interface FeedContext {
  userId: string;
  cursor: FeedCursor | null;
  /** Rows each branch reads: the page size plus one (to know whether there is a next page). */
  limit: number;
  place: { latitude: number; longitude: number; radiusKm: number } | null;
  /**
   * The follow sources that take the recent-first plan (ADR 042) because its walk fills their
   * branch (checked first, in `feedSettings`); the others take the per-follow plan.
   */
  recentKinds?: readonly FeedItemKind[];
  /** Rows that plan walks before giving up (RECENT_SCAN_ROWS; tests make it small). */
  recentScanRows?: number;
}

/** From this many follows the listing and drop sources try the recent-first plan (ADR 042). */
export const RECENT_SCAN_FROM_FOLLOWS = 100;
/** How many of the newest listings (and of the newest drops) that plan looks at before giving up. */
export const RECENT_SCAN_ROWS = 1_000;

export interface FeedSource {
  kind: FeedItemKind;
  /** True for sources that come from follows (they decide whether nearby items are added). */
  fromFollows: boolean;
  /** True for the nearby listings, which join only under the fallback rule (feed-cursor.server.ts). */
  fallback?: boolean;
  rows: (context: FeedContext) => RawBuilder<unknown> | null;
}

/**
 * The row-value comparison that continues after the cursor (newest first), plus a plain bound on
 * the time that an index can use. Keys compare as bytes (COLLATE "C"), the same in every branch
 * and in the outer ORDER BY, whatever the database's collation.
 */
function after(context: FeedContext, at: RawBuilder<unknown>, key: RawBuilder<unknown>) {
  if (!context.cursor) return sql`true`;
  return sql`${at} <= ${context.cursor.at}::timestamptz
    and (${at}, ${key}) < (${context.cursor.at}::timestamptz, ${context.cursor.key} collate "C")`;
}

const key = (prefix: string, id: RawBuilder<unknown>) => sql`(${prefix} || ${id}) collate "C"`;

/**
 * The recent-first plan (ADR 042) for a follow source of a member with many follows: walk the
 * newest `recentScanRows` rows of the whole table in the feed's order and keep the followed
 * sellers'. When that yields a full branch (`limit` rows, checked first in `feedSettings`), those
 * are exactly the branch's first rows (every row not walked comes later); otherwise (a member whose
 * follows are quiet) the branch takes the per-follow LATERAL plan. The check runs before the feed
 * query, not as a count gating both plans in one statement: PostgreSQL costs such a statement as
 * if both ran, which crosses its JIT threshold and spends more compiling than the walk takes.
 */
function withRecentScan(
  c: FeedContext,
  kind: FeedItemKind,
  recent: RawBuilder<unknown>,
  lateral: RawBuilder<unknown>,
): RawBuilder<unknown> {
  if (!c.recentKinds?.includes(kind)) return lateral;
  return sql`select ${kind}::text as kind, subject_id, null::text as via_id, at, key, from_cents, to_cents
    from (${recent}) as recent`;
}

const recentListings = (c: FeedContext) => sql`select listings.id as subject_id, listings.published_at as at,
    ${key("listing:", sql`listings.id`)} as key, null::integer as from_cents, null::integer as to_cents
  from (select listings.id, listings.seller_id, listings.published_at from listings
    where listings.status = 'active'
      and ${after(c, sql`listings.published_at`, key("listing:", sql`listings.id`))}
    order by listings.published_at desc, listings.id collate "C" desc limit ${c.recentScanRows ?? RECENT_SCAN_ROWS}) as listings
  where exists (select 1 from follows f where f.follower_id = ${c.userId} and f.followed_user_id = listings.seller_id)
    and ${sellerInGoodStanding}
  order by listings.published_at desc, listings.id collate "C" desc limit ${c.limit}`;

const recentDrops = (c: FeedContext) => sql`select pc.listing_id as subject_id, pc.changed_at as at,
    ${key("drop:", sql`pc.id`)} as key, pc.from_cents, pc.to_cents
  from (select pc.id, pc.listing_id, pc.seller_id, pc.changed_at, pc.from_cents, pc.to_cents
    from listing_price_changes pc
    where pc.to_cents < pc.from_cents and ${after(c, sql`pc.changed_at`, key("drop:", sql`pc.id`))}
    order by pc.changed_at desc, pc.id collate "C" desc limit ${c.recentScanRows ?? RECENT_SCAN_ROWS}) as pc
  join listings on listings.id = pc.listing_id
  where exists (select 1 from follows f where f.follower_id = ${c.userId} and f.followed_user_id = pc.seller_id)
    and listings.status = 'active' and ${sellerInGoodStanding}
  order by pc.changed_at desc, pc.id collate "C" desc limit ${c.limit}`;

/** Which follow sources' recent-first walk fills a branch of `c.limit` rows (what `feedSettings` checks; for the benchmark). */
export async function recentWalkFills(db: Executor, c: FeedContext): Promise<FeedItemKind[]> {
  const { rows } = await sql<{ listing: number; drop: number }>`select
      (select count(*)::int from (${recentListings(c)}) as l) as listing,
      (select count(*)::int from (${recentDrops(c)}) as d) as drop`.execute(db);
  const counts = rows[0]!;
  return (["listing", "drop"] as const).filter((kind) => counts[kind] >= c.limit);
}

/**
 * Follow sources start from the member's follows (the pair index) and take at most `limit` rows
 * per followed member or shop from that one's own index (a LATERAL subquery), so the work grows
 * with the number of follows and the page size, never with the size of listings.
 */
export const FEED_SOURCES: FeedSource[] = [
  {
    kind: "listing",
    fromFollows: true,
    rows: (c) =>
      withRecentScan(
        c,
        "listing",
        recentListings(c),
        sql`select 'listing'::text as kind, l.id as subject_id, null::text as via_id, l.published_at as at,
        ${key("listing:", sql`l.id`)} as key, null::integer as from_cents, null::integer as to_cents
      from follows f cross join lateral (
        select listings.id, listings.published_at from listings
        where listings.seller_id = f.followed_user_id and listings.status = 'active' and ${sellerInGoodStanding}
          and ${after(c, sql`listings.published_at`, key("listing:", sql`listings.id`))}
        order by listings.published_at desc, ${key("listing:", sql`listings.id`)} desc limit ${c.limit}) l
      where f.follower_id = ${c.userId} and f.followed_user_id is not null
      order by at desc, key desc limit ${c.limit}`,
      ),
  },
  {
    kind: "drop",
    fromFollows: true,
    rows: (c) =>
      withRecentScan(
        c,
        "drop",
        recentDrops(c),
        sql`select 'drop'::text, d.listing_id, null::text, d.changed_at, ${key("drop:", sql`d.id`)},
        d.from_cents, d.to_cents
      from follows f cross join lateral (
        select pc.id, pc.listing_id, pc.changed_at, pc.from_cents, pc.to_cents
        from listing_price_changes pc join listings on listings.id = pc.listing_id
        where pc.seller_id = f.followed_user_id and pc.to_cents < pc.from_cents
          and listings.status = 'active' and ${sellerInGoodStanding}
          and ${after(c, sql`pc.changed_at`, key("drop:", sql`pc.id`))}
        order by pc.changed_at desc, ${key("drop:", sql`pc.id`)} desc limit ${c.limit}) d
      where f.follower_id = ${c.userId} and f.followed_user_id is not null
      order by 4 desc, 5 desc limit ${c.limit}`,
      ),
  },
  {
    kind: "service",
    fromFollows: true,
    rows: (
      c,
    ) => sql`select 'service'::text, s.id, r.id, s.created_at, ${key("service:", sql`s.id`)}, null::integer, null::integer
      from follows f join retailers r on r.id = f.followed_retailer_id and r.status = 'verified'
      cross join lateral (
        select services.id, services.created_at from services
        where services.retailer_id = r.id and services.active
          and ${after(c, sql`services.created_at`, key("service:", sql`services.id`))}
        order by services.created_at desc, ${key("service:", sql`services.id`)} desc limit ${c.limit}) s
      where f.follower_id = ${c.userId} and f.followed_retailer_id is not null
      order by 4 desc, 5 desc limit ${c.limit}`,
  },
  {
    // A public answer by a followed shop's staff (the shop's badge is the same read-time rule).
    kind: "answer",
    fromFollows: true,
    rows: (
      c,
    ) => sql`select 'answer'::text, a.id, min(r.id), a.created_at, ${key("answer:", sql`a.id`)}, null::integer, null::integer
      from follows f join retailers r on r.id = f.followed_retailer_id and r.status = 'verified'
      join retailer_staff rs on rs.retailer_id = r.id
      join answers a on a.author_id = rs.user_id and a.removed_at is null
      join questions q on q.id = a.question_id
      join listings on listings.id = q.listing_id
      where f.follower_id = ${c.userId} and f.followed_retailer_id is not null
        and listings.status in ('active', 'reserved', 'sold') and ${sellerInGoodStanding}
        and ${after(c, sql`a.created_at`, key("answer:", sql`a.id`))}
      group by a.id, a.created_at
      order by 4 desc, 5 desc limit ${c.limit}`,
  },
  {
    // New listings around the member's feed location, when follows give little (feed-cursor.server.ts).
    // The box is the geo index's; only a few thousand rows fall in a 10 km box even in a big city.
    kind: "nearby",
    fromFollows: false,
    fallback: true,
    rows: (c) => {
      if (!c.place) return null;
      const box = boundingBox(c.place, c.place.radiusKm);
      return sql`select 'nearby'::text, listings.id, null::text, listings.published_at, ${key("nearby:", sql`listings.id`)},
          null::integer, null::integer
        from listings
        where listings.status = 'active' and ${sellerInGoodStanding}
          and listings.latitude between ${box.minLatitude} and ${box.maxLatitude}
          and listings.longitude between ${box.minLongitude} and ${box.maxLongitude}
          and ${distanceExpression(c.place)} <= ${c.place.radiusKm}
          and listings.seller_id <> ${c.userId}
          and not exists (select 1 from follows f where f.follower_id = ${c.userId} and f.followed_user_id = listings.seller_id)
          and ${after(c, sql`listings.published_at`, key("nearby:", sql`listings.id`))}
        order by 4 desc, 5 desc limit ${c.limit}`;
    },
  },
  {
    // Open Wanted requests near the member's feed place (within the member's radius), not their own:
    // always in, not only as a fallback. The listing rule is wanted-queries' `listedRequests` (open,
    // unexpired, not removed, requester in good standing), here in SQL; the box is the index's.
    kind: "wanted",
    fromFollows: false,
    rows: (c) => {
      if (!c.place) return null;
      const box = boundingBox(c.place, c.place.radiusKm);
      return sql`select 'wanted'::text, wanted_requests.id, null::text, wanted_requests.created_at,
          ${key("wanted:", sql`wanted_requests.id`)}, wanted_requests.budget_cents, null::integer
        from wanted_requests
        where wanted_requests.status = 'open' and wanted_requests.expires_at > now()
          and wanted_requests.removed_at is null and ${requesterInGoodStanding}
          and wanted_requests.latitude between ${box.minLatitude} and ${box.maxLatitude}
          and wanted_requests.longitude between ${box.minLongitude} and ${box.maxLongitude}
          and ${requestDistance(c.place)} <= ${c.place.radiusKm}
          and wanted_requests.requester_id <> ${c.userId}
          and ${after(c, sql`wanted_requests.created_at`, key("wanted:", sql`wanted_requests.id`))}
        order by 4 desc, 5 desc limit ${c.limit}`;
    },
  },
];

interface FeedRow {
  kind: FeedItemKind;
  subjectId: string;
  viaId: string | null;
  at: Date;
  atText: string;
  key: string;
  fromCents: number | null;
  toCents: number | null;
}

/** The UNION ALL of the given sources' branches, ordered and cut: the feed's one query. */
export function feedQuery(sources: FeedSource[], context: FeedContext): RawBuilder<FeedRow> | null {
  const branches = sources.map((source) => source.rows(context)).filter((branch) => branch !== null);
  if (branches.length === 0) return null;
  const union = sql.join(
    branches.map((branch) => sql`(${branch})`),
    sql` union all `,
  );
  return sql<FeedRow>`select kind, subject_id, via_id, at, at::text as at_text, key, from_cents, to_cents
    from (${union}) as feed (kind, subject_id, via_id, at, key, from_cents, to_cents)
    order by at desc, key collate "C" desc limit ${context.limit}`;
}

export type FeedItem =
  | {
      kind: "listing" | "nearby";
      key: string;
      at: Date;
      listing: ListingCard & { sellerId: string; sellerName: string };
    }
  | {
      kind: "drop";
      key: string;
      at: Date;
      listing: ListingCard & { sellerId: string; sellerName: string };
      fromCents: number;
      toCents: number;
    }
  | {
      kind: "service";
      key: string;
      at: Date;
      service: { id: string; title: string; priceCents: number; retailerName: string; retailerSlug: string };
    }
  | {
      kind: "answer";
      key: string;
      at: Date;
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
      at: Date;
      wanted: { id: string; title: string; budgetCents: number | null; placeName: string };
    };

export interface FeedPage {
  items: FeedItem[];
  nextCursor: string | null;
  /** Whether this feed includes nearby listings (the fallback rule), and from where. */
  nearby: { placeName: string; radiusKm: number } | null;
  follows: number;
  /** The member's feed place and radius (what /feed's form shows). */
  settings: { feedPlaceName: string | null; feedRadiusKm: number };
}

/**
 * The member's feed settings, their follow count and, when the recent-first plan applies (ADR 042:
 * `plan`, or by default RECENT_SCAN_FROM_FOLLOWS follows or more), what its walks yield: one round
 * trip. An InitPlan runs only when first needed, so the walks cost nothing for a member with few
 * follows.
 */
async function feedSettings(
  db: Executor,
  walk: FeedContext,
  plan: "auto" | "lateral" | "recent",
): Promise<{
  feedPlaceName: string | null;
  feedLatitude: number | null;
  feedLongitude: number | null;
  feedRadiusKm: number;
  follows: number;
  recentKinds: FeedItemKind[];
}> {
  // The count is taken once (a LATERAL), and the walks read it rather than counting again.
  const walks =
    plan === "lateral"
      ? sql`false`
      : plan === "recent"
        ? sql`true`
        : sql`counted.follows >= ${RECENT_SCAN_FROM_FOLLOWS}`;
  const settingsQuery = sql<{
    feedPlaceName: string | null;
    feedLatitude: number | null;
    feedLongitude: number | null;
    feedRadiusKm: number;
    follows: number;
    listingWalk: number | null;
    dropWalk: number | null;
  }>`select feed_place_name, feed_latitude, feed_longitude, feed_radius_km, counted.follows,
      case when ${walks} then (select count(*)::int from (${recentListings(walk)}) as l) end as listing_walk,
      case when ${walks} then (select count(*)::int from (${recentDrops(walk)}) as d) end as drop_walk
    from users
    cross join lateral (select count(*)::int as follows from follows where follows.follower_id = users.id) as counted
    where users.id = ${walk.userId}`;
  const { rows } = await executePrepared(db, settingsQuery);
  const row = rows[0];
  if (!row) throw new NotFound("That member doesn't exist.");
  const recentKinds: FeedItemKind[] = [];
  if ((row.listingWalk ?? 0) >= walk.limit) recentKinds.push("listing");
  if ((row.dropWalk ?? 0) >= walk.limit) recentKinds.push("drop");
  return { ...row, recentKinds };
}

/**
 * One page of the member's feed, newest first. `cursorText` is the `after` link's value; anything
 * Stoop did not write is InvalidInput (a 400), never a database error.
 */
export async function memberFeed(
  db: Executor,
  userId: string,
  options: {
    cursor?: string | null;
    pageSize?: number;
    /** Which plan the follow sources use; "auto" (the default) picks by follow count. For tests and the benchmark. */
    plan?: "auto" | "lateral" | "recent";
    recentScanRows?: number;
  } = {},
): Promise<FeedPage> {
  const pageSize = options.pageSize ?? FEED_PAGE_SIZE;
  const cursor = decodeFeedCursor(options.cursor);
  if (cursor === "broken")
    throw new InvalidInput("That page link is broken.", { after: ["That page link is broken; start from the top."] });
  // The walk is checked against the larger of the two limits used below; filling it fills both.
  const settings = await feedSettings(
    db,
    {
      userId,
      cursor,
      limit: cursor ? pageSize + 1 : Math.max(pageSize + 1, NEARBY_FALLBACK_BELOW),
      place: null,
      recentScanRows: options.recentScanRows,
    },
    options.plan ?? "auto",
  );
  const { follows, recentKinds } = settings;
  const hasPlace = settings.feedLatitude !== null && settings.feedLongitude !== null;
  const place = hasPlace
    ? { latitude: settings.feedLatitude!, longitude: settings.feedLongitude!, radiusKm: settings.feedRadiusKm }
    : null;
  // The follow sources run once: on the first page their rows (at least NEARBY_FALLBACK_BELOW of
  // them) decide the nearby rule and, when no other source applies, are the page. The Wanted
  // source needs a feed place; without one it adds nothing.
  const followSources = FEED_SOURCES.filter((source) => source.fromFollows);
  const sourcesFor = (withNearby: boolean) => FEED_SOURCES.filter((source) => !source.fallback || withNearby);
  let nearby = Boolean(cursor?.nearby) && hasPlace;
  let rows: FeedRow[];
  if (cursor) {
    const query = feedQuery(sourcesFor(nearby), {
      userId,
      cursor,
      limit: pageSize + 1,
      place,
      recentKinds,
      recentScanRows: options.recentScanRows,
    });
    rows = query ? (await executePrepared(db, query)).rows : [];
  } else {
    const limit = Math.max(pageSize + 1, NEARBY_FALLBACK_BELOW);
    const query = feedQuery(followSources, {
      userId,
      cursor: null,
      limit,
      place: null,
      recentKinds,
      recentScanRows: options.recentScanRows,
    });
    rows = query ? (await executePrepared(db, query)).rows : [];
    nearby = includeNearby(rows.length, hasPlace);
    if (hasPlace) {
      const withPlace = feedQuery(sourcesFor(nearby), {
        userId,
        cursor: null,
        limit: pageSize + 1,
        place,
        recentKinds,
        recentScanRows: options.recentScanRows,
      });
      rows = withPlace ? (await executePrepared(db, withPlace)).rows : [];
    }
    rows = rows.slice(0, pageSize + 1);
  }
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    items: await hydrate(db, page),
    nextCursor: rows.length > pageSize && last ? encodeFeedCursor({ at: last.atText, key: last.key, nearby }) : null,
    nearby:
      nearby && settings.feedPlaceName ? { placeName: settings.feedPlaceName, radiusKm: settings.feedRadiusKm } : null,
    follows: Number(follows),
    settings: { feedPlaceName: settings.feedPlaceName, feedRadiusKm: settings.feedRadiusKm },
  };
}

/**
 * What the pages read: a later page is `memberFeed`'s, the first page comes from the member's
 * cached copy while nothing it shows has changed (feed-cache.server.ts, ADR 049). `memberFeed`
 * itself never caches (tests and the benchmark read the database through it).
 */
export function readMemberFeed(
  db: Kysely<Database>,
  userId: string,
  options: { cursor?: string | null; pageSize?: number } = {},
): Promise<FeedPage> {
  if (options.cursor) return memberFeed(db, userId, options);
  const pageSize = options.pageSize ?? FEED_PAGE_SIZE;
  return cachedFirstPage(
    db,
    userId,
    pageSize,
    () => memberFeed(db, userId, { pageSize }),
    (page) => (page.settings.feedPlaceName === null ? OTHER_TTL_SECONDS : NEARBY_TTL_SECONDS),
  );
}

/** Reads what each row shows, a few queries per page (one per kind present). */
async function hydrate(db: Executor, rows: FeedRow[]): Promise<FeedItem[]> {
  const ids = (kinds: FeedItemKind[]) => [
    ...new Set(rows.filter((row) => kinds.includes(row.kind)).map((row) => row.subjectId)),
  ];
  const listingIds = ids(["listing", "drop", "nearby"]);
  const serviceIds = ids(["service"]);
  const answerIds = ids(["answer"]);
  const wantedIds = ids(["wanted"]);
  const [listings, services, answers, wanted] = await Promise.all([
    listingIds.length
      ? selectCard(db.selectFrom("listings"), null)
          .select([
            "listings.sellerId",
            sql<string>`(select seller.display_name from users as seller where seller.id = listings.seller_id)`.as(
              "sellerName",
            ),
          ])
          .where("listings.id", "in", listingIds)
          .execute()
      : [],
    serviceIds.length
      ? db
          .selectFrom("services")
          .innerJoin("retailers", "retailers.id", "services.retailerId")
          .select([
            "services.id",
            "services.title",
            "services.priceCents",
            "retailers.name as retailerName",
            "retailers.slug as retailerSlug",
          ])
          .where("services.id", "in", serviceIds)
          .execute()
      : [],
    answerIds.length
      ? db
          .selectFrom("answers")
          .innerJoin("questions", "questions.id", "answers.questionId")
          .innerJoin("listings", "listings.id", "questions.listingId")
          .select([
            "answers.id",
            "answers.body",
            "questions.body as question",
            "listings.id as listingId",
            "listings.title as listingTitle",
          ])
          .where("answers.id", "in", answerIds)
          .execute()
      : [],
    wantedIds.length
      ? db
          .selectFrom("wantedRequests")
          .select(["id", "title", "budgetCents", "placeName"])
          .where("id", "in", wantedIds)
          .execute()
      : [],
  ]);
  const shopIds = [...new Set(rows.filter((row) => row.kind === "answer" && row.viaId).map((row) => row.viaId!))];
  const shops = shopIds.length
    ? await db.selectFrom("retailers").select(["id", "name", "slug"]).where("id", "in", shopIds).execute()
    : [];
  const listingById = new Map(listings.map((listing) => [listing.id, listing]));
  const serviceById = new Map(services.map((service) => [service.id, service]));
  const answerById = new Map(answers.map((answer) => [answer.id, answer]));
  const shopById = new Map(shops.map((shop) => [shop.id, shop]));
  const wantedById = new Map(wanted.map((request) => [request.id, request]));
  const items: FeedItem[] = [];
  for (const row of rows) {
    const base = { key: row.key, at: new Date(row.at) };
    if (row.kind === "listing" || row.kind === "nearby" || row.kind === "drop") {
      const listing = listingById.get(row.subjectId);
      if (!listing) continue;
      if (row.kind === "drop")
        items.push({ ...base, kind: "drop", listing, fromCents: row.fromCents ?? 0, toCents: row.toCents ?? 0 });
      else items.push({ ...base, kind: row.kind, listing });
    } else if (row.kind === "service") {
      const service = serviceById.get(row.subjectId);
      if (service) items.push({ ...base, kind: "service", service });
    } else if (row.kind === "answer") {
      const answer = answerById.get(row.subjectId);
      const shop = row.viaId ? shopById.get(row.viaId) : undefined;
      if (answer && shop)
        items.push({
          ...base,
          kind: "answer",
          answer: { ...answer, retailerName: shop.name, retailerSlug: shop.slug },
        });
    } else if (row.kind === "wanted") {
      const request = wantedById.get(row.subjectId);
      if (request) items.push({ ...base, kind: "wanted", wanted: request });
    }
  }
  return items;
}

/**
 * Where the feed's nearby items are measured from: a place (postal code or town, resolved offline
 * like a listing's) and a radius; an empty place clears it.
 */
export async function setFeedLocation(
  db: Executor,
  userId: string,
  input: { place: string; radiusKm: number },
): Promise<void> {
  const place = input.place ? resolvePlace(input.place) : null;
  if (input.place && !place)
    throw new InvalidInput("Please fix the marked fields.", {
      place: ["We don't know that place. Try a postal code like 97214 or a town like “Portland, OR”."],
    });
  await transaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({
        feedPlaceName: place?.placeName ?? null,
        feedLatitude: place?.latitude ?? null,
        feedLongitude: place?.longitude ?? null,
        feedRadiusKm: input.radiusKm,
      })
      .where("id", "=", userId)
      .execute();
    // The member's nearby items move with the place: their cached first page drops (ADR 049).
    await announceFeedChanged(trx, userId);
  });
}
