import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import { Forbidden, InvalidTransition, NotFound } from "~/lib/errors";
import { parseForm } from "~/lib/forms";
import { createLogger } from "~/lib/logger.server";
import { QUEUES } from "~/modules/jobs/definitions.server";
import { handOver, handoverCode, handoverForBuyer } from "~/modules/orders/handover.server";
import { cancelOrder } from "~/modules/orders/money.server";
import {
  askForPickupTimes,
  pickPickupWindow,
  pickupPanelFor,
  pickupWindowsSchema,
  proposePickupWindows,
} from "~/modules/orders/pickup-times.server";
import * as calendarRoute from "~/routes/orders.$id_.pickup[.]ics";
import * as pickupRoute from "~/routes/orders.$id_.pickup";
import * as orderRoute from "~/routes/orders.$id";
import { JOB_HANDLERS, type JobDeps } from "~/wiring/job-handlers.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { paidPickupOrder, startStripeStandIn } from "../../support/stripe";

const database = useTestDatabase();
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
const settings = { fees: { percent: 5, fixedCents: 30 }, publicUrl: "http://stoop.test" };
const db = () => database.db;
const SECRET = "a-handover-secret-of-at-least-32-characters";
const ZONE = "UTC";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  stripe = await startStripeStandIn(() => database.db);
});
afterAll(async () => {
  await stripe.close();
});

const paidPickup = () => paidPickupOrder(db(), stripe.stripe, settings);

/** A window `days` from now at a whole hour, `hours` long. */
function windowIn(days: number, hours = 1) {
  const start = new Date(Date.now() + days * DAY);
  start.setUTCMinutes(0, 0, 0);
  return { startsAt: start, endsAt: new Date(start.getTime() + hours * HOUR) };
}

const notificationsOf = (userId: string) =>
  db()
    .selectFrom("notifications")
    .select(["kind", "title"])
    .where("userId", "=", userId)
    .where("kind", "=", "pickup_time")
    .orderBy("createdAt")
    .execute();

const reminderJobs = () =>
  db()
    .selectFrom("pgboss.job" as never)
    .select(["data" as never, "start_after as startAfter" as never, "singleton_key as singletonKey" as never])
    .where("name" as never, "=", QUEUES.pickupReminder as never)
    .execute() as unknown as Promise<
    { data: { windowId: string; kind: string }; startAfter: Date; singletonKey: string }[]
  >;

const deps = () =>
  ({
    db: db(),
    logger: createLogger("silent"),
    stripe: () => stripe.stripe,
    email: {} as JobDeps["email"],
    pickupTimeZone: ZONE,
  }) satisfies JobDeps;

const runReminder = (windowId: string, kind: string) => JOB_HANDLERS[QUEUES.pickupReminder]({ windowId, kind }, deps());

