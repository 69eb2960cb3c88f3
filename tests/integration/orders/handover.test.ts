import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import * as linkRoute from "~/routes/orders.$id_.handover.$token";
import { InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import {
  handOver,
  handoverCode,
  handoverForBuyer,
  handoverKey,
  handoverLinkToken,
  handoverState,
  isHandoverLink,
  MAX_HANDOVER_ATTEMPTS,
} from "~/modules/orders/handover.server";
import { attemptPayout, cancelOrder } from "~/modules/orders/money.server";
import { confirmReceipt, transitionOrder } from "~/modules/orders/orders.server";
import {
  acceptServiceJob,
  confirmCollection,
  confirmDropOff,
  serviceJobsFor,
} from "~/modules/orders/service-jobs.server";
import { orderMoney } from "~/modules/payments/ledger.server";
import { createRetailer } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { onboardShop, paidPickupOrder, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;
const SECRET = "a-handover-secret-of-at-least-32-characters";

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const orderRow = (orderId: string) =>
  db().selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();

const paidPickup = (serviceIds: string[] = []) => paidPickupOrder(db(), stripe.stripe, settings, { serviceIds });

const buyerPanel = (orderId: string, buyerId: string) =>
  handoverForBuyer(db(), { orderId, buyerId, secret: SECRET, publicUrl: settings.publicUrl });

/** A 6-digit code that is not the buyer's. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("the pickup handover code", () => {
  it("shows the buyer a 6-digit code and a QR of a one-time link, stores only their hashes, and never shows the seller", async () => {
    const { order, buyer, seller } = await paidPickup();
    const panel = await buyerPanel(order.id, buyer.id);
    expect(panel?.code).toMatch(/^\d{6}$/);
    expect(panel?.url).toBe(`http://stoop.test/orders/${order.id}/handover/${handoverLinkToken(SECRET, order.id)}`);
    expect(panel?.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    // Shown again the same on the next visit.
    expect((await buyerPanel(order.id, buyer.id))?.code).toBe(panel!.code);
    // The seller (or anyone but the buyer) gets no panel.
    expect(await buyerPanel(order.id, seller.id)).toBeNull();
    const row = await db()
      .selectFrom("orderHandovers")
      .selectAll()
      .where("orderId", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(panel!.code);
    expect(stored).not.toContain(handoverLinkToken(SECRET, order.id));
    // Neither the code nor the link is in any notification the order sent.
    const notifications = await db().selectFrom("notifications").selectAll().execute();
    expect(JSON.stringify(notifications)).not.toContain(panel!.code);
  });

  it("records the handover as its own event, completes the order and pays the seller exactly once", async () => {
    const { order, buyer, seller } = await paidPickup();
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    const { code } = (await buyerPanel(order.id, buyer.id))!;
    // The buyer can't record it with their own code, nor can a stranger.
    await expect(
      handOver(db(), { orderId: order.id, sellerId: buyer.id, code, secret: SECRET }),
    ).rejects.toBeInstanceOf(NotFound);
    const result = await handOver(db(), { orderId: order.id, sellerId: seller.id, code, secret: SECRET });
    expect(result.ok).toBe(true);
    expect((await orderRow(order.id)).status).toBe("completed");
    const events = await db()
      .selectFrom("orderEvents")
      .select(["event", "actorId", "fromStatus", "toStatus"])
      .where("orderId", "=", order.id)
      .orderBy("createdAt")
      .execute();
    expect(events.map((event) => event.event)).toEqual(["create", "pay", "markReady", "handOver", "complete"]);
    expect(events.find((event) => event.event === "handOver")).toMatchObject({
      actorId: seller.id,
      fromStatus: "ready_for_pickup",
      toStatus: "received",
    });
    expect(await handoverState(db(), order.id)).toMatchObject({ method: "code", locked: false });
    const row = await db()
      .selectFrom("orderHandovers")
      .selectAll()
      .where("orderId", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ handedOverBy: seller.id, method: "code" });
    expect(row.handedOverAt).toBeInstanceOf(Date);

    // Works once: the same code again is refused, and nobody can cancel any more.
    await expect(
      handOver(db(), { orderId: order.id, sellerId: seller.id, code, secret: SECRET }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    await expect(cancelOrder(db(), stripe.stripe, order.id, { userId: buyer.id })).rejects.toBeInstanceOf(
      InvalidTransition,
    );
    await expect(cancelOrder(db(), stripe.stripe, order.id, { userId: seller.id })).rejects.toBeInstanceOf(
      InvalidTransition,
    );
    expect(await buyerPanel(order.id, buyer.id)).toBeNull();

    await attemptPayout(db(), stripe.stripe, order.id);
    await attemptPayout(db(), stripe.stripe, order.id);
    const money = await orderMoney(db(), order.id);
    expect(money.payees).toEqual([
      { payee: { kind: "member", userId: seller.id }, transferredCents: 18970, reversedCents: 0, paidCents: 18970 },
    ]);
    const transfers = await db()
      .selectFrom("moneyMovements")
      .select("amountCents")
      .where("orderId", "=", order.id)
      .where("kind", "=", "transfer")
      .execute();
    expect(transfers).toHaveLength(1);
    expect(money.refundedCents).toBe(0);
  });

  it("counts wrong codes in the database and refuses after five, even the right one", async () => {
    const { order, buyer, seller } = await paidPickup();
    const { code } = (await buyerPanel(order.id, buyer.id))!;
    for (let attempt = 1; attempt <= MAX_HANDOVER_ATTEMPTS; attempt += 1) {
      const result = await handOver(db(), {
        orderId: order.id,
        sellerId: seller.id,
        code: wrongCode(code),
        secret: SECRET,
      });
      expect(result).toMatchObject({ ok: false, triesLeft: MAX_HANDOVER_ATTEMPTS - attempt });
      const row = await db()
        .selectFrom("orderHandovers")
        .select("failedAttempts")
        .where("orderId", "=", order.id)
        .executeTakeFirstOrThrow();
      expect(row.failedAttempts).toBe(attempt);
    }
    const locked = await handOver(db(), { orderId: order.id, sellerId: seller.id, code, secret: SECRET });
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    if (!locked.ok) expect(locked.message).toContain("Ask the buyer to confirm receipt in the app");
    expect((await orderRow(order.id)).status).toBe("paid");
    expect(await handoverState(db(), order.id)).toMatchObject({ locked: true, triesLeft: 0 });
    // The buyer can still confirm receipt themselves once the seller marks it ready.
    await transitionOrder(db(), { orderId: order.id, event: "markReady", actor: { userId: seller.id } });
    await confirmReceipt(db(), order.id, { userId: buyer.id });
    expect((await orderRow(order.id)).status).toBe("completed");
  });

  it("hands over through the QR link, whose token only the link checks; the code is a different secret", async () => {
    const { order, buyer, seller } = await paidPickup();
    const panel = (await buyerPanel(order.id, buyer.id))!;
    const token = panel.url.split("/").pop()!;
    expect(await isHandoverLink(db(), order.id, token, SECRET)).toBe(true);
    const tampered = `${token[0] === "A" ? "B" : "A"}${token.slice(1)}`;
    expect(await isHandoverLink(db(), order.id, tampered, SECRET)).toBe(false);
    expect(await isHandoverLink(db(), order.id, token, "another-secret-of-at-least-32-characters!")).toBe(false);
    // Checking the link (the confirm page's GET) records nothing.
    expect((await handoverState(db(), order.id)).handedOverAt).toBeNull();
    const result = await handOver(db(), { orderId: order.id, sellerId: seller.id, token, secret: SECRET });
    expect(result.ok).toBe(true);
    expect(await handoverState(db(), order.id)).toMatchObject({ method: "link" });
    expect((await orderRow(order.id)).status).toBe("completed");
  });

  it("uses a key kept in the database when no secret is configured", async () => {
    const { order, buyer, seller } = await paidPickup();
    const panel = (await handoverForBuyer(db(), {
      orderId: order.id,
      buyerId: buyer.id,
      secret: null,
      publicUrl: settings.publicUrl,
    }))!;
    expect(panel.code).toBe(handoverCode(await handoverKey(db(), null), order.id));
    const result = await handOver(db(), { orderId: order.id, sellerId: seller.id, code: panel.code, secret: null });
    expect(result.ok).toBe(true);
  });
});

describe("a handoff-point shop", () => {
  const onboardRetailer = (retailer: { id: string; ownerId: string }) => onboardShop(db(), stripe.stripe, retailer);

  it("hands the item over only for the buyer's code, limits wrong codes, and pays the seller and the shop once", async () => {
    const shop = await createRetailer(db(), {
      services: [{ title: "Handoff at Bike Hub", priceCents: 500, categoryIds: ["bikes"], kind: "handoff" }],
    });
    await onboardRetailer(shop);
    const { order, buyer, seller } = await paidPickup([shop.services[0]!.id]);
    const [job] = await serviceJobsFor(db(), shop.id, shop.ownerId);
    await acceptServiceJob(db(), job!.id, shop.ownerId);
    await confirmDropOff(db(), job!.id, shop.ownerId);
    expect((await orderRow(order.id)).status).toBe("ready_for_pickup");
    const { code } = (await buyerPanel(order.id, buyer.id))!;
    // The seller can't enter it: the buyer collects at the shop.
    await expect(
      handOver(db(), { orderId: order.id, sellerId: seller.id, code, secret: SECRET }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    // Only staff of that shop; a wrong code is refused and counted (committed).
    await expect(confirmCollection(db(), job!.id, seller.id, { code, secret: SECRET })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(
      confirmCollection(db(), job!.id, shop.ownerId, { code: wrongCode(code), secret: SECRET }),
    ).rejects.toThrow(/4 tries left/);
    await expect(confirmCollection(db(), job!.id, shop.ownerId, { code: "", secret: SECRET })).rejects.toBeInstanceOf(
      InvalidInput,
    );
    expect((await handoverState(db(), order.id)).triesLeft).toBe(4);
    expect((await orderRow(order.id)).status).toBe("ready_for_pickup");

    const collected = await confirmCollection(db(), job!.id, shop.ownerId, { code, secret: SECRET });
    expect(collected.completed).toBe(true);
    expect(await handoverState(db(), order.id)).toMatchObject({ method: "shop" });
    const row = await db()
      .selectFrom("orderHandovers")
      .selectAll()
      .where("orderId", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ handedOverBy: shop.ownerId, retailerId: shop.id, method: "shop" });
    await expect(cancelOrder(db(), stripe.stripe, order.id, { userId: buyer.id })).rejects.toBeInstanceOf(
      InvalidTransition,
    );

    await attemptPayout(db(), stripe.stripe, order.id);
    await attemptPayout(db(), stripe.stripe, order.id);
    const money = await orderMoney(db(), order.id);
    const byPayee = money.payees.map((payee) => [payee.payee.kind, payee.paidCents]).sort();
    expect(byPayee).toEqual(
      [
        ["member", 20000 - Math.round(20000 * 0.05) - 30],
        ["shop", 500 - 25],
      ].sort(),
    );
    const transfers = await db()
      .selectFrom("moneyMovements")
      .select("id")
      .where("orderId", "=", order.id)
      .where("kind", "=", "transfer")
      .execute();
    expect(transfers).toHaveLength(2);
  });
});

describe("the QR link's page", () => {
  const contextFor = (user: { id: string; email: string; displayName: string }) =>
    ({
      db: db(),
      config: loadConfig({ NODE_ENV: "test", PUBLIC_URL: settings.publicUrl, HANDOVER_SECRET: SECRET }),
      auth: {
        user: { ...user, role: "member", emailVerified: true, twoFactorEnabled: false, suspension: null },
        token: "token",
      },
      payments: { stripe: stripe.stripe },
    }) as unknown as AppLoadContext;
  const call = (
    handler: typeof linkRoute.loader | typeof linkRoute.action,
    method: string,
    user: Parameters<typeof contextFor>[0],
    params: Record<string, string>,
  ) =>
    handler({
      request: new Request(`http://stoop.test/orders/${params.id}/handover/${params.token}`, { method }),
      params,
      context: contextFor(user),
    } as never);

  it("asks the seller to confirm on GET (recording nothing), records the handover on POST, and is nobody else's", async () => {
    const { order, buyer, seller } = await paidPickup();
    const token = (await buyerPanel(order.id, buyer.id))!.url.split("/").pop()!;
    const params = { id: order.id, token };
    const page = (await call(linkRoute.loader, "GET", seller, params)) as Response;
    expect(await page.json()).toMatchObject({ open: true, state: { handedOverAt: null, triesLeft: 5 } });
    expect((await orderRow(order.id)).status).toBe("paid");
    // The buyer (or a wrong token) finds nothing there.
    await expect(call(linkRoute.loader, "GET", buyer, params)).rejects.toMatchObject({ status: 404 });
    await expect(
      call(linkRoute.loader, "GET", seller, {
        id: order.id,
        token: `${token[0] === "A" ? "B" : "A"}${token.slice(1)}`,
      }),
    ).rejects.toMatchObject({ status: 404 });
    const done = (await call(linkRoute.action, "POST", seller, params)) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/orders/${order.id}`);
    expect((await orderRow(order.id)).status).toBe("completed");
    expect(await handoverState(db(), order.id)).toMatchObject({ method: "link" });
    // Once: a second POST is refused.
    const again = (await call(linkRoute.action, "POST", seller, params)) as Response;
    expect(again.status).toBe(409);
  });
});
