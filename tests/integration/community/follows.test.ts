import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { Forbidden, NotFound } from "~/lib/errors";
import {
  follow,
  followerCount,
  following,
  memberFollowers,
  notifyFollowersOfListing,
  notifyFollowersOfService,
  setHideFollowers,
  unfollow,
} from "~/modules/community/follows.server";
import { createService as createShopService } from "~/modules/retailers/services.server";
import { sendNotificationDigests } from "~/modules/notifications/digest.server";
import { listNotifications } from "~/modules/notifications/notify.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();

describe("following", () => {
  it("is idempotent both ways and never of oneself or one's own shop", async () => {
    const db = database.db;
    const me = await createUser(db);
    const other = await createUser(db);
    const myShop = await createRetailer(db, { ownerId: me.id });
    await follow(db, me.id, { kind: "member", id: other.id });
    await follow(db, me.id, { kind: "member", id: other.id });
    expect(await followerCount(db, { kind: "member", id: other.id })).toBe(1);
    await unfollow(db, me.id, { kind: "member", id: other.id });
    await unfollow(db, me.id, { kind: "member", id: other.id });
    expect(await followerCount(db, { kind: "member", id: other.id })).toBe(0);
    await expect(follow(db, me.id, { kind: "member", id: me.id })).rejects.toBeInstanceOf(Forbidden);
    await expect(follow(db, me.id, { kind: "retailer", id: myShop.id })).rejects.toBeInstanceOf(Forbidden);
    await expect(follow(db, me.id, { kind: "member", id: "nobody" })).rejects.toBeInstanceOf(NotFound);
    const pending = await createRetailer(db, { status: "pending" });
    await expect(follow(db, me.id, { kind: "retailer", id: pending.id })).rejects.toBeInstanceOf(NotFound);
  });

  it("lists whom a member follows", async () => {
    const db = database.db;
    const me = await createUser(db);
    const other = await createUser(db, { displayName: "Olive" });
    const shop = await createRetailer(db, { name: "Corner Repairs" });
    await follow(db, me.id, { kind: "member", id: other.id });
    await follow(db, me.id, { kind: "retailer", id: shop.id });
    const list = await following(db, me.id);
    expect(list.members.map((member) => member.displayName)).toEqual(["Olive"]);
    expect(list.shops.map((s) => s.name)).toEqual(["Corner Repairs"]);
  });

  it("hides a hidden follower list from others but keeps the count right, and hides suspended followers", async () => {
    const db = database.db;
    const star = await createUser(db);
    const fan = await createUser(db, { displayName: "Fan" });
    const suspended = await createUser(db);
    await follow(db, fan.id, { kind: "member", id: star.id });
    await follow(db, suspended.id, { kind: "member", id: star.id });
    await db.updateTable("users").set({ suspendedAt: new Date() }).where("id", "=", suspended.id).execute();

    const open = await memberFollowers(db, star.id, fan.id);
    expect(open).toMatchObject({ count: 1, hidden: false });
    expect(open.followers.map((f) => f.displayName)).toEqual(["Fan"]);

    await setHideFollowers(db, star.id, true);
    const forOthers = await memberFollowers(db, star.id, fan.id);
    expect(forOthers).toMatchObject({ count: 1, hidden: true, followers: [] });
    const anonymous = await memberFollowers(db, star.id, null);
    expect(anonymous.followers).toEqual([]);
    const forThemself = await memberFollowers(db, star.id, star.id);
    expect(forThemself.followers).toHaveLength(1);
  });
});

async function jobsNamed(name: string, field: string, value: string) {
  const result = await sql<{ id: string }>`
    select id from pgboss.job where name = ${name} and data->>${field} = ${value}`.execute(database.db);
  return result.rows;
}

