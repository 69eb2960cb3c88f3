import type { Kysely } from "kysely";
import { newId } from "../app/lib/ids.server";
import type { Database } from "./schema";

/**
 * Demo follows, so a demo member's feed has something in it: Alice follows Bob and Bike Hub, Bob
 * follows Alice, and Alice's feed place is Portland (the nearby fallback). Idempotent.
 */
export async function seedDemoFollows(db: Kysely<Database>): Promise<void> {
  const members = await db
    .selectFrom("users")
    .select(["id", "email"])
    .where("email", "in", ["alice@demo.stoop.local", "bob@demo.stoop.local"])
    .execute();
  const alice = members.find((member) => member.email.startsWith("alice"));
  const bob = members.find((member) => member.email.startsWith("bob"));
  const bikeHub = await db.selectFrom("retailers").select("id").where("slug", "=", "bike-hub").executeTakeFirst();
  if (!alice || !bob) return;
  const wanted: { followerId: string; followedUserId: string | null; followedRetailerId: string | null }[] = [
    { followerId: alice.id, followedUserId: bob.id, followedRetailerId: null },
    { followerId: bob.id, followedUserId: alice.id, followedRetailerId: null },
    ...(bikeHub ? [{ followerId: alice.id, followedUserId: null, followedRetailerId: bikeHub.id }] : []),
  ];
  for (const follow of wanted) {
    const existing = await db
      .selectFrom("follows")
      .select("id")
      .where("followerId", "=", follow.followerId)
      .where((eb) =>
        follow.followedUserId
          ? eb("followedUserId", "=", follow.followedUserId)
          : eb("followedRetailerId", "=", follow.followedRetailerId!),
      )
      .executeTakeFirst();
    if (!existing)
      await db
        .insertInto("follows")
        .values({ id: newId(), ...follow })
        .execute();
  }
  await db
    .updateTable("users")
    .set({ feedPlaceName: "Portland, OR", feedLatitude: 45.52, feedLongitude: -122.68 })
    .where("id", "=", alice.id)
    .where("feedPlaceName", "is", null)
    .execute();
}
