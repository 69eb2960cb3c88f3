import { describe, expect, it } from "vitest";
import { NotFound } from "~/lib/errors";
import { serviceFormSchema } from "~/modules/retailers/schemas.server";
import { serviceForStaff, updateService } from "~/modules/retailers/services.server";
import { createRetailer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;

const form = serviceFormSchema.parse({
  title: "Full tune-up",
  description: "Gears, brakes and a test ride.",
  price: "55.50",
  performedAt: "pickup_deliver",
  leadDays: "4",
  kind: "inspection",
  active: "on",
});

describe("editing a service", () => {
  it("lets the shop's staff change every field and its categories", async () => {
    const shop = await createRetailer(db(), { services: [{ title: "Tune-up", categoryIds: ["bikes"] }] });
    const service = shop.services[0]!;
    await updateService(db(), shop.id, service.id, shop.ownerId, form, ["furniture", "bikes"]);
    const saved = await serviceForStaff(db(), shop.id, service.id, shop.ownerId);
    expect(saved).toMatchObject({
      title: "Full tune-up",
      description: "Gears, brakes and a test ride.",
      priceCents: 5550,
      performedAt: "pickup_deliver",
      leadDays: 4,
      kind: "inspection",
      active: true,
    });
    expect(saved.categoryIds.sort()).toEqual(["bikes", "furniture"]);
  });

  it("refuses members who aren't the shop's staff and another shop's service, changing nothing", async () => {
    const shop = await createRetailer(db(), { services: [{ title: "Tune-up" }] });
    const other = await createRetailer(db(), { services: [{ title: "Wash" }] });
    const stranger = await createUser(db());
    const service = shop.services[0]!;
    for (const userId of [stranger.id, other.ownerId]) {
      await expect(serviceForStaff(db(), shop.id, service.id, userId)).rejects.toBeInstanceOf(NotFound);
      await expect(updateService(db(), shop.id, service.id, userId, form, ["bikes"])).rejects.toBeInstanceOf(NotFound);
    }
    // Staff of one shop can't reach another shop's service through their own shop.
    await expect(updateService(db(), other.id, service.id, other.ownerId, form, ["bikes"])).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(serviceForStaff(db(), other.id, service.id, other.ownerId)).rejects.toBeInstanceOf(NotFound);
    const unchanged = await serviceForStaff(db(), shop.id, service.id, shop.ownerId);
    expect(unchanged.title).toBe("Tune-up");
  });
});
