import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { resolvePlace } from "~/modules/listings/location.server";
import { recordAudit } from "./audit-log.server";

/**
 * The admins' curation of public safe meetup spots (issue #15). Only the approximate point of a
 * place or ZIP is stored, like a listing's; the area text says where exactly ("by the library's
 * front door"). Every change is one transaction with its audit entry. Orders read the active spots
 * themselves (orders/meetup-spots.server.ts); this module never imports orders.
 */

type Db = Kysely<Database>;
type Admin = { id: string; displayName: string; role: string };

const text = (label: string, max: number) =>
  z.string().trim().min(2, `Enter the ${label}`).max(max, `Keep the ${label} under ${max} characters`);

export const meetupSpotFormSchema = z.object({
  name: text("name", 80),
  area: text("area", 200),
  hours: text("hours", 200),
  place: z.string().trim().min(2, "Enter a ZIP code or a town").max(100, "Keep the place under 100 characters"),
  active: z
    .union([z.literal("on"), z.literal("true"), z.literal("")])
    .optional()
    .transform((value) => value === "on" || value === "true"),
});
export type MeetupSpotForm = z.output<typeof meetupSpotFormSchema>;

function assertAdmin(admin: Admin) {
  if (admin.role !== "admin") throw new Forbidden("Only administrators can curate meetup spots.");
}

function placeOf(form: MeetupSpotForm) {
  const place = resolvePlace(form.place);
  if (!place) throw new InvalidInput("We don't know that place.", { place: ["Enter a US ZIP code or a town"] });
  return place;
}

export async function listMeetupSpotsForAdmin(db: Db) {
  return db
    .selectFrom("meetupSpots")
    .select(["id", "name", "area", "hours", "placeName", "latitude", "longitude", "active", "updatedAt"])
    .orderBy("active", "desc")
    .orderBy("placeName")
    .orderBy("name")
    .execute();
}

export async function addMeetupSpot(db: Db, admin: Admin, form: MeetupSpotForm) {
  assertAdmin(admin);
  const place = placeOf(form);
  return transaction(db, async (trx) => {
    const spot = await trx
      .insertInto("meetupSpots")
      .values({
        id: newId(),
        name: form.name,
        area: form.area,
        hours: form.hours,
        placeName: place.placeName,
        latitude: place.latitude,
        longitude: place.longitude,
        active: form.active,
        createdBy: admin.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: admin,
      action: "meetup_spot.added",
      subject: { type: "meetup_spot", id: spot.id },
      details: { name: spot.name, placeName: spot.placeName, active: spot.active },
    });
    return spot;
  });
}

export async function updateMeetupSpot(db: Db, admin: Admin, spotId: string, form: MeetupSpotForm) {
  assertAdmin(admin);
  const place = placeOf(form);
  return transaction(db, async (trx) => {
    const before = await trx
      .selectFrom("meetupSpots")
      .selectAll()
      .where("id", "=", spotId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new NotFound("That meetup spot doesn't exist.");
    const spot = await trx
      .updateTable("meetupSpots")
      .set({
        name: form.name,
        area: form.area,
        hours: form.hours,
        placeName: place.placeName,
        latitude: place.latitude,
        longitude: place.longitude,
        active: form.active,
        updatedAt: new Date(),
      })
      .where("id", "=", spotId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: admin,
      action: "meetup_spot.updated",
      subject: { type: "meetup_spot", id: spot.id },
      details: {
        from: { name: before.name, placeName: before.placeName, active: before.active },
        to: { name: spot.name, placeName: spot.placeName, active: spot.active },
      },
    });
    return spot;
  });
}

/** Hides a spot from order pages (or shows it again); an order that already chose it keeps it. */
export async function setMeetupSpotActive(db: Db, admin: Admin, spotId: string, active: boolean) {
  assertAdmin(admin);
  return transaction(db, async (trx) => {
    const spot = await trx
      .updateTable("meetupSpots")
      .set({ active, updatedAt: new Date() })
      .where("id", "=", spotId)
      .returningAll()
      .executeTakeFirst();
    if (!spot) throw new NotFound("That meetup spot doesn't exist.");
    await recordAudit(trx, {
      actor: admin,
      action: active ? "meetup_spot.activated" : "meetup_spot.deactivated",
      subject: { type: "meetup_spot", id: spot.id },
      details: { name: spot.name },
    });
    return spot;
  });
}
