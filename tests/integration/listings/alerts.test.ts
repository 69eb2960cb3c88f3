import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sendSavedSearchAlerts } from "~/modules/listings/alerts.server";
import { publishListing } from "~/modules/listings/listings.server";
import { saveSearch } from "~/modules/listings/saved-searches.server";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { listNotifications } from "~/modules/notifications/notify.server";
import { createListing, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const search = (query: string) => searchParamsSchema.parse(rawSearchParams(new URLSearchParams(query)));

async function alertJobsFor(listingId: string) {
  const result = await sql<{ id: string }>`
    select id from pgboss.job where name = 'saved-search-alerts' and data->>'listingId' = ${listingId}`.execute(
    database.db,
  );
  return result.rows;
}

describe("saved-search alerts", () => {
  it("are queued by publishing a listing, in the publishing transaction", async () => {
    const seller = await createUser(database.db);
    const draft = await createListing(database.db, { sellerId: seller.id, status: "draft", title: "Quiet tuba" });
    expect(await alertJobsFor(draft.id)).toEqual([]);
    await publishListing(database.db, draft.id, { userId: seller.id, role: "member" });
    expect(await alertJobsFor(draft.id)).toHaveLength(1);
  });

  it("reach every matching search's owner once, even when the job dies midway and is retried", async () => {
    const seller = await createUser(database.db);
    const [ann, cy, dot] = [
      await createUser(database.db),
      await createUser(database.db),
      await createUser(database.db),
    ];
    await saveSearch(database.db, ann.id, search("q=trumpet"));
    await saveSearch(database.db, cy.id, search("q=brass+trumpet"));
    await saveSearch(database.db, dot.id, search("q=violin"));
    await saveSearch(database.db, seller.id, search("q=trumpet"));
    const listing = await createListing(database.db, {
      sellerId: seller.id,
      status: "draft",
      title: "Brass trumpet with case",
      description: "Plays well.",
    });
    await publishListing(database.db, listing.id, { userId: seller.id, role: "member" });

    let crashes = 1;
    await expect(
      sendSavedSearchAlerts(database.db, listing.id, {
        afterEachAlert: () => {
          if (crashes-- > 0) throw new Error("worker killed after the first alert");
        },
      }),
    ).rejects.toThrow("worker killed");
    const retry = await sendSavedSearchAlerts(database.db, listing.id);
    expect(retry).toEqual({ matched: 2, sent: 1 });

    for (const member of [ann, cy]) {
      const notifications = await listNotifications(database.db, member.id);
      expect(notifications).toHaveLength(1);
      expect(notifications[0]).toMatchObject({ kind: "saved_search_match", url: `/listings/${listing.id}` });
    }
    expect(await listNotifications(database.db, dot.id)).toEqual([]);
    expect(await listNotifications(database.db, seller.id)).toEqual([]);
    const emails = await database.db
      .selectFrom("emailOutbox")
      .select("userId")
      .where("kind", "=", "saved_search_match")
      .execute();
    expect(emails.filter((row) => row.userId === ann.id || row.userId === cy.id)).toHaveLength(2);
  });
});
