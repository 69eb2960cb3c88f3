import { sql, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Forbidden, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { formatMoney } from "~/lib/money";
import { enforceRateLimit } from "~/modules/accounts/rate-limit.server";
import { sellerInGoodStanding } from "~/modules/listings/visibility.server";
import { notify } from "~/modules/notifications/notify.server";
import { announceFeedChanged } from "./feed-cache.server";
import { COMMUNITY_RATE_LIMITS } from "./rate-limits.server";

type Db = Kysely<Database>;
type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Members follow members and shops (migrations/0026_follows.ts). Following is idempotent (one row
 * per pair, `on conflict do nothing`), never oneself nor one's own shop, and only of someone others
 * can see: a member in good standing, a verified shop. A suspended member's follows are hidden
 * wherever they would show (counts, follower lists), and come back when they are reinstated.
 */

export type FollowTarget = { kind: "member"; id: string } | { kind: "retailer"; id: string };

/** A follower counts where they show only while they are an active member (not suspended or deleted). */
const followerVisible = sql<SqlBool>`exists (
  select 1 from users as follower where follower.id = follows.follower_id
    and follower.suspended_at is null and follower.deleted_at is null)`;

async function assertFollowable(db: Executor, followerId: string, target: FollowTarget): Promise<void> {
  if (target.kind === "member") {
    if (target.id === followerId) throw new Forbidden("You can't follow yourself.");
    const member = await db
      .selectFrom("users")
      .select(["id"])
      .where("id", "=", target.id)
      .where("deletedAt", "is", null)
      .where("suspendedAt", "is", null)
      .executeTakeFirst();
    if (!member) throw new NotFound("That member doesn't exist.");
    return;
  }
  const retailer = await db
    .selectFrom("retailers")
    .select(["id"])
    .where("id", "=", target.id)
    .where("status", "=", "verified")
    .executeTakeFirst();
  if (!retailer) throw new NotFound("That shop doesn't exist.");
  const staff = await db
    .selectFrom("retailerStaff")
    .select("userId")
    .where("retailerId", "=", target.id)
    .where("userId", "=", followerId)
    .executeTakeFirst();
  if (staff) throw new Forbidden("You can't follow your own shop.");
}

const targetColumn = (target: FollowTarget) =>
  target.kind === "member" ? ("followedUserId" as const) : ("followedRetailerId" as const);

/** Follows a member or a shop; following again changes nothing (and costs no rate-limit hit). */
export async function follow(db: Db, followerId: string, target: FollowTarget): Promise<void> {
  await assertFollowable(db, followerId, target);
  if (await isFollowing(db, followerId, target)) return;
  await enforceRateLimit(db, `community:follow:${followerId}`, COMMUNITY_RATE_LIMITS.followsPerUser);
  await transaction(db, async (trx) => {
    await trx
      .insertInto("follows")
      .values({
        id: newId(),
        followerId,
        followedUserId: target.kind === "member" ? target.id : null,
        followedRetailerId: target.kind === "retailer" ? target.id : null,
      })
      // Either pair index: a double click racing itself inserts one row.
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    // The follower's feed now includes them (its cached first page drops, ADR 049).
    await announceFeedChanged(trx, followerId);
  });
}

/** Unfollows; unfollowing someone one does not follow changes nothing. */
export async function unfollow(db: Executor, followerId: string, target: FollowTarget): Promise<void> {
  await transaction(db, async (trx) => {
    await trx
      .deleteFrom("follows")
      .where("followerId", "=", followerId)
      .where(targetColumn(target), "=", target.id)
      .execute();
    await announceFeedChanged(trx, followerId);
  });
}

export async function isFollowing(db: Executor, followerId: string | null, target: FollowTarget): Promise<boolean> {
  if (!followerId) return false;
  const row = await db
    .selectFrom("follows")
    .select("id")
    .where("followerId", "=", followerId)
    .where(targetColumn(target), "=", target.id)
    .executeTakeFirst();
  return Boolean(row);
}

export async function followerCount(db: Executor, target: FollowTarget): Promise<number> {
  const row = await db
    .selectFrom("follows")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where(targetColumn(target), "=", target.id)
    .where(followerVisible)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** What a profile or shop page shows: the count, whether the viewer follows, and whether they may. */
export async function followPanel(db: Executor, viewerId: string | null, target: FollowTarget, canFollow: boolean) {
  const [count, following] = await Promise.all([
    followerCount(db, target),
    canFollow ? isFollowing(db, viewerId, target) : Promise.resolve(false),
  ]);
  return { count, following, canFollow };
}

export const FOLLOWER_PAGE_SIZE = 100;

/**
 * A member's followers, newest first. A member may hide the list: then others get only the count
 * (`hidden: true`, no names), and the member themself still sees it.
 */
export async function memberFollowers(db: Executor, memberId: string, viewerId: string | null) {
  const member = await db
    .selectFrom("users")
    .select(["id", "displayName", "hideFollowers"])
    .where("id", "=", memberId)
    .where("deletedAt", "is", null)
    .where("suspendedAt", "is", null)
    .executeTakeFirst();
  if (!member) throw new NotFound("That member doesn't exist.");
  const count = await followerCount(db, { kind: "member", id: memberId });
  const hidden = member.hideFollowers && viewerId !== memberId;
  const followers = hidden
    ? []
    : await db
        .selectFrom("follows")
        .innerJoin("users", "users.id", "follows.followerId")
        .select(["users.id", "users.displayName", "follows.createdAt"])
        .where("follows.followedUserId", "=", memberId)
        .where("users.suspendedAt", "is", null)
        .where("users.deletedAt", "is", null)
        .orderBy("follows.createdAt", "desc")
        .orderBy("follows.id", "desc")
        .limit(FOLLOWER_PAGE_SIZE)
        .execute();
  return {
    member: { id: member.id, displayName: member.displayName, hideFollowers: member.hideFollowers },
    count,
    hidden,
    followers,
  };
}

/** Whom the member follows (members in good standing and verified shops), newest first. */
export async function following(db: Executor, userId: string) {
  const [members, shops, settings] = await Promise.all([
    db
      .selectFrom("follows")
      .innerJoin("users", "users.id", "follows.followedUserId")
      .select(["users.id", "users.displayName", "follows.createdAt"])
      .where("follows.followerId", "=", userId)
      .where("users.suspendedAt", "is", null)
      .where("users.deletedAt", "is", null)
      .orderBy("follows.createdAt", "desc")
      .execute(),
    db
      .selectFrom("follows")
      .innerJoin("retailers", "retailers.id", "follows.followedRetailerId")
      .select(["retailers.id", "retailers.name", "retailers.slug", "follows.createdAt"])
      .where("follows.followerId", "=", userId)
      .where("retailers.status", "=", "verified")
      .orderBy("follows.createdAt", "desc")
      .execute(),
    db.selectFrom("users").select(["hideFollowers"]).where("id", "=", userId).executeTakeFirstOrThrow(),
  ]);
  return { members, shops, hideFollowers: settings.hideFollowers };
}

export async function setHideFollowers(db: Executor, userId: string, hide: boolean): Promise<void> {
  await db.updateTable("users").set({ hideFollowers: hide, updatedAt: new Date() }).where("id", "=", userId).execute();
}

/**
 * Tells the seller's followers about a listing just published (the `follow-listing` job the publish
 * enqueues). One notification per follower and listing (its dedupe key), so a retry or a
 * re-publish of an archived listing tells nobody twice. In-app at once; the email waits for the
 * daily digest (the kind is a digest kind).
 */
export async function notifyFollowersOfListing(db: Db, listingId: string): Promise<{ notified: number }> {
  const listing = await db
    .selectFrom("listings")
    .innerJoin("users as seller", "seller.id", "listings.sellerId")
    .select(["listings.id", "listings.title", "listings.priceCents", "listings.sellerId", "seller.displayName"])
    .where("listings.id", "=", listingId)
    .where("listings.status", "=", "active")
    .where(sellerInGoodStanding)
    .executeTakeFirst();
  if (!listing) return { notified: 0 };
  return tellFollowers(db, { followedUserId: listing.sellerId }, (followerId) => ({
    kind: "follow_listing",
    content: {
      title: `${listing.displayName} listed ${listing.title} (${formatMoney(listing.priceCents)})`,
      body: `${listing.displayName}, whom you follow, just listed “${listing.title}”.`,
      url: `/listings/${listing.id}`,
    },
    dedupeKey: `follow-listing:${listing.id}:${followerId}`,
  }));
}

/** The same for a shop's new service (the `follow-service` job that creating it enqueues). */
export async function notifyFollowersOfService(db: Db, serviceId: string): Promise<{ notified: number }> {
  const service = await db
    .selectFrom("services")
    .innerJoin("retailers", "retailers.id", "services.retailerId")
    .select(["services.id", "services.title", "services.retailerId", "retailers.name", "retailers.slug"])
    .where("services.id", "=", serviceId)
    .where("services.active", "=", true)
    .where("retailers.status", "=", "verified")
    .executeTakeFirst();
  if (!service) return { notified: 0 };
  return tellFollowers(db, { followedRetailerId: service.retailerId }, (followerId) => ({
    kind: "follow_service",
    content: {
      title: `${service.name} offers a new service: ${service.title}`,
      body: `${service.name}, a shop you follow, added “${service.title}” to its services.`,
      url: `/retailers/${service.slug}`,
    },
    dedupeKey: `follow-service:${service.id}:${followerId}`,
  }));
}

/**
 * One notification per visible follower of a member or a shop, each in its own transaction (a
 * large following isn't one long transaction); the dedupe key makes a retried job tell nobody twice.
 */
async function tellFollowers(
  db: Db,
  followed: { followedUserId: string } | { followedRetailerId: string },
  notice: (followerId: string) => {
    kind: "follow_listing" | "follow_service";
    content: { title: string; body: string; url: string };
    dedupeKey: string;
  },
): Promise<{ notified: number }> {
  const followers = await db
    .selectFrom("follows")
    .select("followerId")
    .where((eb) =>
      "followedUserId" in followed
        ? eb("followedUserId", "=", followed.followedUserId)
        : eb("followedRetailerId", "=", followed.followedRetailerId),
    )
    .where(followerVisible)
    .execute();
  let notified = 0;
  for (const { followerId } of followers) {
    const { kind, content, dedupeKey } = notice(followerId);
    const result = await transaction(db, (trx) => notify(trx, followerId, kind, content, { dedupeKey }));
    if (!result.duplicate) notified += 1;
  }
  return { notified };
}
