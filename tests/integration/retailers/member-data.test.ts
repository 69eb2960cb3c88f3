import { describe, expect, it } from "vitest";
import { DeletionBlocked, deleteAccount, exportMemberData } from "~/modules/privacy/account-data.server";
import {
  DEFAULT_PASSWORD,
  createCompletedOrder,
  createOrderServiceLine,
  createRetailer,
  createUser,
} from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

describe("shops and the member's account", () => {
  it("export the member's shop memberships with their role", async () => {
    const helper = await createUser(db());
    const shop = await createRetailer(db(), { name: "Export Cycles" });
    await db().insertInto("retailerStaff").values({ retailerId: shop.id, userId: helper.id, role: "staff" }).execute();

    expect((await exportMemberData(db(), helper.id)).shopMemberships).toEqual([
      expect.objectContaining({ name: "Export Cycles", role: "staff" }),
    ]);
  });

  it("keep an owner from leaving while their shop has open jobs; once answered, leaving pauses its services", async () => {
    const owner = await createUser(db());
    const shop = await createRetailer(db(), {
      ownerId: owner.id,
      name: "Leaving Bikes",
      services: [{ title: "Tune-up", priceCents: 4500, categoryIds: ["bikes"] }],
    });
    const { order } = await createCompletedOrder(db());
    const line = await createOrderServiceLine(db(), order.id, shop.services[0]!);

    await expect(deleteAccount(db(), owner.id, DEFAULT_PASSWORD)).rejects.toBeInstanceOf(DeletionBlocked);
    await expect(deleteAccount(db(), owner.id, DEFAULT_PASSWORD)).rejects.toThrow(
      "Finish or decline the open service jobs at Leaving Bikes (1).",
    );

    // The shop finished the job (how is the jobs module's business; here only the state matters).
    await db().updateTable("orderServices").set({ status: "done" }).where("id", "=", line.id).execute();
    await deleteAccount(db(), owner.id, DEFAULT_PASSWORD);

    const services = await db().selectFrom("services").select("active").where("retailerId", "=", shop.id).execute();
    expect(services).toEqual([{ active: false }]);
  });

  it("take a deleted staff member off the staff; the shop goes on", async () => {
    const helper = await createUser(db());
    const shop = await createRetailer(db(), { services: [{ title: "Wash", priceCents: 1500 }] });
    await db().insertInto("retailerStaff").values({ retailerId: shop.id, userId: helper.id, role: "staff" }).execute();

    await deleteAccount(db(), helper.id, DEFAULT_PASSWORD);

    const staff = await db().selectFrom("retailerStaff").select("userId").where("retailerId", "=", shop.id).execute();
    expect(staff).toEqual([{ userId: shop.ownerId }]);
    const services = await db().selectFrom("services").select("active").where("retailerId", "=", shop.id).execute();
    expect(services).toEqual([{ active: true }]);
  });
});
