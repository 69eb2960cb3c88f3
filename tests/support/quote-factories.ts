import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";
import { createRetailer, createService, createUser } from "./factories";

/**
 * A Wanted request and a shop's quote on it, written as rows (the Wanted pages and their own
 * factories belong to the Wanted work): enough for buying the quote (service-orders.server.ts).
 */
export async function createWantedRequest(
  db: Kysely<Database>,
  overrides: {
    requesterId?: string;
    title?: string;
    status?: "open" | "solved" | "closed";
    expiresAt?: Date;
    removedAt?: Date | null;
  } = {},
) {
  const requesterId = overrides.requesterId ?? (await createUser(db, { displayName: "Requester" })).id;
  return db
    .insertInto("wantedRequests")
    .values({
      id: newId(),
      requesterId,
      title: overrides.title ?? "My road bike's gears slip",
      details: "It skips under load in the middle of the cassette.",
      categoryId: "bikes",
      placeName: "Portland, OR",
      latitude: 45.52,
      longitude: -122.68,
      status: overrides.status ?? "open",
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 30 * 24 * 3600 * 1000),
      removedAt: overrides.removedAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A shop (verified by default) with one service, answering the request with a quote for it at
 * quoteCents. `kind` other than 'quote' makes a text answer by the same shop (for refusals).
 */
export async function createQuote(
  db: Kysely<Database>,
  requestId: string,
  overrides: {
    quoteCents?: number;
    serviceTitle?: string;
    retailerStatus?: "pending" | "verified" | "rejected";
    serviceActive?: boolean;
    serviceKind?: "standard" | "inspection" | "handoff";
    removedAt?: Date | null;
    kind?: "quote" | "text";
    /** An existing shop to quote (a new verified one otherwise). */
    shop?: { id: string; ownerId: string };
  } = {},
) {
  const serviceFields = {
    title: overrides.serviceTitle ?? "Gear adjustment",
    priceCents: 5000,
    categoryIds: ["bikes"],
    active: overrides.serviceActive ?? true,
    kind: overrides.serviceKind ?? "standard",
  };
  const shop = overrides.shop ?? (await createRetailer(db, { status: overrides.retailerStatus ?? "verified" }));
  const service = await createService(db, shop.id, serviceFields);
  const kind = overrides.kind ?? "quote";
  const answer = await db
    .insertInto("wantedAnswers")
    .values({
      id: newId(),
      requestId,
      authorId: shop.ownerId,
      retailerId: shop.id,
      kind,
      body: kind === "quote" ? "Bring it in; we'll index the gears and check the hanger." : "Sounds like the cable.",
      serviceId: kind === "quote" ? service.id : null,
      quoteCents: kind === "quote" ? (overrides.quoteCents ?? 3500) : null,
      removedAt: overrides.removedAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { shop, service, answer };
}
