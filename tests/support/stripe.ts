import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { StripeStandIn } from "~/dev/stripe-stand-in/stand-in";
import { expect } from "vitest";
import { InvalidInput } from "~/lib/errors";
import { startCheckout } from "~/modules/orders/checkout.server";
import { startPayoutOnboarding } from "~/modules/payments/payout-accounts.server";
import { createStripeClient, type StripeClient } from "~/modules/payments/stripe.server";
import { receiveStripeWebhook, type WebhookOutcome } from "~/wiring/stripe-events.server";

import { createListing, createUser } from "./factories";

export const TEST_WEBHOOK_SECRET = "whsec_testsecret";

/** Pays on the stand-in's hosted checkout page as a browser would (its form POST). */
export function payOnHostedPage(url: string, card = "4242424242424242") {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ cardNumber: card, expiry: "12 / 34", cvc: "123" }),
    redirect: "manual",
  });
}

export const TEST_ADDRESS = {
  name: "Pat Buyer",
  line1: "1 Main St",
  line2: null,
  city: "Portland",
  region: "OR",
  postalCode: "97214",
  country: "US",
};

/**
 * A shipped-delivery order paid on the stand-in's hosted page, once its webhook has marked it
 * paid: item 25.00 + shipping 8.00 = 33.00 from an onboarded seller (with the tests' usual fee
 * of 5% + 30: 1.95, so the seller's share is 31.05).
 */
export async function paidShippedOrder(
  db: Kysely<Database>,
  stripe: StripeClient,
  settings: Parameters<typeof startCheckout>[2],
  options: { buyerName?: string } = {},
) {
  const seller = await onboardedSeller(db, stripe);
  const listing = await createListing(db, {
    sellerId: seller.id,
    priceCents: 2500,
    shipping: true,
    shippingCents: 800,
  });
  const buyer = await createUser(db, options.buyerName ? { displayName: options.buyerName } : {});
  const { order, url } = await startCheckout(db, stripe, settings, buyer, listing.id, {
    delivery: "shipping",
    address: TEST_ADDRESS,
  });
  expect((await payOnHostedPage(url, "4242424242424242")).status).toBe(303);
  await expect
    .poll(
      async () =>
        (await db.selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirst())?.status,
      { timeout: 5000 },
    )
    .toBe("paid");
  return { seller, buyer, listing, orderId: order.id };
}

/**
 * A paid pickup order for a $200 bike in Portland (an onboarded seller, a new buyer, paid on the
 * stand-in's hosted page), with the add-ons named by serviceIds. Returns the order row as paid.
 */
export async function paidPickupOrder(
  db: Kysely<Database>,
  stripe: StripeClient,
  settings: Parameters<typeof startCheckout>[2],
  options: { serviceIds?: string[] } = {},
) {
  const seller = await onboardedSeller(db, stripe);
  const listing = await createListing(db, {
    sellerId: seller.id,
    categoryId: "bikes",
    priceCents: 20000,
    latitude: 45.52,
    longitude: -122.68,
  });
  const buyer = await createUser(db);
  const { order, url } = await startCheckout(db, stripe, settings, buyer, listing.id, {
    delivery: "pickup",
    address: null,
    serviceIds: options.serviceIds ?? [],
  });
  expect((await payOnHostedPage(url)).status).toBe(303);
  const orderRow = () => db.selectFrom("orders").selectAll().where("id", "=", order.id).executeTakeFirstOrThrow();
  await expect.poll(async () => (await orderRow()).status, { timeout: 5000 }).toBe("paid");
  return { seller, buyer, listing, order: await orderRow() };
}

/** A shop whose owner finished Connect onboarding for it on the stand-in: the shop's payouts enabled. */
export async function onboardShop(db: Kysely<Database>, stripe: StripeClient, shop: { id: string; ownerId: string }) {
  const owner = await db
    .selectFrom("users")
    .select(["id", "email"])
    .where("id", "=", shop.ownerId)
    .executeTakeFirstOrThrow();
  const link = await startPayoutOnboarding(db, stripe, { kind: "shop", retailerId: shop.id }, owner, {
    returnUrl: "http://x/r",
    refreshUrl: "http://x/f",
  });
  await fetch(link, { method: "POST", redirect: "manual" });
  await expect
    .poll(
      async () =>
        (
          await db
            .selectFrom("payoutAccounts")
            .select("payoutsEnabled")
            .where("retailerId", "=", shop.id)
            .executeTakeFirst()
        )?.payoutsEnabled,
      { timeout: 5000 },
    )
    .toBe(true);
}

/** A new member who finished Connect onboarding on the stand-in: payouts enabled. */
export async function onboardedSeller(db: Kysely<Database>, stripe: StripeClient) {
  const seller = await createUser(db);
  const link = await startPayoutOnboarding(db, stripe, { kind: "member", userId: seller.id }, seller, {
    returnUrl: "http://stoop.test/r",
    refreshUrl: "http://stoop.test/f",
  });
  await fetch(link, { method: "POST", redirect: "manual" });
  await expect
    .poll(
      async () =>
        (
          await db
            .selectFrom("payoutAccounts")
            .select("payoutsEnabled")
            .where("userId", "=", seller.id)
            .executeTakeFirst()
        )?.payoutsEnabled,
      { timeout: 5000 },
    )
    .toBe(true);
  return seller;
}

/**
 * The real Stripe SDK against the stand-in over HTTP, plus a webhook receiver that hands each
 * delivery to the payments module exactly as the app's /webhooks/stripe route does.
 */
export async function startStripeStandIn(db: () => Kysely<Database>) {
  const listen = async (server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };
  const apiServer = http.createServer((req, res) => void standIn.handle(req, res));
  const port = await listen(apiServer);
  const standIn = new StripeStandIn({
    publicBaseUrl: `http://127.0.0.1:${port}`,
    webhookSecret: TEST_WEBHOOK_SECRET,
    retryDelaysMs: [50, 100, 200],
  });
  const stripe = createStripeClient({ secretKey: "sk_test_standin", standIn: { host: "127.0.0.1", port } });

  const outcomes: WebhookOutcome[] = [];
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const outcome = await receiveStripeWebhook(db(), stripe, {
        rawBody: Buffer.concat(chunks).toString("utf8"),
        signature: (req.headers["stripe-signature"] as string | undefined) ?? null,
        secret: TEST_WEBHOOK_SECRET,
      });
      outcomes.push(outcome);
      res.writeHead(200).end(JSON.stringify({ received: true, outcome }));
    } catch (error) {
      res.writeHead(error instanceof InvalidInput ? 400 : 500).end(String(error));
    }
  });
  const receiverPort = await listen(receiver);
  standIn.webhookUrl = `http://127.0.0.1:${receiverPort}/webhooks/stripe`;

  return {
    stripe,
    standIn,
    baseUrl: `http://127.0.0.1:${port}`,
    outcomes,
    async close() {
      standIn.close();
      await new Promise((resolve) => apiServer.close(resolve));
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}
