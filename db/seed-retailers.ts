import type { Kysely } from "kysely";
import { createRetailer, createUser, type ServiceOverrides } from "../tests/support/factories";
import type { Database } from "./schema";

/** Demo shops around Portland, OR (where the demo neighbours live), each verified, with services. */
export const DEMO_RETAILERS: {
  slug: string;
  name: string;
  owner: { email: string; displayName: string };
  description: string;
  placeName: string;
  latitude: number;
  longitude: number;
  serviceRadiusKm: number;
  openingHours: string;
  website: string | null;
  services: ServiceOverrides[];
}[] = [
  {
    slug: "bike-hub",
    name: "Bike Hub",
    owner: { email: "rita@bikehub.demo.stoop.local", displayName: "Rita at Bike Hub" },
    description:
      "Neighbourhood bike workshop on Hawthorne. We tune, fix and check second-hand bikes so they ride like new.",
    placeName: "Portland, OR",
    latitude: 45.51,
    longitude: -122.64,
    serviceRadiusKm: 15,
    openingHours: "Tue-Sat 10:00-18:00",
    website: "https://bikehub.example",
    services: [
      {
        title: "Bike tune-up",
        description: "Gears, brakes, chain and tyres checked and adjusted; ready to ride.",
        priceCents: 4500,
        categoryIds: ["bikes"],
        performedAt: "shop",
        leadDays: 2,
      },
      {
        title: "Safety check",
        description: "A mechanic checks frame, brakes and wheels and tells you what it needs.",
        priceCents: 2000,
        categoryIds: ["bikes"],
        performedAt: "shop",
        leadDays: 1,
      },
    ],
  },
  {
    slug: "phone-doctor",
    name: "Phone Doctor",
    owner: { email: "omar@phonedoctor.demo.stoop.local", displayName: "Omar at Phone Doctor" },
    description: "Phone and laptop repairs. Screens, batteries, and a certified wipe before a device changes hands.",
    placeName: "Portland, OR",
    latitude: 45.52,
    longitude: -122.68,
    serviceRadiusKm: 20,
    openingHours: "Mon-Sat 9:00-19:00",
    website: "https://phonedoctor.example",
    services: [
      {
        title: "Data wipe & battery check",
        description: "Certified wipe of the previous owner's data and a battery health report.",
        priceCents: 2500,
        categoryIds: ["phones", "computers"],
        performedAt: "shop",
        leadDays: 1,
      },
    ],
  },
  {
    slug: "eastside-movers",
    name: "Eastside Movers",
    owner: { email: "jo@eastsidemovers.demo.stoop.local", displayName: "Jo at Eastside Movers" },
    description: "Two people and a van. We pick up from the seller and deliver to your door, carefully.",
    placeName: "Portland, OR",
    latitude: 45.53,
    longitude: -122.6,
    serviceRadiusKm: 15,
    openingHours: "Every day 8:00-20:00",
    website: null,
    services: [
      {
        title: "Delivery within 15 km",
        description: "Picked up from the seller and delivered to your door, up the stairs included.",
        priceCents: 3500,
        categoryIds: ["furniture", "home-garden", "bikes-sports"],
        performedAt: "pickup_deliver",
        leadDays: 3,
      },
    ],
  },
  {
    slug: "fresh-upholstery",
    name: "Fresh Upholstery",
    owner: { email: "lena@freshupholstery.demo.stoop.local", displayName: "Lena at Fresh Upholstery" },
    description: "Upholstery cleaning and small repairs, at our workshop or in your living room.",
    placeName: "Portland, OR",
    latitude: 45.49,
    longitude: -122.63,
    serviceRadiusKm: 25,
    openingHours: "Mon-Fri 9:00-17:00",
    website: "https://freshupholstery.example",
    services: [
      {
        title: "Professional cleaning",
        description: "Deep steam cleaning of fabric and leather; dry in a day.",
        priceCents: 6000,
        categoryIds: ["furniture"],
        performedAt: "buyer",
        leadDays: 5,
      },
    ],
  },
];

/** Adds the demo shops once (a shop whose page address exists is left as it is). */
export async function seedDemoRetailers(db: Kysely<Database>, password: string): Promise<{ created: number }> {
  let created = 0;
  for (const shop of DEMO_RETAILERS) {
    const existing = await db.selectFrom("retailers").select("id").where("slug", "=", shop.slug).executeTakeFirst();
    if (existing) continue;
    const owner =
      (await db.selectFrom("users").select("id").where("email", "=", shop.owner.email).executeTakeFirst()) ??
      (await createUser(db, { ...shop.owner, password }));
    const { owner: _owner, ...fields } = shop;
    await createRetailer(db, { ...fields, ownerId: owner.id, status: "verified" });
    created += 1;
  }
  return { created };
}
