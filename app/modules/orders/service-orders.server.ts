import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Conflict, Forbidden, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { CURRENCY } from "~/lib/money";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { openCheckoutSession, recordCheckoutStarted, type CheckoutSettings } from "./checkout.server";
import { splitOrder, type FeePolicy } from "./fees";
import type { Order } from "./orders.server";

/**
 * Buying a shop's quote on a Wanted request (issue #16, ADR 038): a service-only order, with no
 * item and no seller, whose one line is an order_services row at the quoted price. From there it
 * is an add-on line like any other: the shop's jobs board accepts, declines or marks it done, the
 * member confirms, and completion pays the shop its share through the payout path.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/** The quote and everything the confirm page and the checkout check about it. */
async function readQuote(db: Db | Trx, answerId: string, options: { lock?: boolean } = {}) {
  const quote = await db
    .selectFrom("wantedAnswers")
    .innerJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .leftJoin("services", "services.id", "wantedAnswers.serviceId")
    .leftJoin("retailers", "retailers.id", "wantedAnswers.retailerId")
    .select([
      "wantedAnswers.id",
      "wantedAnswers.kind",
      "wantedAnswers.body",
      "wantedAnswers.quoteCents",
      "wantedAnswers.removedAt",
      "wantedAnswers.createdAt",
      "wantedRequests.id as requestId",
      "wantedRequests.title as requestTitle",
      "wantedRequests.requesterId",
      "wantedRequests.status as requestStatus",
      "wantedRequests.removedAt as requestRemovedAt",
      "wantedRequests.expiresAt as requestExpiresAt",
      "services.id as serviceId",
      "services.title as serviceTitle",
      "services.description as serviceDescription",
      "services.kind as serviceKind",
      "services.performedAt",
      "services.leadDays",
      "services.active as serviceActive",
      "retailers.id as retailerId",
      "retailers.name as retailerName",
      "retailers.slug as retailerSlug",
      "retailers.status as retailerStatus",
    ])
    .where("wantedAnswers.id", "=", answerId)
    .$if(Boolean(options.lock), (query) => query.forUpdate("wantedAnswers"))
    .executeTakeFirst();
  if (!quote || quote.kind !== "quote" || quote.removedAt || !quote.quoteCents) return null;
  return quote;
}

type Quote = NonNullable<Awaited<ReturnType<typeof readQuote>>>;

/**
 * Who may buy and whether the quote can be bought now: only the requester, of a non-removed quote
 * on an open request, from a verified shop whose quoted service is still active and can be done on
 * its own (an inspection or a handoff point needs an item).
 */
function assertBuyable(quote: Quote | null, buyerId: string, now: Date): asserts quote is Quote {
  if (!quote) throw new NotFound("That quote doesn't exist.");
  if (quote.requesterId !== buyerId) throw new Forbidden("Only the member who posted the request can buy its quotes.");
  if (quote.requestStatus !== "open" || quote.requestRemovedAt || quote.requestExpiresAt <= now)
    throw new Conflict("This request is closed, so its quotes can't be bought any more.");
  if (!quote.retailerId || quote.retailerStatus !== "verified")
    throw new Conflict("This shop isn't verified on Stoop, so its quote can't be bought.");
  if (!quote.serviceId || !quote.serviceActive)
    throw new Conflict("The shop no longer offers this service, so the quote can't be bought.");
  if (quote.serviceKind !== "standard") throw new Conflict("This service can't be bought on its own.");
}

/** The quote's live order (waiting for payment, or paid and not cancelled), if there is one. */
async function liveOrderOf(db: Db | Trx, answerId: string) {
  return db
    .selectFrom("orders")
    .select(["id", "status", "stripeCheckoutSessionId", "buyerId"])
    .where("wantedAnswerId", "=", answerId)
    .where("status", "!=", "cancelled")
    .executeTakeFirst();
}

/** What the buyer pays and what the shop gets: the add-on fee rule (fees.ts splitOrder), no other charges. */
export function quoteSplit(quoteCents: number, fees: FeePolicy) {
  const split = splitOrder(0, 0, [quoteCents], fees);
  const line = split.addOns[0]!;
  return { totalCents: split.totalCents, platformFeeCents: split.platformFeeCents, shopCents: line.payeeCents };
}

