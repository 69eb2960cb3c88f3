import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveStripeWebhook } from "~/wiring/stripe-events.server";
import { useTestDatabase } from "../../support/database";
import { startStripeStandIn, TEST_WEBHOOK_SECRET } from "../../support/stripe";

/**
 * A correctly signed event naming an object Stoop (and the Stripe account it talks to) doesn't know
 * is acknowledged and recorded as ignored: a 500 would have Stripe redeliver it for days.
 */

const database = useTestDatabase();
let standIn: Awaited<ReturnType<typeof startStripeStandIn>>;

beforeAll(async () => {
  standIn = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await standIn?.close();
});

function signed(event: object) {
  const rawBody = JSON.stringify(event);
  return { rawBody, signature: standIn.standIn.signatureHeader(rawBody), secret: TEST_WEBHOOK_SECRET };
}

describe("a signed webhook about an unknown object", () => {
  it.each([
    ["account.updated", "acct_unknown", "account"],
    ["checkout.session.completed", "cs_unknown", "checkout.session"],
    ["payment_intent.payment_failed", "pi_unknown", "payment_intent"],
  ])("%s is acknowledged as ignored and changes nothing", async (type, id, object) => {
    const eventId = `evt_unknown_${object.replace(".", "_")}`;
    const before = await database.db.selectFrom("orders").select("id").execute();
    const outcome = await receiveStripeWebhook(
      database.db,
      standIn.stripe,
      signed({ id: eventId, type, data: { object: { id, object } } }),
    );
    expect(outcome).toBe("ignored");
    expect(await database.db.selectFrom("orders").select("id").execute()).toEqual(before);
    const recorded = await database.db.selectFrom("stripeEvents").selectAll().where("id", "=", eventId).execute();
    expect(recorded).toMatchObject([{ outcome: "ignored" }]);
  });

  it("is refused (400) when its type holds text that can't be stored", async () => {
    await expect(
      receiveStripeWebhook(
        database.db,
        standIn.stripe,
        signed({ id: "evt_nul", type: "account.updated\u0000", data: { object: { id: "acct_x", object: "account" } } }),
      ),
    ).rejects.toThrow("Unexpected webhook payload");
  });
});
