import { sql, type Kysely, type Selectable, type Transaction, type UpdateObject } from "kysely";
import type { Database } from "~db/schema";
import type { OffersTable, OfferStatus } from "~db/schema-offers";
import { transaction } from "~db/transaction";
import { Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { formatMoney } from "~/lib/money";
import { checkTransition } from "~/lib/transitions";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { notify } from "~/modules/notifications/notify.server";
import {
  CLOSE_REASONS,
  OFFER_MACHINE,
  OFFER_HOURS,
  OPEN_OFFER_STATUSES,
  type CloseReason,
  type OfferEvent,
  type OfferRole,
} from "./offer-state-machine";
import { assertListingVisible } from "~/modules/listings/visibility.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export type Offer = Selectable<OffersTable>;

/** A member acting on an offer, or the system (the expiry job, a paid order, a listing change). */
export type OfferActor = { userId: string } | "system";

const hoursFromNow = (hours: number) => sql<Date>`now() + make_interval(hours => ${hours})`;

/** "Nov 24, 2026, 3:05 PM UTC": deadlines in notifications, which have no time zone of their own. */
export function formatDeadline(date: Date): string {
  return `${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;
}

/**
 * A buyer offers a lower price on an active listing. Only verified members, never on their own
 * listing, only below the asking price, and one open negotiation per buyer and listing (the
 * partial unique index backs the check up against a double submit).
 */
export async function makeOffer(db: Db, buyerId: string, listingId: string, amountCents: number): Promise<Offer> {
  return transaction(db, async (trx) => {
    await assertEmailVerified(trx, buyerId);
    // The listing page's rule: a listing hidden from this member (a draft, a suspended seller's) takes no offer.
    await assertListingVisible(trx, listingId, { userId: buyerId, role: "member" });
    const listing = await trx
      .selectFrom("listings")
      .select(["id", "sellerId", "status", "title", "priceCents"])
      .where("id", "=", listingId)
      .forShare()
      .executeTakeFirst();
    if (!listing || !["active", "reserved", "sold"].includes(listing.status))
      throw new NotFound("That listing doesn't exist.");
    if (listing.sellerId === buyerId) throw new Forbidden("You can't make an offer on your own listing.");
    if (listing.status !== "active") throw new Conflict("This item is no longer taking offers.");
    if (listing.priceCents <= 0) throw new Conflict("This item is free: there is nothing to offer below.");
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0)
      throw new InvalidInput("Enter an amount.", { amount: ["Enter an amount above $0, like 20 or 19.50"] });
    if (amountCents >= listing.priceCents)
      throw new InvalidInput("Offer less than the asking price.", {
        amount: [`Offer less than the asking price of ${formatMoney(listing.priceCents)}, or just buy it`],
      });
    const open = await trx
      .selectFrom("offers")
      .select("id")
      .where("listingId", "=", listingId)
      .where("buyerId", "=", buyerId)
      .where("status", "in", OPEN_OFFER_STATUSES)
      .executeTakeFirst();
    if (open) throw new Conflict("You already have an open offer on this item; see it under Offers.");

    const id = newId();
    const offer = await trx
      .insertInto("offers")
      .values({
        id,
        listingId,
        buyerId,
        sellerId: listing.sellerId,
        status: "pending",
        amountCents,
        expiresAt: hoursFromNow(OFFER_HOURS.pending),
      })
      .onConflict((conflict) => conflict.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!offer) throw new Conflict("You already have an open offer on this item; see it under Offers.");
    await writeEvent(trx, offer.id, buyerId, "make", null, "pending", amountCents);
    await notify(
      trx,
      listing.sellerId,
      "offer_received",
      {
        title: `Offer of ${formatMoney(amountCents)} on ${listing.title}`,
        body: `You asked ${formatMoney(listing.priceCents)}. Accept, decline or counter within ${OFFER_HOURS.pending} hours.`,
        url: "/offers",
      },
      { dedupeKey: `offer:${offer.id}:make` },
    );
    return offer;
  });
}

export interface OfferTransition {
  offerId: string;
  event: OfferEvent;
  actor: OfferActor;
  /** The seller's counter-offer, in cents. */
  amountCents?: number;
  /** For `close`: why the listing no longer takes offers. */
  reason?: CloseReason;
  /** For `expire`: the job's clock (tests pass a later one). */
  now?: Date;
}

/**
 * The only code that changes an offer's status. In one transaction: lock the offer, check the
 * event against the table and the actor's side, validate a counter's amount, update
 * conditionally, write an offer_events row and notify the other side. A member who is neither
 * the buyer nor the seller of the offer gets NotFound (the offer is not theirs to know about).
 */
export async function transitionOffer(db: Db, options: OfferTransition): Promise<Offer> {
  return transaction(db, async (trx) => {
    const offer = await trx
      .selectFrom("offers")
      .selectAll()
      .where("id", "=", options.offerId)
      .forUpdate()
      .executeTakeFirst();
    if (!offer) throw new NotFound("That offer doesn't exist.");
    const { actor } = options;
    const role: OfferRole | null =
      actor === "system"
        ? "system"
        : actor.userId === offer.buyerId
          ? "buyer"
          : actor.userId === offer.sellerId
            ? "seller"
            : null;
    if (!role) throw new NotFound("That offer doesn't exist.");
    const to = checkTransition(OFFER_MACHINE, options.event, offer, [role]);
    const listing = await trx
      .selectFrom("listings")
      .select(["id", "title", "priceCents", "status"])
      .where("id", "=", offer.listingId)
      .executeTakeFirstOrThrow();
    if ((options.event === "accept" || options.event === "counter") && listing.status === "sold")
      throw new InvalidTransition("This item has been sold.");
    // Moving a deal forward on a listing its page hides (a suspended seller's) is refused like the page.
    if ((options.event === "accept" || options.event === "counter") && actor !== "system")
      await assertListingVisible(trx, offer.listingId, { userId: actor.userId, role: "member" });

    let patch: UpdateObject<Database, "offers"> = {};
    let amount: number | null = null;
    switch (options.event) {
      case "counter": {
        const cents = options.amountCents;
        if (cents === undefined || !Number.isSafeInteger(cents) || cents <= 0)
          throw new InvalidInput("Enter an amount.", { amount: ["Enter an amount, like 20 or 19.50"] });
        if (cents <= offer.amountCents || cents >= listing.priceCents)
          throw new InvalidInput("A counter-offer lies between the offer and your asking price.", {
            amount: [
              `Counter with more than the offer of ${formatMoney(offer.amountCents)} and less than your asking price of ${formatMoney(listing.priceCents)}`,
            ],
          });
        patch = { counterCents: cents, expiresAt: hoursFromNow(OFFER_HOURS.countered) };
        amount = cents;
        break;
      }
      case "accept":
        amount = offer.status === "countered" ? offer.counterCents! : offer.amountCents;
        patch = { agreedCents: amount, acceptedAt: sql<Date>`now()`, expiresAt: hoursFromNow(OFFER_HOURS.accepted) };
        break;
      case "expire":
        // Only once the deadline has passed: a late or repeated job run changes nothing.
        if (!offer.expiresAt || offer.expiresAt.getTime() > (options.now ?? new Date()).getTime())
          throw new InvalidTransition("This offer hasn't expired yet.");
        patch = { expiresAt: null };
        break;
      case "close":
        patch = { expiresAt: null, closedReason: options.reason ?? "sold" };
        break;
      default:
        patch = { expiresAt: null };
    }

    const updated = await trx
      .updateTable("offers")
      .set({ ...patch, status: to, updatedAt: sql<Date>`now()` })
      .where("id", "=", offer.id)
      .where("status", "=", offer.status)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new InvalidTransition("The offer changed in the meantime; reload and try again.");
    await writeEvent(trx, offer.id, actor === "system" ? null : actor.userId, options.event, offer.status, to, amount);
    await notifyOtherSide(trx, offer, updated, options, listing);
    return updated;
  });
}

async function writeEvent(
  trx: Trx,
  offerId: string,
  actorId: string | null,
  event: string,
  fromStatus: OfferStatus | null,
  toStatus: OfferStatus,
  amountCents: number | null,
) {
  await trx
    .insertInto("offerEvents")
    .values({
      id: newId(),
      offerId,
      actorId,
      event,
      fromStatus,
      toStatus,
      amountCents,
      // Not now(): several steps in one transaction must keep their order.
      createdAt: sql<Date>`clock_timestamp()`,
    })
    .execute();
}

async function notifyOtherSide(
  trx: Trx,
  before: Offer,
  offer: Offer,
  options: OfferTransition,
  listing: { id: string; title: string },
) {
  const dedupe = (who: string) => `offer:${offer.id}:${options.event}:${before.status}:${who}`;
  const title = listing.title;
  switch (options.event) {
    case "counter":
      await notify(
        trx,
        offer.buyerId,
        "offer_answered",
        {
          title: `Counter-offer on ${title}: ${formatMoney(offer.counterCents!)}`,
          body: `The seller answered your offer of ${formatMoney(offer.amountCents)} with ${formatMoney(offer.counterCents!)}. Accept or decline it within ${OFFER_HOURS.countered} hours.`,
          url: "/offers",
        },
        { dedupeKey: dedupe("buyer") },
      );
      return;
    case "accept": {
      const deadline = formatDeadline(offer.expiresAt!);
      if (before.status === "pending")
        await notify(
          trx,
          offer.buyerId,
          "offer_accepted",
          {
            title: `Offer accepted: ${title} for ${formatMoney(offer.agreedCents!)}`,
            body: `Check out by ${deadline} to buy it at ${formatMoney(offer.agreedCents!)}. Until someone pays, the item stays for sale.`,
            url: `/listings/${listing.id}/buy`,
          },
          { dedupeKey: dedupe("buyer") },
        );
      else
        await notify(
          trx,
          offer.sellerId,
          "offer_accepted",
          {
            title: `Counter-offer accepted: ${title} for ${formatMoney(offer.agreedCents!)}`,
            body: `The buyer accepted your counter-offer and has until ${deadline} to check out at that price.`,
            url: "/offers",
          },
          { dedupeKey: dedupe("seller") },
        );
      return;
    }
    case "decline":
      await notify(
        trx,
        before.status === "pending" ? offer.buyerId : offer.sellerId,
        "offer_answered",
        before.status === "pending"
          ? {
              title: `Offer declined: ${title}`,
              body: `The seller declined your offer of ${formatMoney(offer.amountCents)}.`,
              url: `/listings/${listing.id}`,
            }
          : {
              title: `Counter-offer declined: ${title}`,
              body: `The buyer declined your counter-offer of ${formatMoney(offer.counterCents!)}.`,
              url: "/offers",
            },
        { dedupeKey: dedupe("other") },
      );
      return;
    case "withdraw":
      await notify(
        trx,
        offer.sellerId,
        "offer_expired",
        {
          title: `Offer withdrawn: ${title}`,
          body: `The buyer withdrew their offer of ${formatMoney(offer.amountCents)}.`,
          url: "/offers",
        },
        { dedupeKey: dedupe("seller") },
      );
      return;
    case "expire": {
      const what =
        before.status === "accepted"
          ? `The accepted price of ${formatMoney(offer.agreedCents!)} lapsed: the buyer didn't check out within ${OFFER_HOURS.accepted} hours.`
          : before.status === "countered"
            ? `The counter-offer of ${formatMoney(offer.counterCents!)} got no answer within ${OFFER_HOURS.countered} hours.`
            : `The offer of ${formatMoney(offer.amountCents)} got no answer within ${OFFER_HOURS.pending} hours.`;
      for (const [userId, who] of [
        [offer.buyerId, "buyer"],
        [offer.sellerId, "seller"],
      ] as const)
        await notify(
          trx,
          userId,
          "offer_expired",
          { title: `Offer expired: ${title}`, body: what, url: "/offers" },
          { dedupeKey: dedupe(who) },
        );
      return;
    }
    case "close": {
      // The buyer hears why; if the buyer is the one who left, the seller hears it instead.
      const sellerSide = options.reason === "buyer_left";
      await notify(
        trx,
        sellerSide ? offer.sellerId : offer.buyerId,
        "offer_expired",
        {
          title: `Offer closed: ${title}`,
          body: `${CLOSE_REASONS[options.reason ?? "sold"]} ${sellerSide ? "Their offer is closed." : "Your offer is closed."}`,
          url: "/offers",
        },
        { dedupeKey: dedupe(sellerSide ? "seller" : "buyer") },
      );
      return;
    }
    case "purchase":
      return;
  }
}

