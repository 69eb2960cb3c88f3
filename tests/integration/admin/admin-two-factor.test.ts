import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { action as listingAction, loader as listingLoader } from "~/routes/listings.$id";
import { loader as retailerLoader } from "~/routes/retailers.$slug";
import { useTestDatabase } from "../../support/database";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { KNOWN_TOTP_SECRET } from "../../support/totp";

/**
 * Admin powers outside the admin pages (removing a listing from its page, reading drafts,
 * archived listings and pending shops) need two-factor sign-in, exactly like the admin pages.
 */

const database = useTestDatabase();
const config = loadConfig({ PAYMENTS: "stand-in" });

async function signedIn(twoFactor: boolean): Promise<SessionUser> {
  const admin = await createUser(database.db, {
    role: "admin",
    displayName: "Ada Admin",
    ...(twoFactor ? { totpSecret: KNOWN_TOTP_SECRET } : {}),
  });
  return {
    id: admin.id,
    email: admin.email,
    displayName: admin.displayName,
    role: "admin",
    emailVerified: true,
    twoFactorEnabled: twoFactor,
    suspension: null,
  };
}

function context(user: SessionUser): AppLoadContext {
  return {
    db: database.db,
    config,
    clientIp: "198.51.100.9",
    remoteAddress: "198.51.100.9",
    auth: { user, token: "token" },
  } as unknown as AppLoadContext;
}

async function statusOf(run: () => Promise<Response>): Promise<number> {
  try {
    return (await run()).status;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

const removal = (listingId: string) =>
  new Request(`http://stoop.test/listings/${listingId}`, {
    method: "POST",
    body: new URLSearchParams({ intent: "remove", reason: "Breaks the rules" }),
  });

describe("admin powers outside the admin pages", () => {
  it("refuses an admin without two-factor who removes a member's listing from its page", async () => {
    const admin = await signedIn(false);
    const listing = await createListing(database.db);
    const status = await statusOf(() =>
      listingAction({ request: removal(listing.id), params: { id: listing.id }, context: context(admin) }),
    );
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    const row = await database.db
      .selectFrom("listings")
      .select("status")
      .where("id", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("active");
  });

  it("lets an admin with two-factor remove the same listing", async () => {
    const admin = await signedIn(true);
    const listing = await createListing(database.db);
    expect(
      await statusOf(() =>
        listingAction({ request: removal(listing.id), params: { id: listing.id }, context: context(admin) }),
      ),
    ).toBe(302);
    const row = await database.db
      .selectFrom("listings")
      .select("status")
      .where("id", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("removed");
  });

  it("shows drafts and archived listings to an admin only with two-factor", async () => {
    const without = await signedIn(false);
    const withIt = await signedIn(true);
    for (const status of ["draft", "archived"] as const) {
      const listing = await createListing(database.db, { status });
      const view = (user: SessionUser) =>
        statusOf(() =>
          listingLoader({
            request: new Request(`http://stoop.test/listings/${listing.id}`),
            params: { id: listing.id },
            context: context(user),
          }),
        );
      expect(await view(without)).toBe(404);
      expect(await view(withIt)).toBe(200);
    }
  });

  it("shows a pending shop's page to an admin only with two-factor", async () => {
    const shop = await createRetailer(database.db, { status: "pending" });
    const view = (user: SessionUser) =>
      statusOf(() =>
        retailerLoader({
          request: new Request(`http://stoop.test/retailers/${shop.slug}`),
          params: { slug: shop.slug },
          context: context(user),
        }),
      );
    expect(await view(await signedIn(false))).toBe(404);
    expect(await view(await signedIn(true))).toBe(200);
  });
});
