import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import type { WantedAnswerKind, WantedRequestStatus } from "~db/schema-wanted";
import { newId } from "~/lib/ids.server";
import { createRetailer, createService, createUser } from "./factories";

/**
 * "Wanted" requests and answers as rows (tests and the demo seed). Rows are written directly so a
 * test can start from any state; the rules themselves are tested through the module's functions.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface WantedRequestOverrides {
  requesterId?: string;
  title?: string;
  details?: string;
  categoryId?: string;
  budgetCents?: number | null;
  latitude?: number;
  longitude?: number;
  placeName?: string;
  radiusKm?: number;
  status?: WantedRequestStatus;
  createdAt?: Date;
  expiresAt?: Date;
  photoStorageKey?: string | null;
  removedAt?: Date | null;
}

/** An open request near Portland, OR (expiring 30 days after createdAt), by a member made on the fly. */
export async function createWantedRequest(db: Kysely<Database>, overrides: WantedRequestOverrides = {}) {
  const requesterId = overrides.requesterId ?? (await createUser(db, { displayName: "Rae Requester" })).id;
  const createdAt = overrides.createdAt ?? new Date();
  return db
    .insertInto("wantedRequests")
    .values({
      id: newId(),
      requesterId,
      title: overrides.title ?? "A sturdy bookshelf",
      details: overrides.details ?? "Anything that holds heavy books.",
      categoryId: overrides.categoryId ?? "furniture",
      budgetCents: overrides.budgetCents === undefined ? 5000 : overrides.budgetCents,
      placeName: overrides.placeName ?? "Portland, OR",
      latitude: overrides.latitude ?? 45.52,
      longitude: overrides.longitude ?? -122.68,
      radiusKm: overrides.radiusKm ?? 10,
      status: overrides.status ?? "open",
      photoStorageKey: overrides.photoStorageKey ?? null,
      photoWidth: overrides.photoStorageKey ? 800 : null,
      photoHeight: overrides.photoStorageKey ? 600 : null,
      createdAt,
      updatedAt: createdAt,
      expiresAt: overrides.expiresAt ?? new Date(createdAt.getTime() + 30 * DAY_MS),
      removedAt: overrides.removedAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface WantedAnswerOverrides {
  authorId?: string;
  retailerId?: string | null;
  kind?: WantedAnswerKind;
  body?: string;
  listingId?: string | null;
  serviceId?: string | null;
  recommendedRetailerId?: string | null;
  quoteCents?: number | null;
  createdAt?: Date;
  removedAt?: Date | null;
}

/** A text answer by a member made on the fly unless told otherwise (the kind's columns must be given). */
export async function createWantedAnswer(
  db: Kysely<Database>,
  requestId: string,
  overrides: WantedAnswerOverrides = {},
) {
  const authorId = overrides.authorId ?? (await createUser(db, { displayName: "Hal Helper" })).id;
  return db
    .insertInto("wantedAnswers")
    .values({
      id: newId(),
      requestId,
      authorId,
      retailerId: overrides.retailerId ?? null,
      kind: overrides.kind ?? "text",
      body: overrides.body ?? "I have one in my garage.",
      listingId: overrides.listingId ?? null,
      serviceId: overrides.serviceId ?? null,
      recommendedRetailerId: overrides.recommendedRetailerId ?? null,
      quoteCents: overrides.quoteCents ?? null,
      createdAt: overrides.createdAt ?? new Date(),
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
  const answer = await createWantedAnswer(db, requestId, {
    authorId: shop.ownerId,
    retailerId: shop.id,
    kind,
    body: kind === "quote" ? "Bring it in; we'll index the gears and check the hanger." : "Sounds like the cable.",
    serviceId: kind === "quote" ? service.id : null,
    quoteCents: kind === "quote" ? (overrides.quoteCents ?? 3500) : null,
    removedAt: overrides.removedAt ?? null,
  });
  return { shop, service, answer };
}
