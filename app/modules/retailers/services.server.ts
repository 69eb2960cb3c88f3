import { sql, type Expression, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { ServiceKind, ServicePlace } from "~db/schema-retailers";
import { transaction } from "~db/transaction";
import { runEffects, type Effect } from "~/lib/effects.server";
import { InvalidInput, NotFound } from "~/lib/errors";
import { distanceKm } from "~/lib/geo";
import { newId } from "~/lib/ids.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { categoryTree } from "~/modules/listings/categories.server";
import { assertRetailerStaff } from "./retailers.server";
import type { ServiceForm } from "./schemas.server";

type Db = Kysely<Database>;
type Executor = Kysely<Database> | Transaction<Database>;

/** A service shows in its shop's followers' feeds: their cached first pages drop (ADR 049). */
const FEED_CHANGED: Effect[] = [{ kind: "feed.changed", memberId: null }];

async function checkCategories(db: Db, categoryIds: string[]) {
  const tree = await categoryTree(db);
  const unknown = categoryIds.filter((id) => !tree.byId.has(id));
  if (unknown.length || categoryIds.length === 0)
    throw new InvalidInput("Choose the categories it applies to.", {
      categories: ["Choose at least one category"],
    });
  return [...new Set(categoryIds)];
}

/** The service form's fields as the services table's columns (creating and editing alike). */
function serviceColumns(form: ServiceForm) {
  return {
    title: form.title,
    description: form.description,
    priceCents: form.price,
    performedAt: form.performedAt,
    leadDays: form.leadDays,
    kind: form.kind,
    active: form.active,
  };
}

/** Staff of the shop define a service; outsiders get NotFound from the staff check. */
export async function createService(
  db: Db,
  retailerId: string,
  staffId: string,
  form: ServiceForm,
  categoryIds: string[],
) {
  const categories = await checkCategories(db, categoryIds);
  return transaction(db, async (trx) => {
    await assertRetailerStaff(trx, retailerId, staffId);
    const service = await trx
      .insertInto("services")
      .values({
        id: newId(),
        retailerId,
        ...serviceColumns(form),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("serviceCategories")
      .values(categories.map((categoryId) => ({ serviceId: service.id, categoryId })))
      .execute();
    // The shop's followers hear of it from a job (the handler is in the wiring: follows are community's).
    if (service.active) await enqueueJob(trx, QUEUES.followService, { serviceId: service.id });
    await runEffects(trx, FEED_CHANGED);
    return service;
  });
}

/** Edits a service (price changes never touch orders already placed: lines keep their price). */
export async function updateService(
  db: Db,
  retailerId: string,
  serviceId: string,
  staffId: string,
  form: ServiceForm,
  categoryIds: string[],
) {
  const categories = await checkCategories(db, categoryIds);
  return transaction(db, async (trx) => {
    await assertRetailerStaff(trx, retailerId, staffId);
    const service = await trx
      .updateTable("services")
      .set({ ...serviceColumns(form), updatedAt: new Date() })
      .where("id", "=", serviceId)
      .where("retailerId", "=", retailerId)
      .returningAll()
      .executeTakeFirst();
    if (!service) throw new NotFound("That service doesn't exist.");
    await trx.deleteFrom("serviceCategories").where("serviceId", "=", serviceId).execute();
    await trx
      .insertInto("serviceCategories")
      .values(categories.map((categoryId) => ({ serviceId, categoryId })))
      .execute();
    await runEffects(trx, FEED_CHANGED);
    return service;
  });
}

/** Pauses or resumes a service. */
export async function setServiceActive(
  db: Db,
  retailerId: string,
  serviceId: string,
  staffId: string,
  active: boolean,
) {
  return transaction(db, async (trx) => {
    await assertRetailerStaff(trx, retailerId, staffId);
    const row = await trx
      .updateTable("services")
      .set({ active, updatedAt: new Date() })
      .where("id", "=", serviceId)
      .where("retailerId", "=", retailerId)
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new NotFound("That service doesn't exist.");
    await runEffects(trx, FEED_CHANGED);
  });
}

/** The shop's services for its staff (paused ones too), with their category ids. */
export async function servicesForStaff(db: Executor, retailerId: string, staffId: string) {
  await assertRetailerStaff(db, retailerId, staffId);
  const services = await db
    .selectFrom("services")
    .selectAll()
    .where("retailerId", "=", retailerId)
    .orderBy("createdAt")
    .execute();
  const links = await db
    .selectFrom("serviceCategories")
    .select(["serviceId", "categoryId"])
    .where("serviceId", "in", services.length ? services.map((service) => service.id) : ["-"])
    .execute();
  return services.map((service) => ({
    ...service,
    categoryIds: links.filter((link) => link.serviceId === service.id).map((link) => link.categoryId),
  }));
}

export interface OfferedService {
  id: string;
  title: string;
  description: string;
  priceCents: number;
  performedAt: ServicePlace;
  kind: ServiceKind;
  leadDays: number;
  retailerId: string;
  retailerName: string;
  retailerSlug: string;
  verified: boolean;
  distanceKm: number;
}

/**
 * The add-ons offered on a listing: active services of verified shops whose categories cover the
 * listing's category (a parent category covers its children) and whose service radius contains
 * the listing's point. Cheapest first, then nearest. The SQL narrows by category and a bounding
 * latitude band; the exact radius test runs on the few candidates left. The shops' ratings are
 * community's (reviews): the pages that show them add them (`withShopRatings`).
 */
export async function servicesForListing(
  db: Executor,
  listing: { categoryId: string; latitude: number; longitude: number; sellerId?: string },
): Promise<OfferedService[]> {
  const category = await db
    .selectFrom("categories")
    .select(["id", "parentId"])
    .where("id", "=", listing.categoryId)
    .executeTakeFirst();
  if (!category) return [];
  const covering = [category.id, ...(category.parentId ? [category.parentId] : [])];
  const candidates = await serviceCandidatesQuery(db, { categoryIds: covering, latitude: listing.latitude }).execute();
  return servicesInReach(candidates, listing);
}

/**
 * `servicesForListing`'s SQL part: the services that may reach a listing, before the exact radius
 * test. The category ids and latitude may be SQL expressions, so the listing page reads these
 * candidates as a subquery of its one query.
 */
export function serviceCandidatesQuery(
  db: Executor,
  listing: { categoryIds: (string | Expression<string | null>)[]; latitude: number | Expression<number> },
) {
  return (
    db
      .selectFrom("services")
      .innerJoin("retailers", "retailers.id", "services.retailerId")
      .select([
        "services.id",
        "services.title",
        "services.description",
        "services.priceCents",
        "services.performedAt",
        "services.kind",
        "services.leadDays",
        "retailers.id as retailerId",
        "retailers.name as retailerName",
        "retailers.slug as retailerSlug",
        "retailers.latitude",
        "retailers.longitude",
        "retailers.serviceRadiusKm",
      ])
      .where("services.active", "=", true)
      .where("retailers.status", "=", "verified")
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("serviceCategories")
            .select("serviceCategories.serviceId")
            .whereRef("serviceCategories.serviceId", "=", "services.id")
            .where("serviceCategories.categoryId", "in", listing.categoryIds as string[]),
        ),
      )
      // 500 km is the largest radius: nothing further north or south can be in range.
      .where("retailers.latitude", ">=", sql<number>`${listing.latitude} - 4.6`)
      .where("retailers.latitude", "<=", sql<number>`${listing.latitude} + 4.6`)
  );
}

export type ServiceCandidate = Awaited<ReturnType<ReturnType<typeof serviceCandidatesQuery>["execute"]>>[number];

/** The candidates whose shop's radius contains the listing's point; cheapest, then nearest. */
export function servicesInReach(
  candidates: ServiceCandidate[],
  listing: { latitude: number; longitude: number },
): OfferedService[] {
  return candidates
    .map(({ latitude, longitude, serviceRadiusKm, ...row }) => ({
      ...row,
      verified: true,
      distanceKm: distanceKm({ latitude, longitude }, listing),
      radius: serviceRadiusKm,
    }))
    .filter((row) => row.distanceKm <= row.radius)
    .map(({ radius: _radius, ...row }) => row)
    .sort((a, b) => a.priceCents - b.priceCents || a.distanceKm - b.distanceKm || a.id.localeCompare(b.id));
}

/** One of the shop's services for its staff (the edit form); anyone else gets NotFound. */
export async function serviceForStaff(db: Executor, retailerId: string, serviceId: string, staffId: string) {
  await assertRetailerStaff(db, retailerId, staffId);
  const service = await db
    .selectFrom("services")
    .selectAll()
    .where("id", "=", serviceId)
    .where("retailerId", "=", retailerId)
    .executeTakeFirst();
  if (!service) throw new NotFound("That service doesn't exist.");
  const links = await db
    .selectFrom("serviceCategories")
    .select("categoryId")
    .where("serviceId", "=", serviceId)
    .execute();
  return { ...service, categoryIds: links.map((link) => link.categoryId) };
}
