import type { Kysely } from "kysely";
import type { Database, Role } from "~db/schema";
import type { Condition, ListingStatus } from "~db/schema-listings";
import { newId } from "~/lib/ids.server";
import { hashPassword } from "~/modules/accounts/passwords.server";
import type { SessionUser } from "~/modules/accounts/sessions.server";

/** Small factories shared by the tests and `npm run seed`. Each call makes fresh, unique data. */

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const DEFAULT_PASSWORD = "correct-horse-battery";

// Hashing is the slow part of making a user; most tests share one hash of the default password.
let defaultHash: Promise<string> | null = null;

export async function createUser(
  db: Kysely<Database>,
  overrides: {
    email?: string;
    displayName?: string;
    password?: string;
    role?: Role;
    /** Default true: most tests are not about verification. */
    emailVerified?: boolean;
    /** A base32 secret: the member has two-factor sign-in on with this authenticator secret. */
    totpSecret?: string;
  } = {},
) {
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const passwordHash =
    password === DEFAULT_PASSWORD
      ? await (defaultHash ??= hashPassword(DEFAULT_PASSWORD))
      : await hashPassword(password);
  const user = await db
    .insertInto("users")
    .values({
      id: newId(),
      email: (overrides.email ?? `member-${unique()}@example.test`).toLowerCase(),
      displayName: overrides.displayName ?? "Test Member",
      passwordHash,
      role: overrides.role ?? "member",
      emailVerifiedAt: overrides.emailVerified === false ? null : new Date(),
    })
    .returning(["id", "email", "displayName", "role", "createdAt"])
    .executeTakeFirstOrThrow();
  if (overrides.totpSecret) {
    await db
      .insertInto("userTotp")
      .values({ userId: user.id, secret: overrides.totpSecret, enabledAt: new Date() })
      .execute();
  }
  return { ...user, password, totpSecret: overrides.totpSecret ?? null };
}

export interface ListingOverrides {
  sellerId?: string;
  title?: string;
  description?: string;
  categoryId?: string;
  condition?: Condition;
  priceCents?: number;
  pickup?: boolean;
  shipping?: boolean;
  shippingCents?: number | null;
  latitude?: number;
  longitude?: number;
  placeName?: string;
  status?: ListingStatus;
  publishedAt?: Date | null;
  /** Photo storage keys to attach (rows only; the seed writes matching files). Default: one fake key. */
  photoKeys?: string[];
}

/**
 * A listing row (active by default, near Portland, OR), with a seller made on the fly if none is
 * given. It writes rows directly so tests can start from any state; changes of state in tests go
 * through the module's transition function.
 */
