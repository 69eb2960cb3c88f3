import type { Kysely } from "kysely";
import { newId } from "../app/lib/ids.server";
import type { Database } from "./schema";

/** Demo safe meetup spots around Portland, OR, near the demo neighbours' pickup areas. */
export const DEMO_MEETUP_SPOTS = [
  {
    name: "Central Library",
    area: "By the main doors on SW 10th Ave",
    hours: "Daily 10:00-20:00",
    placeName: "Portland, OR",
    latitude: 45.52,
    longitude: -122.68,
  },
  {
    name: "Pioneer Courthouse Square",
    area: "Under the weather machine, in view of the cafe",
    hours: "Daily 7:00-22:00",
    placeName: "Portland, OR",
    latitude: 45.52,
    longitude: -122.67,
  },
  {
    name: "Hollywood Transit Center",
    area: "Inside the lit waiting area, by the ticket machines",
    hours: "Daily 6:00-23:00",
    placeName: "Portland, OR",
    latitude: 45.53,
    longitude: -122.62,
  },
] as const;

/** Idempotent: a spot whose name is already there is left as it is. */
export async function seedDemoMeetupSpots(db: Kysely<Database>): Promise<{ created: number }> {
  let created = 0;
  for (const spot of DEMO_MEETUP_SPOTS) {
    const existing = await db.selectFrom("meetupSpots").select("id").where("name", "=", spot.name).executeTakeFirst();
    if (existing) continue;
    await db
      .insertInto("meetupSpots")
      .values({ id: newId(), ...spot })
      .execute();
    created += 1;
  }
  // The first demo shop offers itself as a spot too (the others count through their handoff services, if any).
  await db.updateTable("retailers").set({ meetupSpot: true }).where("slug", "=", "bike-hub").execute();
  return { created };
}
