import { describe, expect, it } from "vitest";
import { transaction } from "~db/transaction";
import { runEffects, UnhandledEffect, withoutEffectHandler } from "~/lib/effects.server";
import { markListingSold } from "~/modules/listings/listings.server";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser } from "../../support/factories";

const database = useTestDatabase();

describe("the effects dispatcher", () => {
  it("throws for an effect kind nothing handles, and the transition that planned it rolls back", async () => {
    const seller = await createUser(database.db);
    const listing = await createListing(database.db, { sellerId: seller.id });
    const sell = () => markListingSold(database.db, listing.id, { userId: seller.id, role: "member" });

    await withoutEffectHandler("offers.close", () => expect(sell()).rejects.toBeInstanceOf(UnhandledEffect));
    const row = await database.db
      .selectFrom("listings")
      .select("status")
      .where("id", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("active");
    const events = await database.db
      .selectFrom("listingEvents")
      .select("action")
      .where("listingId", "=", listing.id)
      .where("action", "=", "markSold")
      .execute();
    expect(events).toEqual([]);

    // Wired again, the same transition goes through.
    expect(await sell()).toBe("sold");
  });

  it("runs none of a plan when one of its effects has no handler", async () => {
    const member = await createUser(database.db);
    await expect(
      withoutEffectHandler("enqueueJob", () =>
        transaction(database.db, (trx) =>
          runEffects(trx, [
            {
              kind: "notify",
              userId: member.id,
              notification: "order_paid",
              content: { title: "Paid", body: "You were paid.", url: "/orders" },
              dedupeKey: "effects-test:notify",
            },
            { kind: "enqueueJob", queue: "order-payout", data: { orderId: "none" } },
          ]),
        ),
      ),
    ).rejects.toThrow(/No handler for the effect "enqueueJob"/);
    const notices = await database.db
      .selectFrom("notifications")
      .select("id")
      .where("userId", "=", member.id)
      .execute();
    expect(notices).toEqual([]);
  });
});