export async function createListing(db: Kysely<Database>, overrides: ListingOverrides = {}) {
  const sellerId = overrides.sellerId ?? (await createUser(db)).id;
  const status = overrides.status ?? "active";
  const id = newId();
  const shipping = overrides.shipping ?? false;
  const listing = await db
    .insertInto("listings")
    .values({
      id,
      sellerId,
      title: overrides.title ?? `Used thing ${unique()}`,
      description: overrides.description ?? "Works fine, some signs of use.",
      categoryId: overrides.categoryId ?? "furniture",
      condition: overrides.condition ?? "good",
      priceCents: overrides.priceCents ?? 2500,
      pickup: overrides.pickup ?? true,
      shipping,
      shippingCents: overrides.shippingCents ?? (shipping ? 800 : null),
      latitude: overrides.latitude ?? 45.52,
      longitude: overrides.longitude ?? -122.68,
      placeName: overrides.placeName ?? "Portland, OR",
      status,
      publishedAt: overrides.publishedAt !== undefined ? overrides.publishedAt : status === "draft" ? null : new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const photoKeys = overrides.photoKeys ?? [`${id}/${newId()}`];
  if (photoKeys.length) {
    await db
      .insertInto("listingPhotos")
      .values(
        photoKeys.map((storageKey, position) => ({
          id: newId(),
          listingId: id,
          position,
          storageKey,
          width: 800,
          height: 600,
        })),
      )
      .execute();
  }
  return listing;
}

/**
 * A completed order (its listing sold) between a buyer and a seller made on the fly if not given.
 * Written directly, like createListing, so community tests can start after the money has moved.
 */
export async function createCompletedOrder(
  db: Kysely<Database>,
  overrides: { buyerId?: string; sellerId?: string; completedAt?: Date; title?: string } = {},
) {
  const sellerId = overrides.sellerId ?? (await createUser(db, { displayName: "Sam Seller" })).id;
  const buyerId = overrides.buyerId ?? (await createUser(db, { displayName: "Bea Buyer" })).id;
  const listing = await createListing(db, { sellerId, status: "sold", title: overrides.title });
  const completedAt = overrides.completedAt ?? new Date();
  const order = await db
    .insertInto("orders")
    .values({
      id: newId(),
      listingId: listing.id,
      buyerId,
      sellerId,
      delivery: "pickup",
      itemCents: listing.priceCents,
      shippingCents: 0,
      totalCents: listing.priceCents,
      platformFeeCents: Math.round(listing.priceCents * 0.05) + 30,
      status: "completed",
      paidAt: completedAt,
      receivedAt: completedAt,
      completedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { order, listing, buyerId, sellerId };
}

/** Community rows written directly (e2e fixtures cannot open transactions, so no module calls). */
export async function createQuestionWithAnswer(
  db: Kysely<Database>,
  input: {
    listingId: string;
    askerId: string;
    question: string;
    answererId: string;
    answer: string;
    recommendedListingId?: string;
  },
) {
  const questionId = newId();
  await db
    .insertInto("questions")
    .values({ id: questionId, listingId: input.listingId, askerId: input.askerId, body: input.question })
    .execute();
  const answerId = newId();
  await db
    .insertInto("answers")
    .values({
      id: answerId,
      questionId,
      authorId: input.answererId,
      body: input.answer,
      recommendedListingId: input.recommendedListingId ?? null,
    })
    .execute();
  return { questionId, answerId };
}

export async function createConversation(
  db: Kysely<Database>,
  input: { listingId: string; buyerId: string; sellerId: string; messages?: { senderId: string; body: string }[] },
) {
  const id = newId();
  await db
    .insertInto("conversations")
    .values({ id, subjectType: "listing", listingId: input.listingId, buyerId: input.buyerId })
    .execute();
  const messages = input.messages ?? [];
  const unreadFor = (userId: string) => messages.filter((message) => message.senderId !== userId).length;
  await db
    .insertInto("conversationParticipants")
    .values([
      { conversationId: id, userId: input.buyerId, role: "buyer", unreadCount: unreadFor(input.buyerId) },
      { conversationId: id, userId: input.sellerId, role: "seller", unreadCount: unreadFor(input.sellerId) },
    ])
    .execute();
  for (const message of messages) {
    await db
      .insertInto("messages")
      .values({ id: newId(), conversationId: id, ...message })
      .execute();
  }
  return id;
}

export async function createReview(
  db: Kysely<Database>,
  input: {
    orderId: string;
    subject: "seller" | "buyer" | "service";
    reviewerId: string;
    revieweeId: string;
    rating: number;
    body: string;
    orderServiceId?: string;
    retailerId?: string;
  },
) {
  const id = newId();
  await db
    .insertInto("reviews")
    .values({ id, ...input })
    .execute();
  return id;
}

export interface ServiceOverrides {
  title?: string;
  description?: string;
  priceCents?: number;
  categoryIds?: string[];
  performedAt?: "shop" | "buyer" | "pickup_deliver";
  kind?: "standard" | "inspection" | "handoff";
  leadDays?: number;
  active?: boolean;
}

/**
 * A retailer (verified by default, near Portland, OR) with its owner as staff and the services
 * given. Rows are written directly so tests can start from any state.
 */
export async function createRetailer(
  db: Kysely<Database>,
  overrides: {
    ownerId?: string;
    name?: string;
    slug?: string;
    description?: string;
    status?: "pending" | "verified" | "rejected";
    latitude?: number;
    longitude?: number;
    placeName?: string;
    serviceRadiusKm?: number;
    openingHours?: string;
    website?: string | null;
    logoKey?: string | null;
    services?: ServiceOverrides[];
  } = {},
) {
  const ownerId = overrides.ownerId ?? (await createUser(db, { displayName: "Shop Owner" })).id;
  const id = newId();
  const suffix = unique()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  const retailer = await db
    .insertInto("retailers")
    .values({
      id,
      ownerId,
      name: overrides.name ?? `Shop ${suffix}`,
      slug: overrides.slug ?? `shop-${suffix}`,
      description: overrides.description ?? "A friendly local shop that fixes and cleans things.",
      logoKey: overrides.logoKey ?? null,
      placeName: overrides.placeName ?? "Portland, OR",
      latitude: overrides.latitude ?? 45.52,
      longitude: overrides.longitude ?? -122.68,
      serviceRadiusKm: overrides.serviceRadiusKm ?? 15,
      openingHours: overrides.openingHours ?? "Tue-Sat 10:00-18:00",
      website: overrides.website ?? null,
      status: overrides.status ?? "verified",
      decidedAt: (overrides.status ?? "verified") === "pending" ? null : new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto("retailerStaff").values({ retailerId: id, userId: ownerId, role: "owner" }).execute();
  const services = [];
  for (const service of overrides.services ?? []) services.push(await createService(db, id, service));
  return { ...retailer, services };
}

export async function createService(db: Kysely<Database>, retailerId: string, overrides: ServiceOverrides = {}) {
  const service = await db
    .insertInto("services")
    .values({
      id: newId(),
      retailerId,
      title: overrides.title ?? `Service ${unique()}`,
      description: overrides.description ?? "Done carefully by our staff.",
      priceCents: overrides.priceCents ?? 2000,
      performedAt: overrides.performedAt ?? "shop",
      leadDays: overrides.leadDays ?? 2,
      kind: overrides.kind ?? "standard",
      active: overrides.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const categoryIds = overrides.categoryIds ?? ["furniture"];
  await db
    .insertInto("serviceCategories")
    .values(categoryIds.map((categoryId) => ({ serviceId: service.id, categoryId })))
    .execute();
  return { ...service, categoryIds };
}

/** A service line on an order (an add-on the buyer chose), in the given status ("done" by default). */
export async function createServiceLine(
  db: Kysely<Database>,
  input: {
    orderId: string;
    service: { id: string; retailerId: string; title: string; priceCents: number; kind?: string };
    status?: "requested" | "accepted" | "dropped_off" | "declined" | "done" | "failed" | "cancelled";
  },
) {
  const status = input.status ?? "done";
  return db
    .insertInto("orderServices")
    .values({
      id: newId(),
      orderId: input.orderId,
      serviceId: input.service.id,
      retailerId: input.service.retailerId,
      title: input.service.title,
      kind: "standard",
      performedAt: "shop",
      leadDays: 2,
      priceCents: input.service.priceCents,
      platformFeeCents: Math.round(input.service.priceCents * 0.05),
      status,
      doneAt: status === "done" ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A service line of a retailer on an order, written directly (status `requested` unless given);
 * the order's total and fee grow by the line's price and fee, as checkout would have made them.
 */
export async function createOrderServiceLine(
  db: Kysely<Database>,
  orderId: string,
  service: { id: string; retailerId: string; title: string; priceCents: number },
  overrides: { status?: "requested" | "accepted" | "declined" | "done"; createdAt?: Date } = {},
) {
  const platformFeeCents = Math.round(service.priceCents * 0.05);
  await db
    .updateTable("orders")
    .set((eb) => ({
      totalCents: eb("totalCents", "+", service.priceCents),
      servicesCents: eb("servicesCents", "+", service.priceCents),
      platformFeeCents: eb("platformFeeCents", "+", platformFeeCents),
    }))
    .where("id", "=", orderId)
    .execute();
  return db
    .insertInto("orderServices")
    .values({
      id: newId(),
      orderId,
      serviceId: service.id,
      retailerId: service.retailerId,
      title: service.title,
      kind: "standard",
      performedAt: "shop",
      leadDays: 2,
      priceCents: service.priceCents,
      platformFeeCents,
      status: overrides.status ?? "requested",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A signed-in member as the session gives it to a loader or action (route tests build contexts with it). */
export function memberSession(
  user: { id: string; email: string; displayName: string },
  overrides: Partial<SessionUser> = {},
): SessionUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: "member",
    emailVerified: true,
    twoFactorEnabled: false,
    suspension: null,
    ...overrides,
  };
}