/** Seller's and buyer's actions, named for what they do. */
export const acceptOffer = (db: Db, userId: string, offerId: string) =>
  transitionOffer(db, { offerId, event: "accept", actor: { userId } });
export const declineOffer = (db: Db, userId: string, offerId: string) =>
  transitionOffer(db, { offerId, event: "decline", actor: { userId } });
export const withdrawOffer = (db: Db, userId: string, offerId: string) =>
  transitionOffer(db, { offerId, event: "withdraw", actor: { userId } });
export const counterOffer = (db: Db, userId: string, offerId: string, amountCents: number) =>
  transitionOffer(db, { offerId, event: "counter", actor: { userId }, amountCents });

/**
 * Closes every open negotiation on a listing that no longer takes offers (sold, taken down,
 * removed), except the one that bought it. Runs in the caller's transaction.
 */
export async function closeOpenOffers(
  trx: Db,
  listingId: string,
  reason: CloseReason,
  options: { exceptOfferId?: string | null } = {},
): Promise<number> {
  let query = trx
    .selectFrom("offers")
    .select("id")
    .where("listingId", "=", listingId)
    .where("status", "in", OPEN_OFFER_STATUSES);
  if (options.exceptOfferId) query = query.where("id", "!=", options.exceptOfferId);
  const open = await query.orderBy("id").execute();
  for (const { id } of open) await transitionOffer(trx, { offerId: id, event: "close", actor: "system", reason });
  return open.length;
}