describe("follow notifications", () => {
  it("tell followers of a new listing in-app at once, once, and never the suspended", async () => {
    const db = database.db;
    const seller = await createUser(db, { displayName: "Sally" });
    const fan = await createUser(db);
    const suspended = await createUser(db);
    await follow(db, fan.id, { kind: "member", id: seller.id });
    await follow(db, suspended.id, { kind: "member", id: seller.id });
    await db.updateTable("users").set({ suspendedAt: new Date() }).where("id", "=", suspended.id).execute();
    const listing = await createListing(db, { sellerId: seller.id, title: "Green armchair" });
    expect(await notifyFollowersOfListing(db, listing.id)).toEqual({ notified: 1 });
    expect(await notifyFollowersOfListing(db, listing.id)).toEqual({ notified: 0 });
    const inbox = await listNotifications(db, fan.id);
    expect(inbox.map((n) => n.kind)).toEqual(["follow_listing"]);
    expect(inbox[0]!.title).toContain("Green armchair");
    expect(await listNotifications(db, suspended.id)).toEqual([]);
    // No email yet: it waits for the digest.
    const emails = await db.selectFrom("emailOutbox").select("id").where("userId", "=", fan.id).execute();
    expect(emails).toEqual([]);
  });

  it("are queued when a shop's staff creates a service", async () => {
    const db = database.db;
    const shop = await createRetailer(db);
    const fan = await createUser(db);
    await follow(db, fan.id, { kind: "retailer", id: shop.id });
    const service = await createShopService(
      db,
      shop.id,
      shop.ownerId,
      {
        title: "Chair caning",
        description: "",
        price: 4000,
        performedAt: "shop",
        leadDays: 3,
        kind: "standard",
        active: true,
      },
      ["furniture"],
    );
    expect(await jobsNamed("follow-service", "serviceId", service.id)).toHaveLength(1);
    expect(await notifyFollowersOfService(db, service.id)).toEqual({ notified: 1 });
    expect((await listNotifications(db, fan.id))[0]).toMatchObject({
      kind: "follow_service",
      url: `/retailers/${shop.slug}`,
    });
  });

  it("reach email as one daily digest for several items, never twice", async () => {
    const db = database.db;
    const seller = await createUser(db);
    const fan = await createUser(db);
    await follow(db, fan.id, { kind: "member", id: seller.id });
    for (const title of ["Red kettle", "Blue teapot", "Yellow mug"]) {
      const listing = await createListing(db, { sellerId: seller.id, title });
      await notifyFollowersOfListing(db, listing.id);
    }
    // Other tests in this file leave items waiting too: count this member's emails.
    const emailsOf = () => db.selectFrom("emailOutbox").selectAll().where("userId", "=", fan.id).execute();
    await sendNotificationDigests(db);
    expect(await sendNotificationDigests(db)).toEqual({ emails: 0, items: 0 });
    const emails = await emailsOf();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ kind: "follow_listing", url: "/feed" });
    for (const title of ["Red kettle", "Blue teapot", "Yellow mug"]) expect(emails[0]!.body).toContain(title);
    expect(await jobsNamed("email-deliver", "outboxId", emails[0]!.id)).toHaveLength(1);

    const later = await createListing(db, { sellerId: seller.id, title: "Green jug" });
    await notifyFollowersOfListing(db, later.id);
    expect(await sendNotificationDigests(db)).toEqual({ emails: 1, items: 1 });
    expect(await emailsOf()).toHaveLength(2);
  });

  it("send no digest to a member who turned the kind's email off", async () => {
    const db = database.db;
    const seller = await createUser(db);
    const fan = await createUser(db);
    await follow(db, fan.id, { kind: "member", id: seller.id });
    await db
      .insertInto("notificationPreferences")
      .values({ userId: fan.id, kind: "follow_listing", inApp: true, email: false })
      .execute();
    await notifyFollowersOfListing(db, (await createListing(db, { sellerId: seller.id })).id);
    await sendNotificationDigests(db);
    expect(await db.selectFrom("emailOutbox").select("id").where("userId", "=", fan.id).execute()).toEqual([]);
    expect(await listNotifications(db, fan.id)).toHaveLength(1);
  });
});
