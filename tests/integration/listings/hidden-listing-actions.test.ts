import { describe, expect, it } from "vitest";
import { NotFound } from "~/lib/errors";
import { fileReport } from "~/modules/admin/reports.server";
import { startConversation } from "~/modules/community/messages.server";
import { askQuestion } from "~/modules/community/questions.server";
import { addFavorite } from "~/modules/listings/favorites.server";
import { makeOffer } from "~/modules/orders/offers.server";
import { useTestDatabase } from "../../support/database";
import { createListing, createUser } from "../../support/factories";

/**
 * A suspended member's listings are hidden (their page answers 404), so no one can act on them
 * either: every action on a listing applies the page's visibility rule.
 */

const database = useTestDatabase();

async function hiddenListing() {
  const seller = await createUser(database.db, { displayName: "Suspended Seller" });
  const listing = await createListing(database.db, { sellerId: seller.id, priceCents: 5000 });
  await database.db
    .updateTable("users")
    .set({ suspendedAt: new Date(), suspensionReason: "Spam" })
    .where("id", "=", seller.id)
    .execute();
  return { seller, listing };
}

const notificationsOf = (userId: string) =>
  database.db.selectFrom("notifications").select("id").where("userId", "=", userId).execute();

describe("actions on a hidden listing", () => {
  it("refuses an offer and notifies nobody", async () => {
    const { seller, listing } = await hiddenListing();
    const buyer = await createUser(database.db);
    await expect(makeOffer(database.db, buyer.id, listing.id, 4000)).rejects.toBeInstanceOf(NotFound);
    expect(await database.db.selectFrom("offers").select("id").where("listingId", "=", listing.id).execute()).toEqual(
      [],
    );
    expect(await notificationsOf(seller.id)).toEqual([]);
  });

  it("refuses favorites, questions, messages and reports", async () => {
    const { listing } = await hiddenListing();
    const member = await createUser(database.db);
    await expect(addFavorite(database.db, member.id, listing.id)).rejects.toBeInstanceOf(NotFound);
    await expect(
      askQuestion(database.db, { listingId: listing.id, askerId: member.id, body: "Is it still available?" }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(startConversation(database.db, { listingId: listing.id, buyerId: member.id })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(
      fileReport(database.db, member.id, { subjectType: "listing", subjectId: listing.id, reason: "spam", note: null }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("still takes an offer on a listing by a member in good standing", async () => {
    const listing = await createListing(database.db, { priceCents: 5000 });
    const buyer = await createUser(database.db);
    await expect(makeOffer(database.db, buyer.id, listing.id, 4000)).resolves.toMatchObject({ status: "pending" });
    await addFavorite(database.db, buyer.id, listing.id);
  });
});
