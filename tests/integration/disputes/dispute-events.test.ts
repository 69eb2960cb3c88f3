import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "~db/transaction";
import { InvalidTransition } from "~/lib/errors";
import { adminDisputeView } from "~/modules/disputes/admin.server";
import { openDispute } from "~/modules/disputes/disputes.server";
import { resolveDispute } from "~/modules/disputes/resolve.server";
import { transitionDispute } from "~/modules/disputes/transitions.server";
import { markShipped } from "~/modules/orders/orders.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { paidShippedOrder, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

async function shippedAndDisputed() {
  const { seller, buyer, orderId } = await paidShippedOrder(db(), stripe.stripe, settings, { buyerName: "Bea Buyer" });
  await markShipped(db(), orderId, seller.id, { autoReceiveDays: 7 });
  const { disputeId } = await openDispute(db(), buyer, orderId, {
    reason: "not_as_described",
    statement: "The bike has a cracked frame.",
  });
  return { buyer, disputeId };
}

const eventsOf = (disputeId: string) =>
  db()
    .selectFrom("disputeEvents")
    .select(["event", "fromStatus", "toStatus", "actorId"])
    .where("disputeId", "=", disputeId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();

describe("dispute events", () => {
  it("records the opening, the decision and the resolution, and the admin case shows them", async () => {
    const { buyer, disputeId } = await shippedAndDisputed();
    const admin = await createUser(db(), { role: "admin", displayName: "Ada Admin" });
    await resolveDispute(db(), stripe.stripe, admin, disputeId, { kind: "release", note: "Tracking shows delivery." });
    // A second click carries out nothing new and writes no event.
    await resolveDispute(db(), stripe.stripe, admin, disputeId, { kind: "release", note: "Tracking shows delivery." });
    expect(await eventsOf(disputeId)).toEqual([
      { event: "open", fromStatus: null, toStatus: "open", actorId: buyer.id },
      { event: "decide", fromStatus: "open", toStatus: "resolving", actorId: admin.id },
      { event: "resolve", fromStatus: "resolving", toStatus: "resolved", actorId: admin.id },
    ]);
    const view = await adminDisputeView(db(), admin.id, disputeId);
    expect(view.disputeEvents.map((event) => [event.event, event.actorName])).toEqual([
      ["open", "Bea Buyer"],
      ["decide", "Ada Admin"],
      ["resolve", "Ada Admin"],
    ]);
  });

  it("refuses to resolve or decide a resolved dispute again, and changes nothing", async () => {
    const { disputeId } = await shippedAndDisputed();
    const admin = await createUser(db(), { role: "admin" });
    await resolveDispute(db(), stripe.stripe, admin, disputeId, { kind: "release", note: "Nothing wrong with it." });
    const before = await eventsOf(disputeId);
    for (const event of ["resolve", "decide"] as const) {
      const attempt = transaction(db(), async (trx) => {
        const dispute = await trx
          .selectFrom("disputes")
          .select(["id", "status"])
          .where("id", "=", disputeId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        return transitionDispute(trx, { dispute, event, actorId: admin.id });
      });
      await expect(attempt).rejects.toThrow(InvalidTransition);
      await expect(attempt).rejects.toThrow(/A dispute that is resolved can't be (resolved|decided) again/);
    }
    expect(await eventsOf(disputeId)).toEqual(before);
    const dispute = await db().selectFrom("disputes").select("status").where("id", "=", disputeId).executeTakeFirst();
    expect(dispute?.status).toBe("resolved");
  });

  it("refuses to resolve an open dispute that has no decision yet", async () => {
    const { disputeId } = await shippedAndDisputed();
    const admin = await createUser(db(), { role: "admin" });
    const attempt = transaction(db(), async (trx) =>
      transitionDispute(trx, { dispute: { id: disputeId, status: "open" }, event: "resolve", actorId: admin.id }),
    );
    await expect(attempt).rejects.toThrow("A dispute that is open can't be resolved yet.");
    expect((await eventsOf(disputeId)).map((event) => event.event)).toEqual(["open"]);
  });
});
