import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { runEffects } from "~/lib/effects.server";
import { InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { boundingBox, distanceKm, type Point } from "~/lib/geo";

/**
 * Where a paid pickup order's buyer and seller meet (issue #15). The candidates are the active
 * spots admins curate (admin/meetup-spots.server.ts writes them; this module only reads the table,
 * so neither folder imports the other) and verified shops that declared themselves a spot or run
 * an active handoff service, nearest first to the seller's pickup area (the listing's approximate
 * point). Either party chooses one until the item changes hands; the other is notified.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type Executor = Db | Trx;

/** How far from the seller's pickup area a spot is offered. */
export const MEETUP_RADIUS_KM = 25;
export const MEETUP_SPOTS_SHOWN = 5;

/** Statuses in which the item has not changed hands yet, so the place can still be chosen. */
const CHOOSABLE_STATUSES = ["paid", "ready_for_pickup"] as const;

export type MeetupSpotKind = "spot" | "shop";

export interface MeetupSpotOption {
  kind: MeetupSpotKind;
  id: string;
  name: string;
  area: string;
  hours: string;
  placeName: string;
  distanceKm: number;
  /** A shop's public page, for shops. */
  slug: string | null;
}

/** The active curated spots and the shops that count as spots within `radiusKm`, nearest first. */
export async function nearestMeetupSpots(
  db: Executor,
  center: Point,
  options: { radiusKm?: number; limit?: number } = {},
): Promise<MeetupSpotOption[]> {
  const radiusKm = options.radiusKm ?? MEETUP_RADIUS_KM;
  const box = boundingBox(center, radiusKm);
  const spots = await db
    .selectFrom("meetupSpots")
    .select(["id", "name", "area", "hours", "placeName", "latitude", "longitude"])
    .where("active", "=", true)
    .where("latitude", ">=", box.minLatitude)
    .where("latitude", "<=", box.maxLatitude)
    .where("longitude", ">=", box.minLongitude)
    .where("longitude", "<=", box.maxLongitude)
    .execute();
  const shops = await db
    .selectFrom("retailers")
    .select(["id", "name", "slug", "placeName", "openingHours", "latitude", "longitude"])
    .where("status", "=", "verified")
    .where((eb) =>
      eb.or([
        eb("meetupSpot", "=", true),
        eb.exists(
          eb
            .selectFrom("services")
            .select("services.id")
            .whereRef("services.retailerId", "=", "retailers.id")
            .where("services.kind", "=", "handoff")
            .where("services.active", "=", true),
        ),
      ]),
    )
    .where("latitude", ">=", box.minLatitude)
    .where("latitude", "<=", box.maxLatitude)
    .where("longitude", ">=", box.minLongitude)
    .where("longitude", "<=", box.maxLongitude)
    .execute();
  const options_: MeetupSpotOption[] = [
    ...spots.map((spot) => ({
      kind: "spot" as const,
      id: spot.id,
      name: spot.name,
      area: spot.area,
      hours: spot.hours,
      placeName: spot.placeName,
      distanceKm: distanceKm(center, spot),
      slug: null,
    })),
    ...shops.map((shop) => ({
      kind: "shop" as const,
      id: shop.id,
      name: shop.name,
      area: shop.placeName,
      hours: shop.openingHours,
      placeName: shop.placeName,
      distanceKm: distanceKm(center, shop),
      slug: shop.slug,
    })),
  ];
  return options_
    .filter((option) => option.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.name.localeCompare(b.name))
    .slice(0, options.limit ?? MEETUP_SPOTS_SHOWN);
}

async function pickupOrder(db: Executor, orderId: string, userId: string, lock: boolean) {
  let query = db
    .selectFrom("orders")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .select([
      "orders.id",
      "orders.status",
      "orders.delivery",
      "orders.buyerId",
      "orders.sellerId",
      "listings.title",
      "listings.latitude",
      "listings.longitude",
    ])
    .where("orders.id", "=", orderId)
    .where((eb) => eb.or([eb("orders.buyerId", "=", userId), eb("orders.sellerId", "=", userId)]));
  if (lock) query = query.forUpdate("orders");
  return query.executeTakeFirst();
}

async function handedOver(db: Executor, orderId: string): Promise<boolean> {
  const row = await db
    .selectFrom("orderHandovers")
    .select("handedOverAt")
    .where("orderId", "=", orderId)
    .executeTakeFirst();
  return Boolean(row?.handedOverAt);
}

/** The order's chosen spot, with its distance from the pickup area (null: none chosen yet). */
async function chosenSpot(db: Executor, orderId: string, center: Point) {
  const row = await db
    .selectFrom("orderMeetupSpots")
    .leftJoin("meetupSpots", "meetupSpots.id", "orderMeetupSpots.meetupSpotId")
    .leftJoin("retailers", "retailers.id", "orderMeetupSpots.retailerId")
    .leftJoin("users", "users.id", "orderMeetupSpots.chosenBy")
    .select([
      "orderMeetupSpots.meetupSpotId",
      "orderMeetupSpots.retailerId",
      "orderMeetupSpots.chosenBy",
      "orderMeetupSpots.chosenAt",
      "users.displayName as chosenByName",
      "meetupSpots.name as spotName",
      "meetupSpots.area as spotArea",
      "meetupSpots.hours as spotHours",
      "meetupSpots.placeName as spotPlaceName",
      "meetupSpots.latitude as spotLatitude",
      "meetupSpots.longitude as spotLongitude",
      "retailers.name as shopName",
      "retailers.slug as shopSlug",
      "retailers.placeName as shopPlaceName",
      "retailers.openingHours as shopHours",
      "retailers.latitude as shopLatitude",
      "retailers.longitude as shopLongitude",
    ])
    .where("orderMeetupSpots.orderId", "=", orderId)
    .executeTakeFirst();
  if (!row) return null;
  const isSpot = row.meetupSpotId !== null;
  const point = isSpot
    ? { latitude: row.spotLatitude!, longitude: row.spotLongitude! }
    : { latitude: row.shopLatitude!, longitude: row.shopLongitude! };
  return {
    kind: (isSpot ? "spot" : "shop") as MeetupSpotKind,
    id: (isSpot ? row.meetupSpotId : row.retailerId)!,
    name: (isSpot ? row.spotName : row.shopName) ?? "",
    area: (isSpot ? row.spotArea : row.shopPlaceName) ?? "",
    hours: (isSpot ? row.spotHours : row.shopHours) ?? "",
    placeName: (isSpot ? row.spotPlaceName : row.shopPlaceName) ?? "",
    slug: isSpot ? null : row.shopSlug,
    distanceKm: distanceKm(center, point),
    chosenBy: row.chosenBy,
    chosenByName: row.chosenByName,
    chosenAt: row.chosenAt,
  };
}

/**
 * The order page's meetup panel, for the order's buyer or seller: the chosen spot (if any) and,
 * while the paid pickup item has not changed hands, the nearest spots to choose from. Null for
 * anyone else, for shipped orders, and for pickup orders before payment.
 */
export async function meetupSpotsForOrder(db: Db, orderId: string, userId: string) {
  const order = await pickupOrder(db, orderId, userId, false);
  if (!order || order.delivery !== "pickup") return null;
  const center = { latitude: order.latitude, longitude: order.longitude };
  const chosen = await chosenSpot(db, order.id, center);
  const open = (CHOOSABLE_STATUSES as readonly string[]).includes(order.status) && !(await handedOver(db, order.id));
  if (!open && !chosen) return null;
  return {
    chosen,
    canChoose: open,
    spots: open ? await nearestMeetupSpots(db, center) : [],
    radiusKm: MEETUP_RADIUS_KM,
  };
}

/**
 * The buyer or the seller chooses where to meet (or changes it) before the handover; the other
 * party is notified. Someone else gets NotFound (the order doesn't exist for them). Only a spot on
 * offer for this order counts: active, or a shop that is still one, within the radius.
 */
export async function chooseMeetupSpot(
  db: Db,
  input: { orderId: string; userId: string; kind: MeetupSpotKind; spotId: string },
) {
  return transaction(db, async (trx) => {
    const order = await pickupOrder(trx, input.orderId, input.userId, true);
    if (!order) throw new NotFound("That order doesn't exist.");
    if (order.delivery !== "pickup") throw new InvalidTransition("Meetup spots are for pickup orders.");
    if (!(CHOOSABLE_STATUSES as readonly string[]).includes(order.status) || (await handedOver(trx, order.id)))
      throw new InvalidTransition("The meetup spot can be chosen only after payment and before the handover.");
    const center = { latitude: order.latitude, longitude: order.longitude };
    const offered = await nearestMeetupSpots(trx, center, { limit: 1000 });
    const spot = offered.find((option) => option.kind === input.kind && option.id === input.spotId);
    if (!spot)
      throw new InvalidInput("That meetup spot isn't on offer for this order.", {
        spotId: ["Choose a spot from the list"],
      });
    const place =
      input.kind === "spot" ? { meetupSpotId: spot.id, retailerId: null } : { meetupSpotId: null, retailerId: spot.id };
    const chosenAt = new Date();
    await trx
      .insertInto("orderMeetupSpots")
      .values({ orderId: order.id, ...place, chosenBy: input.userId, chosenAt })
      .onConflict((oc) => oc.column("orderId").doUpdateSet({ ...place, chosenBy: input.userId, chosenAt }))
      .execute();
    // Pickup orders are item orders: they have a seller.
    const other = input.userId === order.buyerId ? order.sellerId! : order.buyerId;
    const who = input.userId === order.buyerId ? "The buyer" : "The seller";
    await runEffects(trx, [
      {
        kind: "notify",
        userId: other,
        notification: "meetup_spot",
        content: {
          title: `Meet at ${spot.name}`,
          body: `${who} of "${order.title}" chose ${spot.name} (${spot.area}) as the meetup spot.`,
          url: `/orders/${order.id}`,
        },
        dedupeKey: `meetup:${order.id}:${spot.kind}:${spot.id}:${chosenAt.getTime()}`,
      },
    ]);
    return spot;
  });
}