/** The confirm page of /quotes/:answerId/buy. */
export async function quotePageFor(db: Db, answerId: string, buyerId: string, fees: FeePolicy, now = new Date()) {
  const quote = await readQuote(db, answerId);
  assertBuyable(quote, buyerId, now);
  const live = await liveOrderOf(db, answerId);
  return {
    quote: {
      id: quote.id,
      body: quote.body,
      quoteCents: quote.quoteCents!,
      requestId: quote.requestId,
      requestTitle: quote.requestTitle,
      serviceTitle: quote.serviceTitle!,
      serviceDescription: quote.serviceDescription ?? "",
      performedAt: quote.performedAt!,
      leadDays: quote.leadDays!,
      retailerId: quote.retailerId!,
      retailerName: quote.retailerName!,
      retailerSlug: quote.retailerSlug!,
      verified: quote.retailerStatus === "verified",
    },
    split: quoteSplit(quote.quoteCents!, fees),
    /** An order of this quote already started or paid (the page links to it instead of paying again). */
    liveOrder: live ? { id: live.id, status: live.status } : null,
  };
}

/**
 * Starts buying a quote: in one transaction (the quote's row locked, so two clicks queue) the
 * service-only order and its one service line are created; then the one Stripe Checkout is opened
 * as for any order (checkout.server.ts openCheckoutSession). A second click while the checkout is
 * open gets the same hosted page back; once paid, a second purchase is refused. The unique index
 * orders_one_live_per_quote is the last word if two requests still race.
 */
export async function startServiceCheckout(
  db: Db,
  stripe: StripeClient,
  settings: CheckoutSettings,
  buyer: { id: string; email: string },
  answerId: string,
): Promise<{ order: Order; url: string; reused: boolean }> {
  const now = new Date();
  const started = await transaction(db, async (trx) => {
    await assertEmailVerified(trx, buyer.id);
    const quote = await readQuote(trx, answerId, { lock: true });
    assertBuyable(quote, buyer.id, now);
    const live = await liveOrderOf(trx, answerId);
    if (live) return { live };
    const split = splitOrder(0, 0, [quote.quoteCents!], settings.fees);
    const id = newId();
    const created = await trx
      .insertInto("orders")
      .values({
        id,
        kind: "service",
        listingId: null,
        sellerId: null,
        wantedAnswerId: quote.id,
        buyerId: buyer.id,
        delivery: "at_shop",
        itemCents: 0,
        shippingCents: 0,
        servicesCents: split.servicesCents,
        totalCents: split.totalCents,
        platformFeeCents: split.platformFeeCents,
        currency: CURRENCY.toLowerCase(),
        status: "pending_payment",
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("orderServices")
      .values({
        id: newId(),
        orderId: id,
        serviceId: quote.serviceId!,
        retailerId: quote.retailerId!,
        title: quote.serviceTitle!,
        kind: quote.serviceKind!,
        performedAt: quote.performedAt!,
        leadDays: quote.leadDays!,
        priceCents: quote.quoteCents!,
        platformFeeCents: split.addOns[0]!.platformFeeCents,
      })
      .execute();
    await recordCheckoutStarted(trx, id, buyer.id, created.status);
    return { created, label: `${quote.serviceTitle!} by ${quote.retailerName!}` };
  });

  if ("live" in started) {
    const live = started.live!;
    if (live.status !== "pending_payment") throw new Conflict("You already bought this quote; see your purchases.");
    // The checkout still open: the same hosted page again (its session is stored on the order).
    if (live.stripeCheckoutSessionId) {
      const session = await stripe.checkout.sessions.retrieve(live.stripeCheckoutSessionId);
      if (session.status === "open" && session.url) {
        const order = await db.selectFrom("orders").selectAll().where("id", "=", live.id).executeTakeFirstOrThrow();
        return { order, url: session.url, reused: true };
      }
    }
    throw new Conflict("A checkout of this quote is already in progress; finish it or cancel it first.");
  }
  const opened = await openCheckoutSession(db, stripe, settings, buyer, started.created, [
    { name: started.label, amountCents: started.created.servicesCents },
  ]);
  return { ...opened, reused: false };
}