/** A member deleting their account closes the negotiations they opened as a buyer. */
export async function closeOffersOfBuyer(trx: Db, buyerId: string): Promise<number> {
  const open = await trx
    .selectFrom("offers")
    .select("id")
    .where("buyerId", "=", buyerId)
    .where("status", "in", OPEN_OFFER_STATUSES)
    .orderBy("id")
    .execute();
  for (const { id } of open)
    await transitionOffer(trx, { offerId: id, event: "close", actor: "system", reason: "buyer_left" });
  return open.length;
}

/** The member's data export: the offers they made and received, with their history. */
export async function offersForExport(db: Db, userId: string) {
  const offers = await db
    .selectFrom("offers")
    .select([
      "id",
      "listingId",
      "buyerId",
      "sellerId",
      "status",
      "amountCents",
      "counterCents",
      "agreedCents",
      "expiresAt",
      "closedReason",
      "createdAt",
    ])
    .where((eb) => eb.or([eb("buyerId", "=", userId), eb("sellerId", "=", userId)]))
    .orderBy("createdAt")
    .execute();
  return offers.map(({ buyerId, sellerId, ...offer }) => ({
    ...offer,
    side: buyerId === userId ? "buyer" : "seller",
    otherMemberId: buyerId === userId ? sellerId : buyerId,
  }));
}

