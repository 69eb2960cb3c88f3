import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest } from "~db/migrate";
import { transaction } from "~db/transaction";
import { newId } from "~/lib/ids.server";
import { moneyKey, planRefunds } from "~/modules/payments/gateway.server";
import { orderMoney } from "~/modules/payments/ledger.server";
import { createCompletedOrder } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

const refundedOf = async (orderId: string) =>
  (await db().selectFrom("orders").select("refundedCents").where("id", "=", orderId).executeTakeFirstOrThrow())
    .refundedCents;

describe("the money ledger", () => {
  it("keys every movement by order, payee, purpose and line", () => {
    expect(moneyKey({ orderId: "o1", payee: { kind: "member", userId: "u1" }, purpose: "sale" })).toBe(
      "order:o1:payee:u1:purpose:sale",
    );
    expect(
      moneyKey({ orderId: "o1", payee: { kind: "shop", retailerId: "r1" }, purpose: "decline", lineId: "service:s1" }),
    ).toBe("order:o1:payee:retailer:r1:purpose:decline:line:service:s1");
    expect(moneyKey({ orderId: "o1", payee: { kind: "platform" }, purpose: "charge" })).toBe(
      "order:o1:payee:platform:purpose:charge",
    );
  });

  it("keeps orders.refunded_cents equal to its succeeded refunds, whatever else writes the column", async () => {
    const { order, sellerId } = await createCompletedOrder(db());
    await db().updateTable("orders").set({ refundedCents: 999 }).where("id", "=", order.id).execute();
    expect(await refundedOf(order.id)).toBe(0);

    await transaction(db(), (trx) =>
      planRefunds(trx, {
        orderId: order.id,
        purpose: "cancellation",
        lines: [{ lineKey: "item", payee: { kind: "member", userId: sellerId }, amountCents: 700 }],
      }),
    );
    // Pending: on its way, not refunded yet.
    expect(await refundedOf(order.id)).toBe(0);
    await db()
      .updateTable("moneyMovements")
      .set({ status: "succeeded", stripeId: "re_test" })
      .where("orderId", "=", order.id)
      .execute();
    expect(await refundedOf(order.id)).toBe(700);
    expect((await orderMoney(db(), order.id)).refundedCents).toBe(700);
    // Planning the same line for the same purpose again plans nothing (its key is taken).
    expect(
      await transaction(db(), (trx) =>
        planRefunds(trx, {
          orderId: order.id,
          purpose: "cancellation",
          lines: [{ lineKey: "item", payee: { kind: "member", userId: sellerId }, amountCents: 700 }],
        }),
      ),
    ).toBe(0);
  });

  it("is filled by the migration from the charges, line refunds, payouts and reversals recorded before it", async () => {
    const { order, sellerId } = await createCompletedOrder(db());
    await db()
      .updateTable("orders")
      .set({ stripeChargeId: "ch_old", stripePaymentIntentId: "pi_old" })
      .where("id", "=", order.id)
      .execute();
    // Back to just before 0019 (later migrations go first, and come back after).
    const reverted: string[] = [];
    while (!reverted.includes("reverted 0019_money_ledger")) reverted.push(...(await migrateDown(db())));

    const payoutId = newId();
    await sql`insert into payouts (id, order_id, payee_id, purpose, amount_cents, status, idempotency_key, stripe_transfer_id)
              values (${payoutId}, ${order.id}, ${sellerId}, 'sale', 1500, 'paid', ${`order:${order.id}:payee:${sellerId}:purpose:sale`}, 'tr_old')`.execute(
      db(),
    );
    await sql`insert into order_line_refunds (id, order_id, line_key, amount_cents, status, stripe_refund_id, idempotency_key)
              values (${newId()}, ${order.id}, 'item', 400, 'succeeded', 're_old', ${`order:${order.id}:refund:full:line:item`})`.execute(
      db(),
    );
    await sql`insert into payout_reversals (id, payout_id, order_id, amount_cents, status, stripe_reversal_id, idempotency_key)
              values (${newId()}, ${payoutId}, ${order.id}, 400, 'succeeded', 'trr_old', ${`old:${payoutId}:reversal`})`.execute(
      db(),
    );
    await sql`update orders set refunded_cents = 400 where id = ${order.id}`.execute(db());

    expect(await migrateToLatest(db())).toEqual(reverted.reverse().map((line) => line.replace("reverted", "applied")));
    const rows = await db()
      .selectFrom("moneyMovements")
      .select(["kind", "lineKey", "payeeKind", "payeeId", "amountCents", "status", "stripeId"])
      .where("orderId", "=", order.id)
      .orderBy("kind")
      .execute();
    expect(rows).toEqual([
      {
        kind: "charge",
        lineKey: null,
        payeeKind: "platform",
        payeeId: null,
        amountCents: order.totalCents,
        status: "succeeded",
        stripeId: "ch_old",
      },
      {
        kind: "refund",
        lineKey: "item",
        payeeKind: "member",
        payeeId: sellerId,
        amountCents: 400,
        status: "succeeded",
        stripeId: "re_old",
      },
      {
        kind: "reversal",
        lineKey: null,
        payeeKind: "member",
        payeeId: sellerId,
        amountCents: 400,
        status: "succeeded",
        stripeId: "trr_old",
      },
      {
        kind: "transfer",
        lineKey: null,
        payeeKind: "member",
        payeeId: sellerId,
        amountCents: 1500,
        status: "succeeded",
        stripeId: "tr_old",
      },
    ]);
    expect(await refundedOf(order.id)).toBe(400);
    expect((await orderMoney(db(), order.id)).payees).toEqual([
      { payee: { kind: "member", userId: sellerId }, transferredCents: 1500, reversedCents: 400, paidCents: 1100 },
    ]);
  });
});
