import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { EmailNotVerified } from "~/modules/accounts/email-verification.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { JOB_HANDLERS, type JobDeps } from "~/wiring/job-handlers.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { buyPageFor, startCheckout } from "~/modules/orders/checkout.server";
import { platformFee } from "~/modules/orders/fees";
import {
  acceptOffer,
  counterOffer,
  declineOffer,
  expireDueOffers,
  listOffers,
  makeOffer,
  withdrawOffer,
} from "~/modules/orders/offers.server";
import { createLogger } from "~/lib/logger.server";
import { deleteAccount, exportMemberData } from "~/modules/privacy/account-data.server";
import { createListing, createUser, DEFAULT_PASSWORD } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { payOnHostedPage, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const fees = { percent: 5, fixedCents: 30 };
const settings = { fees, publicUrl: "http://stoop.test" };
const address = {
  name: "Pat Buyer",
  line1: "1 Main St",
  line2: null,
  city: "Portland",
  region: "OR",
  postalCode: "97214",
  country: "US",
};
const HOUR = 3600 * 1000;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const db = () => database.db;

async function offerRow(offerId: string) {
  return db().selectFrom("offers").selectAll().where("id", "=", offerId).executeTakeFirstOrThrow();
}
async function offersOn(listingId: string) {
  return db().selectFrom("offers").selectAll().where("listingId", "=", listingId).execute();
}
async function eventsOf(offerId: string) {
  return db()
    .selectFrom("offerEvents")
    .select(["event", "fromStatus", "toStatus", "actorId", "amountCents"])
    .where("offerId", "=", offerId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}
async function notificationsOf(userId: string) {
  return db()
    .selectFrom("notifications")
    .select(["kind", "title", "body", "url"])
    .where("userId", "=", userId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}
async function orderStatus(orderId: string) {
  return (await db().selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status;
}

/** A listing asking $25.00 (+ $8.00 shipping), with a fresh seller and buyer. */
async function negotiation() {
  const seller = await createUser(db());
  const buyer = await createUser(db());
  const listing = await createListing(db(), {
    sellerId: seller.id,
    priceCents: 2500,
    pickup: true,
    shipping: true,
    shippingCents: 800,
  });
  return { seller, buyer, listing };
}

describe("making an offer", () => {
  it("records a pending offer, an event and tells the seller", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    expect(offer).toMatchObject({ status: "pending", amountCents: 2000, sellerId: seller.id, buyerId: buyer.id });
    // Pending offers lapse after 48 hours.
    expect(Math.abs(offer.expiresAt!.getTime() - Date.now() - 48 * HOUR)).toBeLessThan(60_000);
    expect(await eventsOf(offer.id)).toEqual([
      { event: "make", fromStatus: null, toStatus: "pending", actorId: buyer.id, amountCents: 2000 },
    ]);
    expect(await notificationsOf(seller.id)).toEqual([
      expect.objectContaining({ kind: "offer_received", title: `Offer of $20.00 on ${listing.title}`, url: "/offers" }),
    ]);
  });

  it("refuses bad offers with a clear message and changes nothing", async () => {
    const { seller, buyer, listing } = await negotiation();
    const unverified = await createUser(db(), { emailVerified: false });
    const free = await createListing(db(), { sellerId: seller.id, priceCents: 0 });
    const archived = await createListing(db(), { sellerId: seller.id, status: "archived" });
    const reserved = await createListing(db(), { sellerId: seller.id, status: "reserved" });

    const refusals: Array<[() => Promise<unknown>, new (...args: never[]) => Error, RegExp]> = [
      [() => makeOffer(db(), seller.id, listing.id, 2000), Forbidden, /your own listing/],
      [() => makeOffer(db(), unverified.id, listing.id, 2000), EmailNotVerified, /verify your email/],
      [() => makeOffer(db(), buyer.id, listing.id, 2500), InvalidInput, /less than the asking price/],
      [() => makeOffer(db(), buyer.id, listing.id, 9000), InvalidInput, /less than the asking price/],
      [() => makeOffer(db(), buyer.id, listing.id, 0), InvalidInput, /Enter an amount/],
      [() => makeOffer(db(), buyer.id, listing.id, 12.5), InvalidInput, /Enter an amount/],
      [() => makeOffer(db(), buyer.id, free.id, 100), Conflict, /free/],
      [() => makeOffer(db(), buyer.id, archived.id, 1000), NotFound, /doesn't exist/],
      [() => makeOffer(db(), buyer.id, reserved.id, 1000), Conflict, /no longer taking offers/],
      [() => makeOffer(db(), buyer.id, "no-such-listing", 1000), NotFound, /doesn't exist/],
    ];
    for (const [attempt, type, message] of refusals) {
      const error = await attempt().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message + JSON.stringify((error as InvalidInput).fieldErrors ?? {})).toMatch(message);
    }
    const tooHigh = await makeOffer(db(), buyer.id, listing.id, 2500).catch((error: InvalidInput) => error);
    expect((tooHigh as InvalidInput).fieldErrors).toEqual({
      amount: ["Offer less than the asking price of $25.00, or just buy it"],
    });
    for (const id of [listing.id, free.id, archived.id, reserved.id]) expect(await offersOn(id)).toEqual([]);
    expect(await notificationsOf(seller.id)).toEqual([]);
  });

  it("keeps one open negotiation per buyer and listing, and allows a new one once it ends", async () => {
    const { seller, buyer, listing } = await negotiation();
    const first = await makeOffer(db(), buyer.id, listing.id, 1500);
    await expect(makeOffer(db(), buyer.id, listing.id, 1800)).rejects.toThrow(Conflict);
    // Two at once: the unique index lets exactly one through.
    const other = await createUser(db());
    const results = await Promise.allSettled([
      makeOffer(db(), other.id, listing.id, 1600),
      makeOffer(db(), other.id, listing.id, 1700),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(
      results.filter((result) => result.status === "rejected").map((r) => (r as PromiseRejectedResult).reason),
    ).toEqual([expect.any(Conflict)]);

    await declineOffer(db(), seller.id, first.id);
    const second = await makeOffer(db(), buyer.id, listing.id, 1900);
    expect(second.status).toBe("pending");
    expect((await offersOn(listing.id)).filter((offer) => offer.buyerId === buyer.id)).toHaveLength(2);
  });
});

describe("negotiating", () => {
  it("lets the seller counter and the buyer accept, with an event per step and the other side told", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    const countered = await counterOffer(db(), seller.id, offer.id, 2200);
    expect(countered).toMatchObject({ status: "countered", amountCents: 2000, counterCents: 2200 });
    const accepted = await acceptOffer(db(), buyer.id, offer.id);
    expect(accepted).toMatchObject({ status: "accepted", agreedCents: 2200 });
    // Accepted: 24 hours to check out.
    expect(Math.abs(accepted.expiresAt!.getTime() - Date.now() - 24 * HOUR)).toBeLessThan(60_000);
    expect(await eventsOf(offer.id)).toEqual([
      { event: "make", fromStatus: null, toStatus: "pending", actorId: buyer.id, amountCents: 2000 },
      { event: "counter", fromStatus: "pending", toStatus: "countered", actorId: seller.id, amountCents: 2200 },
      { event: "accept", fromStatus: "countered", toStatus: "accepted", actorId: buyer.id, amountCents: 2200 },
    ]);
    expect((await notificationsOf(buyer.id)).map((n) => [n.kind, n.title])).toEqual([
      ["offer_answered", `Counter-offer on ${listing.title}: $22.00`],
    ]);
    const sellerNotes = await notificationsOf(seller.id);
    expect(sellerNotes.map((n) => n.kind)).toEqual(["offer_received", "offer_accepted"]);
    expect(sellerNotes[1]!.body).toMatch(/has until .* UTC to check out/);
  });

  it("tells the buyer the 24-hour deadline when the seller accepts", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    await acceptOffer(db(), seller.id, offer.id);
    const [note] = await notificationsOf(buyer.id);
    expect(note).toMatchObject({
      kind: "offer_accepted",
      title: `Offer accepted: ${listing.title} for $20.00`,
      url: `/listings/${listing.id}/buy`,
    });
    expect(note!.body).toMatch(/^Check out by \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC to buy it at \$20\.00/);
  });

  it("lets the buyer decline a counter and withdraw a pending offer; the seller decline an offer", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    await counterOffer(db(), seller.id, offer.id, 2300);
    expect((await declineOffer(db(), buyer.id, offer.id)).status).toBe("declined");
    expect((await notificationsOf(seller.id)).at(-1)).toMatchObject({
      kind: "offer_answered",
      title: `Counter-offer declined: ${listing.title}`,
    });

    const again = await makeOffer(db(), buyer.id, listing.id, 2100);
    expect((await withdrawOffer(db(), buyer.id, again.id)).status).toBe("withdrawn");
    expect((await notificationsOf(seller.id)).at(-1)).toMatchObject({ kind: "offer_expired" });

    const third = await makeOffer(db(), buyer.id, listing.id, 2200);
    expect((await declineOffer(db(), seller.id, third.id)).status).toBe("declined");
    expect((await notificationsOf(buyer.id)).at(-1)).toMatchObject({
      kind: "offer_answered",
      title: `Offer declined: ${listing.title}`,
    });
  });

  it("refuses a counter outside (offer, asking price) and changes nothing", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    for (const cents of [2000, 1500, 2500, 3000, 0]) {
      const error = await counterOffer(db(), seller.id, offer.id, cents).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).fieldErrors.amount?.[0]).toMatch(
        cents === 0 ? /Enter an amount/ : /more than the offer of \$20\.00 and less than your asking price of \$25\.00/,
      );
    }
    expect(await offerRow(offer.id)).toMatchObject({ status: "pending", counterCents: null });
    expect(await eventsOf(offer.id)).toHaveLength(1);
    expect(await notificationsOf(buyer.id)).toEqual([]);
  });

  it("lets only the buyer and the seller of that offer act, each only on their side", async () => {
    const { seller, buyer, listing } = await negotiation();
    const stranger = await createUser(db());
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    for (const attempt of [
      () => acceptOffer(db(), stranger.id, offer.id),
      () => declineOffer(db(), stranger.id, offer.id),
      () => withdrawOffer(db(), stranger.id, offer.id),
      () => counterOffer(db(), stranger.id, offer.id, 2200),
    ])
      await expect(attempt()).rejects.toThrow(NotFound);
    await expect(acceptOffer(db(), buyer.id, offer.id)).rejects.toThrow(Forbidden);
    await expect(counterOffer(db(), buyer.id, offer.id, 2200)).rejects.toThrow(Forbidden);
    await expect(withdrawOffer(db(), seller.id, offer.id)).rejects.toThrow(Forbidden);
    await counterOffer(db(), seller.id, offer.id, 2200);
    await expect(acceptOffer(db(), seller.id, offer.id)).rejects.toThrow(Forbidden);
    await expect(counterOffer(db(), seller.id, offer.id, 2300)).rejects.toThrow(InvalidTransition);
    await expect(withdrawOffer(db(), buyer.id, offer.id)).rejects.toThrow(InvalidTransition);
    expect(await offerRow(offer.id)).toMatchObject({ status: "countered", counterCents: 2200 });
    expect(await eventsOf(offer.id)).toHaveLength(2);
    // Each member sees only their own side on the offers page.
    expect((await listOffers(db(), stranger.id)).received).toEqual([]);
    expect((await listOffers(db(), seller.id)).received.map((row) => row.id)).toEqual([offer.id]);
    expect((await listOffers(db(), buyer.id)).sent.map((row) => row.id)).toEqual([offer.id]);
  });
});