/** A paid order bought its accepted offer. A no-op if the offer is no longer accepted. */
export async function markOfferPurchased(trx: Db, offerId: string): Promise<void> {
  const offer = await trx.selectFrom("offers").select("status").where("id", "=", offerId).executeTakeFirst();
  if (offer?.status !== "accepted") return;
  await transitionOffer(trx, { offerId, event: "purchase", actor: "system" });
}

/**
 * The expiry job: every open offer past its deadline becomes expired, each in its own transaction.
 * Idempotent: the transition re-checks status and deadline under the row lock, so a second run (or
 * two workers at once) finds nothing left to do. An accepted offer whose buyer is paying right now
 * (an order waiting for payment) is left for the payment's outcome to settle.
 */
export async function expireDueOffers(db: Db, now: Date = new Date()): Promise<number> {
  const due = await db
    .selectFrom("offers")
    .select("id")
    .where("status", "in", OPEN_OFFER_STATUSES)
    .where("expiresAt", "<=", now)
    .orderBy("expiresAt")
    .limit(500)
    .execute();
  let expired = 0;
  for (const { id } of due) {
    const changed = await transaction(db, async (trx) => {
      const offer = await trx
        .selectFrom("offers")
        .select(["id", "status", "expiresAt"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!offer || !OPEN_OFFER_STATUSES.includes(offer.status) || !offer.expiresAt || offer.expiresAt > now)
        return false;
      const paying = await trx
        .selectFrom("orders")
        .select("id")
        .where("offerId", "=", id)
        .where("status", "=", "pending_payment")
        .executeTakeFirst();
      if (paying) return false;
      await transitionOffer(trx, { offerId: id, event: "expire", actor: "system", now });
      return true;
    });
    if (changed) expired++;
  }
  return expired;
}

/**
 * The buyer's accepted offer on a listing that is still valid (accepted, before its deadline),
 * locked for the checkout that is about to use it.
 */
export async function validAcceptedOffer(trx: Db, listingId: string, buyerId: string) {
  return trx
    .selectFrom("offers")
    .selectAll()
    .where("listingId", "=", listingId)
    .where("buyerId", "=", buyerId)
    .where("status", "=", "accepted")
    .where("expiresAt", ">", sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

const OFFER_LIST_COLUMNS = [
  "offers.id",
  "offers.listingId",
  "offers.status",
  "offers.amountCents",
  "offers.counterCents",
  "offers.agreedCents",
  "offers.expiresAt",
  "offers.closedReason",
  "offers.createdAt",
  "offers.updatedAt",
  "listings.title",
  "listings.priceCents",
] as const;

/** The offers page: offers received on the member's listings and offers they made, newest first. */
export async function listOffers(db: Db, userId: string) {
  const received = await db
    .selectFrom("offers")
    .innerJoin("listings", "listings.id", "offers.listingId")
    .innerJoin("users", "users.id", "offers.buyerId")
    .select([...OFFER_LIST_COLUMNS, "users.displayName as otherName"])
    .where("offers.sellerId", "=", userId)
    .orderBy("offers.updatedAt", "desc")
    .limit(100)
    .execute();
  const sent = await db
    .selectFrom("offers")
    .innerJoin("listings", "listings.id", "offers.listingId")
    .innerJoin("users", "users.id", "offers.sellerId")
    .select([...OFFER_LIST_COLUMNS, "users.displayName as otherName"])
    .where("offers.buyerId", "=", userId)
    .orderBy("offers.updatedAt", "desc")
    .limit(100)
    .execute();
  return { received, sent };
}

/** The listing page: this buyer's latest negotiation on the listing, if any. */
export async function negotiationFor(db: Db, listingId: string, buyerId: string) {
  return db
    .selectFrom("offers")
    .select(["id", "status", "amountCents", "counterCents", "agreedCents", "expiresAt", "closedReason", "createdAt"])
    .where("listingId", "=", listingId)
    .where("buyerId", "=", buyerId)
    .orderBy("createdAt", "desc")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/** The listing page, for its seller: how many negotiations are open. */
export async function openOfferCount(db: Db, listingId: string, sellerId: string): Promise<number> {
  const { count } = await db
    .selectFrom("offers")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("listingId", "=", listingId)
    .where("sellerId", "=", sellerId)
    .where("status", "in", OPEN_OFFER_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(count);
}