describe("arranging the pickup time", () => {
  it("the seller proposes up to three windows, the buyer picks one, both are told, the rest are withdrawn", async () => {
    const { order, buyer, seller } = await paidPickup();
    const windows = [windowIn(2), windowIn(3, 2), windowIn(4)];
    const ids = await proposePickupWindows(db(), { orderId: order.id, userId: seller.id, windows, timeZone: ZONE });
    expect(ids).toHaveLength(3);
    expect((await notificationsOf(buyer.id)).map((row) => row.title)).toEqual([
      expect.stringMatching(/^Pickup times proposed for /),
    ]);

    const buyerPanel = await pickupPanelFor(db(), { orderId: order.id, userId: buyer.id, timeZone: ZONE });
    expect(buyerPanel).toMatchObject({ role: "buyer", agreed: null, proposal: { mine: false } });
    expect(buyerPanel!.proposal!.windows).toHaveLength(3);
    const sellerPanel = await pickupPanelFor(db(), { orderId: order.id, userId: seller.id, timeZone: ZONE });
    expect(sellerPanel).toMatchObject({ role: "seller", proposal: { mine: true } });

    // The proposer can't pick their own window.
    await expect(
      pickPickupWindow(db(), { orderId: order.id, userId: seller.id, windowId: ids[1]!, timeZone: ZONE }),
    ).rejects.toBeInstanceOf(Forbidden);
    const picked = await pickPickupWindow(db(), {
      orderId: order.id,
      userId: buyer.id,
      windowId: ids[1]!,
      timeZone: ZONE,
    });
    expect(picked.windowId).toBe(ids[1]);
    const rows = await db()
      .selectFrom("pickupWindows")
      .select(["id", "status"])
      .where("orderId", "=", order.id)
      .execute();
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [ids[0]!]: "withdrawn",
      [ids[1]!]: "agreed",
      [ids[2]!]: "withdrawn",
    });
    for (const userId of [buyer.id, seller.id])
      expect((await notificationsOf(userId)).at(-1)?.title).toMatch(/^Pickup time agreed for /);
    // Both pages show the agreed time.
    for (const userId of [buyer.id, seller.id])
      expect((await pickupPanelFor(db(), { orderId: order.id, userId, timeZone: ZONE }))?.agreed?.id).toBe(ids[1]);
    // A withdrawn window can't be picked any more.
    await expect(
      pickPickupWindow(db(), { orderId: order.id, userId: buyer.id, windowId: ids[0]!, timeZone: ZONE }),
    ).rejects.toBeInstanceOf(InvalidTransition);
  });

  it("either side can propose again, which replaces the open proposal and the agreed time", async () => {
    const { order, buyer, seller } = await paidPickup();
    const [first] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: seller.id,
      windows: [windowIn(2)],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), { orderId: order.id, userId: buyer.id, windowId: first!, timeZone: ZONE });
    const [second, third] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: buyer.id,
      windows: [windowIn(5), windowIn(6)],
      timeZone: ZONE,
    });
    const panel = await pickupPanelFor(db(), { orderId: order.id, userId: seller.id, timeZone: ZONE });
    expect(panel).toMatchObject({ agreed: null, proposal: { mine: false } });
    expect(panel!.proposal!.windows.map((window) => window.id)).toEqual([second, third]);
    await pickPickupWindow(db(), { orderId: order.id, userId: seller.id, windowId: third!, timeZone: ZONE });
    expect((await pickupPanelFor(db(), { orderId: order.id, userId: buyer.id, timeZone: ZONE }))?.agreed?.id).toBe(
      third,
    );
    // The seller proposing replaces the buyer's open windows.
    await proposePickupWindows(db(), { orderId: order.id, userId: seller.id, windows: [windowIn(7)], timeZone: ZONE });
    const open = await db()
      .selectFrom("pickupWindows")
      .select("id")
      .where("orderId", "=", order.id)
      .where("status", "in", ["proposed", "agreed"])
      .execute();
    expect(open).toHaveLength(1);
  });

  it("is only for the two parties, and the buyer can ask the seller for times (once a day)", async () => {
    const { order, buyer, seller } = await paidPickup();
    const stranger = await createUser(db());
    await expect(
      proposePickupWindows(db(), { orderId: order.id, userId: stranger.id, windows: [windowIn(2)], timeZone: ZONE }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(await pickupPanelFor(db(), { orderId: order.id, userId: stranger.id, timeZone: ZONE })).toBeNull();
    const [id] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: seller.id,
      windows: [windowIn(2)],
      timeZone: ZONE,
    });
    await expect(
      pickPickupWindow(db(), { orderId: order.id, userId: stranger.id, windowId: id!, timeZone: ZONE }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(askForPickupTimes(db(), { orderId: order.id, userId: seller.id })).rejects.toBeInstanceOf(Forbidden);
    await askForPickupTimes(db(), { orderId: order.id, userId: buyer.id });
    await askForPickupTimes(db(), { orderId: order.id, userId: buyer.id });
    const asks = (await notificationsOf(seller.id)).filter((row) => row.title.includes("asks for pickup times"));
    expect(asks).toHaveLength(1);
  });

  it("refuses windows in the past, ending before they start, or that don't exist, with field errors", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const schema = pickupWindowsSchema({ timeZone: ZONE, now });
    const parse = (fields: Record<string, string>) => parseForm(schema, new URLSearchParams(fields));
    const ok = parse({
      date1: "2026-12-03",
      start1: "10:00",
      end1: "11:00",
      date3: "2026-12-04",
      start3: "09:30",
      end3: "10:00",
    });
    expect(ok.ok && ok.data.map((window) => window.startsAt.toISOString())).toEqual([
      "2026-12-03T10:00:00.000Z",
      "2026-12-04T09:30:00.000Z",
    ]);
    const bad = parse({
      date1: "2026-11-30",
      start1: "10:00",
      end1: "11:00",
      date2: "2026-12-03",
      start2: "11:00",
      end2: "10:00",
      date3: "2026-02-30",
      start3: "10:00",
      end3: "11:00",
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.fieldErrors.start1).toEqual(["Choose a time in the future"]);
    expect(bad.fieldErrors.end2).toEqual(["The end must be after the start"]);
    expect(bad.fieldErrors.date3).toEqual(["That date or start time doesn't exist"]);
    // What was typed comes back.
    expect(bad.values.date2).toBe("2026-12-03");
    const empty = parse({});
    expect(!empty.ok && empty.fieldErrors.date1).toEqual(["Propose at least one time window"]);
    const partial = parse({ date1: "2026-12-03", start1: "nonsense" });
    expect(!partial.ok && partial.fieldErrors.start1).toEqual(["Enter a start time"]);
    expect(!partial.ok && partial.fieldErrors.end1).toEqual(["Enter an end time"]);
    const far = parse({ date1: "2027-06-01", start1: "10:00", end1: "11:00" });
    expect(!far.ok && far.fieldErrors.date1).toEqual(["Choose a date at most 90 days ahead"]);
    // The module refuses more than three windows or a past one even without the form.
  });

  it("refuses more than three windows, and past ones, in the module too", async () => {
    const { order, seller } = await paidPickup();
    await expect(
      proposePickupWindows(db(), {
        orderId: order.id,
        userId: seller.id,
        windows: [windowIn(1), windowIn(2), windowIn(3), windowIn(4)],
        timeZone: ZONE,
      }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    await expect(
      proposePickupWindows(db(), { orderId: order.id, userId: seller.id, windows: [windowIn(-1)], timeZone: ZONE }),
    ).rejects.toBeInstanceOf(InvalidTransition);
  });
});

describe("pickup reminders", () => {
  it("queues a day-before and an hour-before reminder per agreed window, and sends each once to both sides", async () => {
    const { order, buyer, seller } = await paidPickup();
    const window = windowIn(3);
    const [id] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: seller.id,
      windows: [window],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), { orderId: order.id, userId: buyer.id, windowId: id!, timeZone: ZONE });
    const jobs = (await reminderJobs()).filter((job) => job.data.windowId === id);
    expect(jobs.map((job) => [job.data.kind, job.singletonKey, new Date(job.startAfter).getTime()]).sort()).toEqual([
      ["day", `${id}:day`, window.startsAt.getTime() - DAY],
      ["hour", `${id}:hour`, window.startsAt.getTime() - HOUR],
    ]);

    expect(await runReminder(id!, "day")).toEqual({ outcome: "sent" });
    // A rerun (a retry after a crash, or a duplicate job) sends nothing.
    expect(await runReminder(id!, "day")).toEqual({ outcome: "already-sent" });
    expect(await runReminder(id!, "hour")).toEqual({ outcome: "sent" });
    expect(await runReminder(id!, "hour")).toEqual({ outcome: "already-sent" });
    for (const userId of [buyer.id, seller.id]) {
      const titles = (await notificationsOf(userId)).map((row) => row.title);
      expect(titles.filter((title) => title.startsWith("Pickup tomorrow"))).toHaveLength(1);
      expect(titles.filter((title) => title.startsWith("Pickup in an hour"))).toHaveLength(1);
    }
    // Emails too, once each (per-kind settings default to in-app + email).
    const emails = await db()
      .selectFrom("emailOutbox")
      .select("subject")
      .where("userId", "in", [buyer.id, seller.id])
      .where("subject", "like", "Pickup tomorrow%")
      .execute();
    expect(emails).toHaveLength(2);
  });

  it("sends nothing for a withdrawn window after a re-proposal, and only the new window's reminders", async () => {
    const { order, buyer, seller } = await paidPickup();
    const [old] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: seller.id,
      windows: [windowIn(3)],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), { orderId: order.id, userId: buyer.id, windowId: old!, timeZone: ZONE });
    const [fresh] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: seller.id,
      windows: [windowIn(4)],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), { orderId: order.id, userId: buyer.id, windowId: fresh!, timeZone: ZONE });
    expect(await runReminder(old!, "day")).toEqual({ outcome: "not-agreed" });
    expect(await runReminder(fresh!, "day")).toEqual({ outcome: "sent" });
    const titles = (await notificationsOf(buyer.id)).map((row) => row.title);
    expect(titles.filter((title) => title.startsWith("Pickup tomorrow"))).toHaveLength(1);
  });

  it("a window agreed less than a day ahead gets only the hour reminder", async () => {
    const { order, buyer, seller } = await paidPickup();
    const start = new Date(Date.now() + 5 * HOUR);
    const [id] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: seller.id,
      windows: [{ startsAt: start, endsAt: new Date(start.getTime() + HOUR) }],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), { orderId: order.id, userId: buyer.id, windowId: id!, timeZone: ZONE });
    const kinds = (await reminderJobs()).filter((job) => job.data.windowId === id).map((job) => job.data.kind);
    expect(kinds).toEqual(["hour"]);
  });

  it("sends no reminders once the order is cancelled or the item handed over", async () => {
    const cancelled = await paidPickup();
    const [a] = await proposePickupWindows(db(), {
      orderId: cancelled.order.id,
      userId: cancelled.seller.id,
      windows: [windowIn(3)],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), {
      orderId: cancelled.order.id,
      userId: cancelled.buyer.id,
      windowId: a!,
      timeZone: ZONE,
    });
    await cancelOrder(db(), stripe.stripe, cancelled.order.id, { userId: cancelled.buyer.id });
    expect(await runReminder(a!, "day")).toEqual({ outcome: "order-closed" });
    expect(await runReminder(a!, "hour")).toEqual({ outcome: "order-closed" });
    expect((await notificationsOf(cancelled.buyer.id)).some((row) => row.title.startsWith("Pickup tomorrow"))).toBe(
      false,
    );
    // Nothing more to arrange on a cancelled order.
    expect(
      await pickupPanelFor(db(), { orderId: cancelled.order.id, userId: cancelled.buyer.id, timeZone: ZONE }),
    ).toBeNull();
    await expect(
      proposePickupWindows(db(), {
        orderId: cancelled.order.id,
        userId: cancelled.seller.id,
        windows: [windowIn(3)],
        timeZone: ZONE,
      }),
    ).rejects.toBeInstanceOf(InvalidTransition);

    const handed = await paidPickup();
    const [b] = await proposePickupWindows(db(), {
      orderId: handed.order.id,
      userId: handed.seller.id,
      windows: [windowIn(3)],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), { orderId: handed.order.id, userId: handed.buyer.id, windowId: b!, timeZone: ZONE });
    await handoverForBuyer(db(), {
      orderId: handed.order.id,
      buyerId: handed.buyer.id,
      secret: SECRET,
      publicUrl: settings.publicUrl,
    });
    const result = await handOver(db(), {
      orderId: handed.order.id,
      sellerId: handed.seller.id,
      code: handoverCode(SECRET, handed.order.id),
      secret: SECRET,
    });
    expect(result.ok).toBe(true);
    expect(await runReminder(b!, "day")).toEqual({ outcome: "order-closed" });
  });
});

