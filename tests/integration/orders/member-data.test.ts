import { describe, expect, it } from "vitest";
import { DeletionBlocked, deleteAccount, exportMemberData } from "~/modules/privacy/account-data.server";
import { newId } from "~/lib/ids.server";
import { DEFAULT_PASSWORD, createCompletedOrder } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

async function orderInStatus(status: "paid" | "disputed", address?: { shipLine1: string; shipCity: string }) {
  const { order, buyerId, sellerId, listing } = await createCompletedOrder(db(), { title: `Lamp ${newId()}` });
  await db()
    .updateTable("orders")
    .set({ status, completedAt: null, ...(address ?? {}) })
    .where("id", "=", order.id)
    .execute();
  return { order, buyerId, sellerId, title: listing.title };
}

async function deletedAt(userId: string) {
  return (await db().selectFrom("users").select("deletedAt").where("id", "=", userId).executeTakeFirstOrThrow())
    .deletedAt;
}

describe("orders and the member's data export", () => {
  it("lists purchases and sales with their money; the buyer's address only in the buyer's export", async () => {
    const { order, buyerId, sellerId } = await orderInStatus("paid", { shipLine1: "12 Elm St", shipCity: "Portland" });
    await db()
      .insertInto("payouts")
      .values({
        id: newId(),
        orderId: order.id,
        payeeId: sellerId,
        purpose: "sale",
        amountCents: 1900,
        status: "paid",
        idempotencyKey: `test:${order.id}`,
      })
      .execute();
    await db()
      .insertInto("userWarnings")
      .values({ id: newId(), userId: sellerId, adminId: null, reason: "Photos of someone else's item." })
      .execute();

    const buyerData = await exportMemberData(db(), buyerId);
    const sellerData = await exportMemberData(db(), sellerId);

    expect(buyerData.orders).toEqual([
      expect.objectContaining({
        id: order.id,
        role: "buyer",
        totalCents: order.totalCents,
        platformFeeCents: null,
        shippingAddress: expect.objectContaining({ line1: "12 Elm St", city: "Portland" }),
      }),
    ]);
    expect(sellerData.orders).toEqual([
      expect.objectContaining({
        id: order.id,
        role: "seller",
        platformFeeCents: order.platformFeeCents,
        shippingAddress: null,
      }),
    ]);
    expect(JSON.stringify(sellerData)).not.toContain("12 Elm St");
    expect(sellerData.payoutsReceived).toEqual([expect.objectContaining({ amountCents: 1900, status: "paid" })]);
    expect(sellerData.warningsReceived).toEqual([
      expect.objectContaining({ reason: "Photos of someone else's item." }),
    ]);
    expect(buyerData.payoutsReceived).toEqual([]);
  });

  it("lists a pickup's handover for buyer and seller, without the code's hashes", async () => {
    const { order, buyerId, sellerId } = await orderInStatus("paid");
    await db()
      .insertInto("orderHandovers")
      .values({
        orderId: order.id,
        codeHash: "code-hash-never-exported",
        linkHash: "link-hash-never-exported",
        handedOverAt: new Date("2026-11-30T10:00:00Z"),
        handedOverBy: sellerId,
        method: "code",
      })
      .execute();
    const sellerData = await exportMemberData(db(), sellerId);
    const buyerData = await exportMemberData(db(), buyerId);
    expect(sellerData.handovers).toEqual([
      { orderId: order.id, handedOverAt: new Date("2026-11-30T10:00:00Z"), method: "code", recordedByYou: true },
    ]);
    expect(buyerData.handovers).toEqual([expect.objectContaining({ orderId: order.id, recordedByYou: false })]);
    expect(JSON.stringify([sellerData, buyerData])).not.toContain("never-exported");
  });
});

describe("orders and deleting the account", () => {
  it("refuse while an order is under way, for buyer and seller alike, naming it", async () => {
    const { buyerId, sellerId, title } = await orderInStatus("paid");

    for (const member of [buyerId, sellerId]) {
      const refused = deleteAccount(db(), member, DEFAULT_PASSWORD);
      await expect(refused).rejects.toBeInstanceOf(DeletionBlocked);
      await expect(deleteAccount(db(), member, DEFAULT_PASSWORD)).rejects.toThrow(`Finish your order for “${title}”.`);
      expect(await deletedAt(member)).toBeNull();
    }
  });

  it("refuse while a dispute is being decided, and say so", async () => {
    const { buyerId } = await orderInStatus("disputed");
    await expect(deleteAccount(db(), buyerId, DEFAULT_PASSWORD)).rejects.toThrow("(an admin is deciding a dispute)");
    expect(await deletedAt(buyerId)).toBeNull();
  });

  it("refuse while money is owed to the member, and allow it once it is paid", async () => {
    const { order, sellerId } = await createCompletedOrder(db());
    const payoutId = newId();
    await db()
      .insertInto("payouts")
      .values({
        id: payoutId,
        orderId: order.id,
        payeeId: sellerId,
        purpose: "sale",
        amountCents: 4250,
        status: "waiting_for_account",
        idempotencyKey: `test:${order.id}`,
      })
      .execute();

    await expect(deleteAccount(db(), sellerId, DEFAULT_PASSWORD)).rejects.toThrow(
      "Set up payouts in Settings to receive the $42.50 you are owed.",
    );
    await db().updateTable("payouts").set({ status: "paid" }).where("id", "=", payoutId).execute();
    await deleteAccount(db(), sellerId, DEFAULT_PASSWORD);
    expect(await deletedAt(sellerId)).not.toBeNull();
  });
});
