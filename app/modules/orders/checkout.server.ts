import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { OrderStatus } from "~db/schema-orders";
import { transaction } from "~db/transaction";
import { Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { CURRENCY } from "~/lib/money";
import { assertEmailVerified } from "~/modules/accounts/email-verification.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { transitionListing } from "~/modules/listings/listings.server";
import type { StripeClient } from "~/modules/payments/stripe.server";
import { servicesForListing } from "~/modules/retailers/services.server";
import { splitCharge, splitOrder, type FeePolicy } from "./fees";
import { validAcceptedOffer } from "./offers.server";
import { snapshotListing } from "./listing-snapshot.server";
import { createCheckoutSession } from "~/modules/payments/gateway.server";
import { transitionOrder, type Order } from "./orders.server";
import type { ShippingAddress } from "./schemas";
import { sellerInGoodStanding } from "~/modules/listings/visibility.server";

type Db = Kysely<Database>;

/**
 * The listing as the buy page and checkout see it: one a member may try to buy (active, or
 * reserved/sold so the page can say so; its seller in good standing), never their own.
 */
async function buyableListing(executor: Db | Transaction<Database>, listingId: string, buyerId: string) {
  const listing = await executor
    .selectFrom("listings")
    .select([
      "id",
      "sellerId",
      "status",
      "title",
      "priceCents",
      "shippingCents",
      "pickup",
      "shipping",
      "placeName",
      "categoryId",
      "latitude",
      "longitude",
    ])
    .where("id", "=", listingId)
    .where(sellerInGoodStanding)
    .executeTakeFirst();
  if (!listing || !["active", "reserved", "sold"].includes(listing.status))
    throw new NotFound("That listing doesn't exist.");
  if (listing.sellerId === buyerId) throw new Forbidden("You can't buy your own listing.");
  return listing;
}

/** How long a buyer has to pay before the reservation lapses (Stripe's minimum is 30 minutes). */
export const CHECKOUT_MINUTES = 30;

export interface CheckoutSettings {
  fees: FeePolicy;
  /** Absolute base URL for Stripe's return links, e.g. https://stoop.example */
  publicUrl: string;
}

/** What the buyer pays for a listing with a delivery method: nothing hidden. */
export function quoteFor(
  listing: { priceCents: number; shippingCents: number | null },
  delivery: "pickup" | "shipping",
  fees: FeePolicy,
) {
  const shippingCents = delivery === "shipping" ? (listing.shippingCents ?? 0) : 0;
  return { itemCents: listing.priceCents, ...splitCharge(listing.priceCents, shippingCents, fees), shippingCents };
}

/** The item price for a buyer: their accepted offer's, unless the seller has since asked less. */
function offerPrice(priceCents: number, offer: { agreedCents: number | null } | undefined): number {
  return offer?.agreedCents ? Math.min(offer.agreedCents, priceCents) : priceCents;
}

/**
 * The order's "create" event and the safety net should Stripe's expiry webhook never arrive (the
 * order is settled from Stripe after expiry), for item orders and bought quotes alike.
 */
export async function recordCheckoutStarted(
  trx: Transaction<Database>,
  orderId: string,
  buyerId: string,
  status: OrderStatus,
): Promise<void> {
  await trx
    .insertInto("orderEvents")
    .values({
      id: newId(),
      orderId,
      actorId: buyerId,
      event: "create",
      fromStatus: null,
      toStatus: status,
      createdAt: sql<Date>`clock_timestamp()`,
    })
    .execute();
  await enqueueJob(
    trx,
    QUEUES.orderCheckoutTimeout,
    { orderId },
    { startAfter: new Date(Date.now() + (CHECKOUT_MINUTES + 5) * 60 * 1000) },
  );
}

/**
 * Starts buying a listing: in one transaction the order is created and the listing reserved
 * (transitionListing's conditional update, so a unique item can only be reserved by one order);
 * then, outside the transaction, a Stripe Checkout Session is created with an idempotency key
 * derived from the order. If Stripe fails the order is cancelled and the listing released again.
 */
export async function startCheckout(
  db: Db,
  stripe: StripeClient,
  settings: CheckoutSettings,
  buyer: { id: string; email: string },
  listingId: string,
  input: { delivery: "pickup" | "shipping"; address: ShippingAddress | null; serviceIds?: string[] },
): Promise<{ order: Order; url: string }> {
  const serviceIds = [...new Set(input.serviceIds ?? [])];
  const order = await transaction(db, async (trx) => {
    await assertEmailVerified(trx, buyer.id);
    const listing = await buyableListing(trx, listingId, buyer.id);
    // Add-ons: only services offered on this listing now, at today's price.
    const offered = serviceIds.length ? await servicesForListing(trx, listing) : [];
    const addOns = serviceIds.map((serviceId) => {
      const service = offered.find((candidate) => candidate.id === serviceId);
      if (!service)
        throw new InvalidInput("One of the services you chose is no longer offered here.", {
          services: ["One of these services is no longer offered; check your choice again"],
        });
      return service;
    });
    if (listing.status !== "active") throw new Conflict("Someone else is buying this item right now, or it is sold.");
    if (input.delivery === "shipping" && !listing.shipping)
      throw new InvalidInput("This seller doesn't ship.", { delivery: ["This item is pickup only"] });
    if (input.delivery === "pickup" && !listing.pickup)
      throw new InvalidInput("This item is shipping only.", { delivery: ["This item is shipping only"] });
    if (input.delivery === "shipping" && !input.address)
      throw new InvalidInput("Enter the shipping address.", { line1: ["Enter the street address"] });

    try {
      await transitionListing(trx, { listingId, action: "reserve", actor: "system" });
    } catch (error) {
      if (error instanceof InvalidTransition)
        throw new Conflict("Someone else is buying this item right now, or it is sold.");
      throw error;
    }
    // The buyer's accepted offer, while valid, sets the item price for them alone (locked: the
    // expiry job leaves an offer with a checkout in progress alone). Add-ons keep their own prices.
    const offer = await validAcceptedOffer(trx, listingId, buyer.id);
    const base = quoteFor(
      { ...listing, priceCents: offerPrice(listing.priceCents, offer) },
      input.delivery,
      settings.fees,
    );
    const quote = splitOrder(
      base.itemCents,
      base.shippingCents,
      addOns.map((service) => service.priceCents),
      settings.fees,
    );
    const address = input.address;
    const id = newId();
    const created = await trx
      .insertInto("orders")
      .values({
        id,
        listingId,
        buyerId: buyer.id,
        sellerId: listing.sellerId,
        delivery: input.delivery,
        shipName: address?.name ?? null,
        shipLine1: address?.line1 ?? null,
        shipLine2: address?.line2 ?? null,
        shipCity: address?.city ?? null,
        shipRegion: address?.region ?? null,
        shipPostalCode: address?.postalCode ?? null,
        shipCountry: address?.country ?? null,
        itemCents: quote.itemCents,
        shippingCents: quote.shippingCents,
        servicesCents: quote.servicesCents,
        totalCents: quote.totalCents,
        platformFeeCents: quote.platformFeeCents,
        currency: CURRENCY.toLowerCase(),
        status: "pending_payment",
        offerId: offer?.id ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const serviceLines = addOns.map((service, index) => ({
      id: newId(),
      orderId: id,
      serviceId: service.id,
      retailerId: service.retailerId,
      title: service.title,
      kind: service.kind,
      performedAt: service.performedAt,
      leadDays: service.leadDays,
      priceCents: service.priceCents,
      platformFeeCents: quote.addOns[index]!.platformFeeCents,
      label: `${service.title} by ${service.retailerName}`,
    }));
    if (serviceLines.length)
      await trx
        .insertInto("orderServices")
        .values(serviceLines.map(({ label: _label, ...line }) => line))
        .execute();
    await snapshotListing(trx, id, listingId);
    await recordCheckoutStarted(trx, id, buyer.id, created.status);
    return { ...created, title: listing.title, serviceLines };
  });

  return openCheckoutSession(db, stripe, settings, buyer, order, [
    { name: order.title, amountCents: order.itemCents },
    ...(order.shippingCents > 0 ? [{ name: "Shipping", amountCents: order.shippingCents }] : []),
    // One line per add-on on the hosted page; the one payment covers them all.
    ...order.serviceLines.map((line) => ({ name: line.label, amountCents: line.priceCents })),
  ]);
}

/**
 * The one Stripe Checkout of an order that was just created (an item with its add-ons, or a bought
 * quote: service-orders.server.ts): the session is created through the gateway under a key derived
 * from the order, its id stored on the order. If Stripe fails the order is cancelled (which
 * releases a listing).
 */
export async function openCheckoutSession(
  db: Db,
  stripe: StripeClient,
  settings: CheckoutSettings,
  buyer: { email: string },
  order: Pick<Order, "id" | "currency">,
  lines: { name: string; amountCents: number }[],
): Promise<{ order: Order; url: string }> {
  let session;
  try {
    session = await createCheckoutSession(stripe, order.id, {
      mode: "payment",
      client_reference_id: order.id,
      customer_email: buyer.email,
      metadata: { orderId: order.id },
      // Stripe refuses less than 30 minutes from its own clock: a minute's margin for the round trip.
      expires_at: Math.floor(Date.now() / 1000) + CHECKOUT_MINUTES * 60 + 60,
      line_items: lines.map((line) => ({
        quantity: 1,
        price_data: { currency: order.currency, unit_amount: line.amountCents, product_data: { name: line.name } },
      })),
      // Separate charges and transfers: the platform takes the charge and pays the payees on completion.
      payment_intent_data: { transfer_group: order.id, metadata: { orderId: order.id } },
      success_url: `${settings.publicUrl}/orders/${order.id}/return?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${settings.publicUrl}/orders/${order.id}/checkout-cancelled`,
    });
  } catch (error) {
    await transitionOrder(db, { orderId: order.id, event: "checkoutFailed", actor: "system" });
    throw error;
  }
  const stored = await db
    .updateTable("orders")
    .set({ stripeCheckoutSessionId: session.id })
    .where("id", "=", order.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!session.url) throw new Conflict("Stripe did not return a checkout page; try again.");
  return { order: stored, url: session.url };
}

/**
 * The buyer left the hosted page with "Cancel": close the session at Stripe first (so it can no
 * longer be paid), then cancel the order and release the listing. A session that was paid in
 * the meantime is left alone.
 */
export async function abandonCheckout(
  db: Db,
  stripe: StripeClient,
  orderId: string,
  buyerId: string,
): Promise<{ status: Order["status"]; listingId: string | null; wantedRequestId: string | null }> {
  const order = await db
    .selectFrom("orders")
    .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
    .select([
      "orders.id",
      "orders.status",
      "orders.listingId",
      "orders.stripeCheckoutSessionId",
      "wantedAnswers.requestId",
    ])
    .where("orders.id", "=", orderId)
    .where("orders.buyerId", "=", buyerId)
    .executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  // Where the buyer goes back to: the listing, or for a bought quote the request it answers.
  const result = (status: Order["status"]) => ({
    status,
    listingId: order.listingId,
    wantedRequestId: order.requestId,
  });
  if (order.status !== "pending_payment") return result(order.status);
  if (order.stripeCheckoutSessionId) {
    const session = await stripe.checkout.sessions.retrieve(order.stripeCheckoutSessionId);
    if (session.status === "complete") return result(order.status);
    if (session.status === "open") await stripe.checkout.sessions.expire(session.id);
  }
  try {
    return result((await transitionOrder(db, { orderId, event: "abandon", actor: { userId: buyerId } })).status);
  } catch (error) {
    // The expiry webhook may have cancelled it first.
    if (error instanceof InvalidTransition) return result("cancelled");
    throw error;
  }
}

/** What the buy page shows: the listing, for each delivery it offers the full price, and the add-ons on offer. */
export async function buyPageFor(db: Db, listingId: string, buyerId: string, fees: FeePolicy) {
  const listing = await buyableListing(db, listingId, buyerId);
  const offer = await db
    .selectFrom("offers")
    .select(["id", "agreedCents", "expiresAt"])
    .where("listingId", "=", listingId)
    .where("buyerId", "=", buyerId)
    .where("status", "=", "accepted")
    .where("expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  const priced = { ...listing, priceCents: offerPrice(listing.priceCents, offer) };
  return {
    listing,
    available: listing.status === "active",
    /** The buyer's accepted offer, while it is valid: the item price below is its amount. */
    offer: offer ? { id: offer.id, agreedCents: priced.priceCents, expiresAt: offer.expiresAt! } : null,
    itemCents: priced.priceCents,
    services: await servicesForListing(db, listing),
    quotes: {
      pickup: listing.pickup ? quoteFor(priced, "pickup", fees) : null,
      shipping: listing.shipping ? quoteFor(priced, "shipping", fees) : null,
    },
  };
}