describe("the pickup routes", () => {
  const contextFor = (user: { id: string; email: string; displayName: string }) =>
    ({
      db: db(),
      config: loadConfig({ NODE_ENV: "test", PUBLIC_URL: settings.publicUrl, HANDOVER_SECRET: SECRET }),
      auth: {
        user: { ...user, role: "member", emailVerified: true, twoFactorEnabled: false, suspension: null },
        token: "token",
      },
      payments: { stripe: stripe.stripe },
    }) as unknown as AppLoadContext;

  it("downloads the agreed window as text/calendar for the two parties only", async () => {
    const { order, buyer, seller } = await paidPickup();
    const stranger = await createUser(db());
    const getIcs = (user: Parameters<typeof contextFor>[0]) =>
      calendarRoute.loader({
        request: new Request(`http://stoop.test/orders/${order.id}/pickup.ics`),
        params: { id: order.id },
        context: contextFor(user),
      } as never);
    // Nothing agreed yet: nothing to download.
    await expect(getIcs(buyer)).rejects.toMatchObject({ status: 404 });
    const window = windowIn(2);
    const [id] = await proposePickupWindows(db(), {
      orderId: order.id,
      userId: seller.id,
      windows: [window],
      timeZone: ZONE,
    });
    await pickPickupWindow(db(), { orderId: order.id, userId: buyer.id, windowId: id!, timeZone: ZONE });
    for (const user of [buyer, seller]) {
      const response = await getIcs(user);
      expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
      expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="stoop-pickup-/);
      const body = await response.text();
      expect(body).toContain("BEGIN:VEVENT\r\n");
      expect(body).toContain(`DTSTART:${window.startsAt.toISOString().replace(/[-:]/g, "").replace(".000", "")}\r\n`);
      expect(body).toContain(`UID:pickup-${id}@stoop.test\r\n`);
    }
    await expect(getIcs(stranger)).rejects.toMatchObject({ status: 404 });
  });

  it("shows the form again with field errors and what was typed, and proposes through the route", async () => {
    const { order, buyer, seller } = await paidPickup();
    const post = (user: Parameters<typeof contextFor>[0], fields: Record<string, string>) =>
      pickupRoute.action({
        request: new Request(`http://stoop.test/orders/${order.id}/pickup`, {
          method: "POST",
          body: new URLSearchParams(fields),
        }),
        params: { id: order.id },
        context: contextFor(user),
      } as never) as Promise<Response>;
    const bad = await post(seller, { intent: "propose", date1: "2020-01-01", start1: "10:00", end1: "09:00" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      ok: false,
      fieldErrors: { start1: ["Choose a time in the future"] },
      values: { date1: "2020-01-01" },
    });
    const date = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    const good = await post(seller, { intent: "propose", date1: date, start1: "10:00", end1: "11:00" });
    expect(good.status).toBe(302);
    expect(good.headers.get("Location")).toBe(`/orders/${order.id}`);
    const panel = await pickupPanelFor(db(), { orderId: order.id, userId: buyer.id, timeZone: ZONE });
    const windowId = panel!.proposal!.windows[0]!.id;
    const stranger = await createUser(db());
    expect((await post(stranger, { intent: "pick", windowId })).status).toBe(404);
    expect((await post(buyer, { intent: "pick", windowId })).status).toBe(302);
    expect((await pickupPanelFor(db(), { orderId: order.id, userId: seller.id, timeZone: ZONE }))?.agreed?.id).toBe(
      windowId,
    );
  });

  it("opens the same conversation about the listing from the seller's side (Message the buyer) and the buyer's", async () => {
    const { order, buyer, seller } = await paidPickup();
    const message = (user: Parameters<typeof contextFor>[0]) =>
      orderRoute.action({
        request: new Request(`http://stoop.test/orders/${order.id}`, {
          method: "POST",
          body: new URLSearchParams({ intent: "message" }),
        }),
        params: { id: order.id },
        context: contextFor(user),
      } as never) as Promise<Response>;
    const fromSeller = await message(seller);
    expect(fromSeller.status).toBe(302);
    const fromBuyer = await message(buyer);
    expect(fromBuyer.headers.get("Location")).toBe(fromSeller.headers.get("Location"));
    const participants = await db()
      .selectFrom("conversationParticipants")
      .select(["userId", "role"])
      .where("conversationId", "=", fromSeller.headers.get("Location")!.split("/").pop()!)
      .orderBy("role")
      .execute();
    expect(participants).toEqual([
      { userId: buyer.id, role: "buyer" },
      { userId: seller.id, role: "seller" },
    ]);
  });
});
