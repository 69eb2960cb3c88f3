import type { Kysely } from "kysely";
import { createUser } from "../tests/support/factories";
import type { S3Config } from "../app/lib/env.server";
import { photoStorageFor } from "../app/modules/listings/storage.server";
import type { Database } from "./schema";
import { seedDemoListings } from "./seed-listings";
import { DEMO_RETAILERS, seedDemoRetailers } from "./seed-retailers";
import { seedDemoMeetupSpots } from "./seed-meetup-spots";
import { seedDemoWanted } from "./seed-wanted";
import { seedDemoFollows } from "./seed-follows";

export const DEMO_PASSWORD = "stoop-demo-password";

export const DEMO_MEMBERS = [
  { email: "alice@demo.stoop.local", displayName: "Alice (demo)", role: "member" },
  { email: "bob@demo.stoop.local", displayName: "Bob (demo)", role: "member" },
  { email: "admin@demo.stoop.local", displayName: "Ada the admin (demo)", role: "admin" },
] as const;

/**
 * Loads the demo members once (idempotent: an existing demo email is left as it is), then, when a
 * data directory for photos is given, the demo neighbours and their listings (also only once).
 */
export async function seedDemoData(db: Kysely<Database>, options: { dataDir?: string; s3?: S3Config | null } = {}) {
  const memberIds: string[] = [];
  for (const member of DEMO_MEMBERS) {
    const existing = await db
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", member.email))
      .executeTakeFirst();
    const id = existing?.id ?? (await createUser(db, { ...member, password: DEMO_PASSWORD })).id;
    if (member.role === "member") memberIds.push(id);
  }
  await seedDemoRetailers(db, DEMO_PASSWORD);
  await seedDemoMeetupSpots(db);
  if (options.dataDir) {
    await seedDemoListings(db, photoStorageFor({ dataDir: options.dataDir, s3: options.s3 ?? null }), {
      password: DEMO_PASSWORD,
      extraSellerIds: memberIds,
    });
  }
  await seedDemoWanted(db);
  await seedDemoFollows(db);
  return [
    ...DEMO_MEMBERS.map((member) => ({ email: member.email, password: DEMO_PASSWORD, role: member.role })),
    // One shop owner, to try the retailer side (services, jobs, shop messages).
    { email: DEMO_RETAILERS[0]!.owner.email, password: DEMO_PASSWORD, role: `owner of ${DEMO_RETAILERS[0]!.name}` },
  ];
}
