import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { OrderStatus } from "~db/schema-orders";
import { newId } from "~/lib/ids.server";
import { dashboardFigures, disputeFigures } from "~/modules/admin/figures.server";
import { createCompletedOrder, createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

// A period in the future, so nothing else in this database falls into it.
const NOW = new Date("2031-03-15T18:00:00Z");
const at = (iso: string) => new Date(iso);

async function order(options: { status: OrderStatus; totalCents: number; feeCents: number; paidAt: Date | null }) {
  const listing = await createListing(database.db);
  const buyer = await createUser(database.db);
  await database.db
    .insertInto("orders")
    .values({
      id: newId(),
      listingId: listing.id,
      buyerId: buyer.id,
      sellerId: listing.sellerId,
      delivery: "pickup",
      itemCents: options.totalCents,
      shippingCents: 0,
      totalCents: options.totalCents,
      platformFeeCents: options.feeCents,
      status: options.status,
      paidAt: options.paidAt,
    })
    .execute();
}

describe("dashboard figures", () => {
  it("sums GMV and fees of paid orders per UTC day, leaving out cancelled and unpaid ones", async () => {
    const before = await dashboardFigures(database.db, { now: NOW, days: 7 });
    await order({ status: "paid", totalCents: 10_000, feeCents: 500, paidAt: at("2031-03-15T01:00:00Z") });
    await order({ status: "completed", totalCents: 2_500, feeCents: 125, paidAt: at("2031-03-13T23:59:00Z") });
    await order({ status: "shipped", totalCents: 4_000, feeCents: 200, paidAt: at("2031-03-15T17:00:00Z") });
    // Refunded in full after payment: not GMV.
    await order({ status: "cancelled", totalCents: 9_999, feeCents: 499, paidAt: at("2031-03-14T10:00:00Z") });
    // Never paid: not GMV.
    await order({ status: "pending_payment", totalCents: 7_000, feeCents: 350, paidAt: null });
    // Paid before the period: not in it.
    await order({ status: "completed", totalCents: 3_000, feeCents: 150, paidAt: at("2031-03-08T23:00:00Z") });

    const figures = await dashboardFigures(database.db, { now: NOW, days: 7 });
    expect(figures.from).toBe("2031-03-09");
    expect(figures.to).toBe("2031-03-15");
    expect(figures.gmvCents).toBe(16_500);
    expect(figures.platformFeeCents).toBe(825);
    expect(figures.takeRate).toBeCloseTo(0.05, 10);
    expect(figures.paidOrders).toBe(3);
    expect(figures.days).toHaveLength(7);
    expect(figures.days.map((day) => day.gmvCents)).toEqual([0, 0, 0, 0, 2_500, 0, 14_000]);
    expect(figures.days.find((day) => day.day === "2031-03-15")?.orders).toBe(2);

    const delta = (status: OrderStatus) => figures.ordersByState[status] - before.ordersByState[status];
    expect(delta("paid")).toBe(1);
    expect(delta("completed")).toBe(2);
    expect(delta("cancelled")).toBe(1);
    expect(delta("pending_payment")).toBe(1);
    expect(delta("disputed")).toBe(0);
  });

  it("counts new members and newly published listings per day", async () => {
    const member = await createUser(database.db);
    await sql`update users set created_at = ${at("2031-02-20T12:00:00Z")} where id = ${member.id}`.execute(database.db);
    await createListing(database.db, { publishedAt: at("2031-02-20T08:00:00Z") });
    await createListing(database.db, { publishedAt: at("2031-02-21T08:00:00Z") });
    await createListing(database.db, { status: "draft" });
    const figures = await dashboardFigures(database.db, { now: at("2031-02-21T09:00:00Z"), days: 2 });
    expect(figures.days).toEqual([
      { day: "2031-02-20", gmvCents: 0, orders: 0, newListings: 1, newMembers: 1 },
      { day: "2031-02-21", gmvCents: 0, orders: 0, newListings: 1, newMembers: 0 },
    ]);
    expect(figures.takeRate).toBeNull();
  });

  it("counts open disputes and the median hours to resolve one", async () => {
    const before = await disputeFigures(database.db);
    async function dispute(status: "open" | "resolved", hoursToResolve?: number) {
      const { order } = await createCompletedOrder(database.db);
      const createdAt = at("2031-03-01T00:00:00Z");
      await database.db
        .insertInto("disputes")
        .values({
          id: newId(),
          orderId: order.id,
          source: "buyer",
          status,
          reason: "not_received",
          orderStatusBefore: "completed",
          createdAt,
          resolvedAt: hoursToResolve === undefined ? null : new Date(createdAt.getTime() + hoursToResolve * 3_600_000),
        })
        .execute();
    }
    await dispute("open");
    await dispute("open");
    await dispute("resolved", 2);
    await dispute("resolved", 10);
    await dispute("resolved", 30);
    const figures = await disputeFigures(database.db);
    expect(figures.open).toBe(before.open + 2);
    // The only resolved disputes in this file's database are these three: 2 h, 10 h and 30 h.
    expect(figures.medianHoursToResolution).toBeCloseTo(10);
    expect((await dashboardFigures(database.db, { now: NOW })).disputes).toEqual(figures);
  });
});
