import { describe, expect, it } from "vitest";
import { deleteAccount, DeletionBlocked, exportMemberData } from "~/modules/privacy/account-data.server";
import { EmailNotVerified } from "~/modules/accounts/email-verification.server";
import { publishListing } from "~/modules/listings/listings.server";
import { DEFAULT_PASSWORD, createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

describe("listings and the member's account", () => {
  it("refuse to publish for a member whose email is not verified", async () => {
    const seller = await createUser(database.db, { emailVerified: false });
    const draft = await createListing(database.db, { sellerId: seller.id, status: "draft" });
    await expect(publishListing(database.db, draft.id, { userId: seller.id, role: "member" })).rejects.toThrow(
      EmailNotVerified,
    );
    const row = await database.db
      .selectFrom("listings")
      .select("status")
      .where("id", "=", draft.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
  });

  it("are part of the data export", async () => {
    const seller = await createUser(database.db);
    const listing = await createListing(database.db, { sellerId: seller.id, title: "Exported armchair" });
    const data = await exportMemberData(database.db, seller.id);
    expect(data.listings).toEqual([expect.objectContaining({ id: listing.id, title: "Exported armchair" })]);
  });

  it("block account deletion while one is reserved by a checkout, with a message naming it", async () => {
    const seller = await createUser(database.db);
    await createListing(database.db, { sellerId: seller.id, status: "reserved", title: "Reserved bike" });
    await expect(deleteAccount(database.db, seller.id, DEFAULT_PASSWORD)).rejects.toThrow(DeletionBlocked);
    await expect(deleteAccount(database.db, seller.id, DEFAULT_PASSWORD)).rejects.toThrow(/“Reserved bike”/);
    const row = await database.db
      .selectFrom("users")
      .select("deletedAt")
      .where("id", "=", seller.id)
      .executeTakeFirstOrThrow();
    expect(row.deletedAt).toBeNull();
  });

  it("are taken down when the member deletes their account, sold ones kept for the buyer", async () => {
    const seller = await createUser(database.db);
    const active = await createListing(database.db, { sellerId: seller.id, status: "active" });
    const sold = await createListing(database.db, { sellerId: seller.id, status: "sold" });
    await deleteAccount(database.db, seller.id, DEFAULT_PASSWORD);
    const rows = await database.db
      .selectFrom("listings")
      .select(["id", "status"])
      .where("sellerId", "=", seller.id)
      .execute();
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [active.id]: "removed",
      [sold.id]: "sold",
    });
    const events = await database.db
      .selectFrom("listingEvents")
      .select(["action", "toStatus"])
      .where("listingId", "=", active.id)
      .execute();
    expect(events).toContainEqual({ action: "remove", toStatus: "removed" });
  });
});