describe("expiry", () => {
  it("expires pending offers after 48 hours and accepted ones 24 hours after acceptance, once", async () => {
    const { seller, buyer, listing } = await negotiation();
    const other = await createUser(db());
    const pending = await makeOffer(db(), buyer.id, listing.id, 2000);
    const accepted = await makeOffer(db(), other.id, listing.id, 2100);
    await acceptOffer(db(), seller.id, accepted.id);

    // The sweep covers the whole table (other tests' offers too): assert on these two offers' rows.
    await expireDueOffers(db(), new Date(Date.now() + 23 * HOUR));
    expect((await offerRow(accepted.id)).status).toBe("accepted");
    await expireDueOffers(db(), new Date(Date.now() + 25 * HOUR));
    expect((await offerRow(accepted.id)).status).toBe("expired");
    expect((await offerRow(pending.id)).status).toBe("pending");
    // Two workers at once, then a rerun: the pending offer expires exactly once.
    const later = new Date(Date.now() + 49 * HOUR);
    await Promise.all([expireDueOffers(db(), later), expireDueOffers(db(), later)]);
    expect(await expireDueOffers(db(), later)).toBe(0);
    expect((await offerRow(pending.id)).status).toBe("expired");
    expect((await eventsOf(pending.id)).filter((event) => event.event === "expire")).toHaveLength(1);
    expect((await notificationsOf(buyer.id)).filter((n) => n.kind === "offer_expired")).toHaveLength(1);
    expect((await notificationsOf(other.id)).at(-1)).toMatchObject({ kind: "offer_expired" });
    expect((await notificationsOf(other.id)).at(-1)!.body).toMatch(/didn't check out within 24 hours/);
  });

  it("runs as the scheduled offer-expire job", async () => {
    const { buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    // Time has passed: the deadline is behind us.
    await db()
      .updateTable("offers")
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where("id", "=", offer.id)
      .execute();
    const deps = { db: db(), logger: createLogger("silent") } as unknown as JobDeps;
    expect(await JOB_HANDLERS[QUEUES.offerExpire]({}, deps)).toEqual({ expired: expect.any(Number) });
    expect((await offerRow(offer.id)).status).toBe("expired");
    expect(await JOB_HANDLERS[QUEUES.offerExpire]({}, deps)).toEqual({ expired: 0 });
    expect((await offerRow(offer.id)).status).toBe("expired");
  });
});

describe("listing changes", () => {
  it("closes open offers with a reason when the listing is archived, sold or removed", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    await transitionListing(db(), {
      listingId: listing.id,
      action: "archive",
      actor: { userId: seller.id, role: "member" },
    });
    expect(await offerRow(offer.id)).toMatchObject({ status: "closed", closedReason: "archived", expiresAt: null });
    expect((await notificationsOf(buyer.id)).at(-1)).toMatchObject({
      kind: "offer_expired",
      title: `Offer closed: ${listing.title}`,
      body: "The seller took the listing down. Your offer is closed.",
    });

    const second = await negotiation();
    const accepted = await makeOffer(db(), second.buyer.id, second.listing.id, 2000);
    await acceptOffer(db(), second.seller.id, accepted.id);
    await transitionListing(db(), {
      listingId: second.listing.id,
      action: "markSold",
      actor: { userId: second.seller.id, role: "member" },
    });
    expect(await offerRow(accepted.id)).toMatchObject({ status: "closed", closedReason: "sold" });
    await expect(
      startCheckout(db(), stripe.stripe, settings, second.buyer, second.listing.id, {
        delivery: "pickup",
        address: null,
      }),
    ).rejects.toThrow(Conflict);
  });
});

describe("checkout at the offer price", () => {
  it("charges the countered price through Stripe, records the offer and marks it purchased once paid", async () => {
    const { seller, buyer, listing } = await negotiation();
    const bystander = await createUser(db());
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    await counterOffer(db(), seller.id, offer.id, 2200);
    await acceptOffer(db(), buyer.id, offer.id);
    const pendingOther = await makeOffer(db(), bystander.id, listing.id, 1800);

    const page = await buyPageFor(db(), listing.id, buyer.id, fees);
    expect(page.itemCents).toBe(2200);
    expect(page.quotes.shipping).toMatchObject({ totalCents: 3000, shippingCents: 800 });
    // Another buyer still sees the asking price.
    expect((await buyPageFor(db(), listing.id, bystander.id, fees)).itemCents).toBe(2500);

    const { order, url } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "shipping",
      address,
    });
    expect(order).toMatchObject({
      offerId: offer.id,
      itemCents: 2200,
      shippingCents: 800,
      totalCents: 3000,
      platformFeeCents: platformFee(3000, fees),
    });
    const session = await stripe.stripe.checkout.sessions.retrieve(order.stripeCheckoutSessionId!);
    expect(session.amount_total).toBe(3000);
    // While the buyer is paying, the expiry job leaves the offer alone even past its deadline.
    expect(await expireDueOffers(db(), new Date(Date.now() + 25 * HOUR))).toBe(0);

    expect((await payOnHostedPage(url, "4242424242424242")).status).toBe(303);
    await expect.poll(() => orderStatus(order.id), { timeout: 5000 }).toBe("paid");
    expect(await offerRow(offer.id)).toMatchObject({ status: "purchased", expiresAt: null });
    expect((await eventsOf(offer.id)).at(-1)).toMatchObject({ event: "purchase", actorId: null });
    expect(await offerRow(pendingOther.id)).toMatchObject({ status: "closed", closedReason: "sold" });
  });

  it("charges the asking price once the accepted offer has lapsed", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    await acceptOffer(db(), seller.id, offer.id);
    await db()
      .updateTable("offers")
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where("id", "=", offer.id)
      .execute();
    expect((await buyPageFor(db(), listing.id, buyer.id, fees)).offer).toBeNull();
    const { order } = await startCheckout(db(), stripe.stripe, settings, buyer, listing.id, {
      delivery: "pickup",
      address: null,
    });
    expect(order).toMatchObject({ offerId: null, itemCents: 2500, totalCents: 2500 });
  });

  it("sells a unique item once when the offer buyer and an asking-price buyer check out together", async () => {
    for (let round = 0; round < 3; round++) {
      const { seller, buyer, listing } = await negotiation();
      const fullPrice = await createUser(db());
      const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
      await acceptOffer(db(), seller.id, offer.id);
      const results = await Promise.allSettled([
        startCheckout(db(), stripe.stripe, settings, buyer, listing.id, { delivery: "pickup", address: null }),
        startCheckout(db(), stripe.stripe, settings, fullPrice, listing.id, { delivery: "pickup", address: null }),
      ]);
      const won = results.filter((result) => result.status === "fulfilled");
      const lost = results.filter((result) => result.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost.map((result) => (result as PromiseRejectedResult).reason)).toEqual([expect.any(Conflict)]);
      const orders = await db().selectFrom("orders").selectAll().where("listingId", "=", listing.id).execute();
      expect(orders).toHaveLength(1);
      const [order] = orders;
      expect(order!.itemCents).toBe(order!.buyerId === buyer.id ? 2000 : 2500);

      // The winner pays; the loser can't buy it afterwards, at any price.
      const { url } = (won[0] as PromiseFulfilledResult<{ url: string }>).value;
      expect((await payOnHostedPage(url, "4242424242424242")).status).toBe(303);
      await expect.poll(() => orderStatus(order!.id), { timeout: 5000 }).toBe("paid");
      const loser = order!.buyerId === buyer.id ? fullPrice : buyer;
      await expect(
        startCheckout(db(), stripe.stripe, settings, loser, listing.id, { delivery: "pickup", address: null }),
      ).rejects.toThrow(Conflict);
      expect((await offerRow(offer.id)).status).toBe(order!.buyerId === buyer.id ? "purchased" : "closed");
    }
  });
});

describe("member data", () => {
  it("exports a member's offers and closes the ones they made when they delete their account", async () => {
    const { seller, buyer, listing } = await negotiation();
    const offer = await makeOffer(db(), buyer.id, listing.id, 2000);
    await counterOffer(db(), seller.id, offer.id, 2300);

    const exported = (await exportMemberData(db(), buyer.id)).offers;
    expect(exported).toEqual([
      expect.objectContaining({
        id: offer.id,
        side: "buyer",
        otherMemberId: seller.id,
        status: "countered",
        amountCents: 2000,
        counterCents: 2300,
      }),
    ]);
    expect((await exportMemberData(db(), seller.id)).offers).toEqual([
      expect.objectContaining({ id: offer.id, side: "seller", otherMemberId: buyer.id }),
    ]);

    await deleteAccount(db(), buyer.id, DEFAULT_PASSWORD);
    expect(await offerRow(offer.id)).toMatchObject({ status: "closed", closedReason: "buyer_left" });
    expect((await notificationsOf(seller.id)).at(-1)).toMatchObject({
      kind: "offer_expired",
      body: "The buyer closed their Stoop account. Their offer is closed.",
    });
  });
});
