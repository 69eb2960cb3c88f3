import { z } from "zod";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Forbidden, InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { enqueueJob, QUEUES } from "~/modules/jobs/queue.server";
import { notify } from "~/modules/notifications/notify.server";
import { formatWindow, pickupIcs, zonedTimeToUtc } from "./pickup-calendar";

/**
 * Arranging a pickup's time (issue #15): one side proposes up to three windows, the other picks
 * one; proposing again withdraws what was open (and an agreed window). Both sides are told, and
 * reminded the day before and an hour before the agreed window. Each reminder is a job keyed by
 * window and reminder, and is recorded on the window under its row lock, so a rerun, a second
 * job or a re-proposal never sends one twice; a withdrawn window, a cancelled order or one whose
 * item changed hands gets none.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export const MAX_PICKUP_WINDOWS = 3;
/** How far ahead a window may be proposed. */
export const MAX_DAYS_AHEAD = 90;
const OPEN_STATUSES = ["paid", "ready_for_pickup"];

export const REMINDERS = {
  day: { beforeMs: 24 * 60 * 60 * 1000, column: "dayReminderSentAt", words: "tomorrow" },
  hour: { beforeMs: 60 * 60 * 1000, column: "hourReminderSentAt", words: "in an hour" },
} as const;
export type ReminderKind = keyof typeof REMINDERS;

export interface PickupWindowInput {
  startsAt: Date;
  endsAt: Date;
}

const dateField = z.string().trim().max(20, "Enter a date").optional().default("");
const timeField = z.string().trim().max(20, "Enter a time as HH:MM").optional().default("");

/**
 * The proposal form: rows date1/start1/end1 … date3/start3/end3 in the pickup time zone. Blank
 * rows are ignored; every filled row must be a real date and times, in the future, end after start.
 */
export function pickupWindowsSchema(options: { timeZone: string; now: Date }) {
  const shape: Record<string, typeof dateField> = {};
  for (let n = 1; n <= MAX_PICKUP_WINDOWS; n += 1) {
    shape[`date${n}`] = dateField;
    shape[`start${n}`] = timeField;
    shape[`end${n}`] = timeField;
  }
  return z.object(shape).transform((form, ctx) => {
    const windows: PickupWindowInput[] = [];
    const latest = options.now.getTime() + MAX_DAYS_AHEAD * 24 * 60 * 60 * 1000;
    for (let n = 1; n <= MAX_PICKUP_WINDOWS; n += 1) {
      const [date, start, end] = [form[`date${n}`] ?? "", form[`start${n}`] ?? "", form[`end${n}`] ?? ""];
      if (!date && !start && !end) continue;
      const issue = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        issue(`date${n}`, "Enter a date");
        continue;
      }
      if (!/^\d{2}:\d{2}$/.test(start)) issue(`start${n}`, "Enter a start time");
      if (!/^\d{2}:\d{2}$/.test(end)) issue(`end${n}`, "Enter an end time");
      if (!/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(end)) continue;
      const startsAt = zonedTimeToUtc(date, start, options.timeZone);
      const endsAt = zonedTimeToUtc(date, end, options.timeZone);
      if (!startsAt) {
        issue(`date${n}`, "That date or start time doesn't exist");
        continue;
      }
      if (!endsAt) {
        issue(`end${n}`, "That end time doesn't exist on that date");
        continue;
      }
      if (startsAt.getTime() <= options.now.getTime()) {
        issue(`start${n}`, "Choose a time in the future");
        continue;
      }
      if (startsAt.getTime() > latest) {
        issue(`date${n}`, `Choose a date at most ${MAX_DAYS_AHEAD} days ahead`);
        continue;
      }
      if (endsAt.getTime() <= startsAt.getTime()) {
        issue(`end${n}`, "The end must be after the start");
        continue;
      }
      windows.push({ startsAt, endsAt });
    }
    if (windows.length === 0 && ctx.issues.length === 0)
      ctx.addIssue({ code: "custom", path: ["date1"], message: "Propose at least one time window" });
    return windows;
  });
}

interface PartyOrder {
  id: string;
  buyerId: string;
  sellerId: string;
  listingTitle: string;
  role: "buyer" | "seller";
  otherId: string;
}

/** Locks the order and checks that `userId` is a party and that a pickup time can still be arranged. */
async function lockArrangeableOrder(trx: Trx, orderId: string, userId: string): Promise<PartyOrder> {
  const order = await trx
    .selectFrom("orders")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .select([
      "orders.id",
      "orders.buyerId",
      "orders.sellerId",
      "orders.status",
      "orders.delivery",
      "listings.title as listingTitle",
    ])
    .where("orders.id", "=", orderId)
    .forUpdate("orders")
    .executeTakeFirst();
  if (!order || (order.buyerId !== userId && order.sellerId !== userId))
    throw new NotFound("That order doesn't exist.");
  if (order.delivery !== "pickup") throw new InvalidTransition("Only pickup orders have a pickup time.");
  if (!OPEN_STATUSES.includes(order.status) || (await handedOver(trx, orderId)))
    throw new InvalidTransition("The pickup time can't be changed any more.");
  const role = order.buyerId === userId ? "buyer" : "seller";
  // A pickup order is an item order: it has a seller.
  return { ...order, sellerId: order.sellerId!, role, otherId: role === "buyer" ? order.sellerId! : order.buyerId };
}

async function handedOver(db: Db | Trx, orderId: string): Promise<boolean> {
  const row = await db
    .selectFrom("orderHandovers")
    .select("handedOverAt")
    .where("orderId", "=", orderId)
    .executeTakeFirst();
  return Boolean(row?.handedOverAt);
}

const orderUrl = (orderId: string) => `/orders/${orderId}`;

/** One side proposes up to three windows; anything open (or agreed) before is withdrawn. */
export async function proposePickupWindows(
  db: Db,
  options: { orderId: string; userId: string; windows: PickupWindowInput[]; timeZone: string; now?: Date },
): Promise<string[]> {
  const now = options.now ?? new Date();
  if (options.windows.length === 0 || options.windows.length > MAX_PICKUP_WINDOWS)
    throw new InvalidTransition(`Propose one to ${MAX_PICKUP_WINDOWS} time windows.`);
  for (const window of options.windows)
    if (window.startsAt <= now || window.endsAt <= window.startsAt)
      throw new InvalidTransition("Each window must be in the future and end after it starts.");
  return transaction(db, async (trx) => {
    const order = await lockArrangeableOrder(trx, options.orderId, options.userId);
    await trx
      .updateTable("pickupWindows")
      .set({ status: "withdrawn" })
      .where("orderId", "=", order.id)
      .where("status", "in", ["proposed", "agreed"])
      .execute();
    const rows = options.windows.map((window) => ({
      id: newId(),
      orderId: order.id,
      proposedBy: options.userId,
      startsAt: window.startsAt,
      endsAt: window.endsAt,
    }));
    await trx.insertInto("pickupWindows").values(rows).execute();
    const list = rows.map((row) => formatWindow(row.startsAt, row.endsAt, options.timeZone)).join("; ");
    await notify(trx, order.otherId, "pickup_time", {
      title: `Pickup times proposed for ${order.listingTitle}`,
      body: `The ${order.role} proposed: ${list}. Pick one on the order page.`,
      url: orderUrl(order.id),
    });
    return rows.map((row) => row.id);
  });
}

/** The other side picks one of the open windows: it becomes the agreed time and its reminders are queued. */
export async function pickPickupWindow(
  db: Db,
  options: { orderId: string; userId: string; windowId: string; timeZone: string; now?: Date },
) {
  const now = options.now ?? new Date();
  return transaction(db, async (trx) => {
    const order = await lockArrangeableOrder(trx, options.orderId, options.userId);
    const window = await trx
      .selectFrom("pickupWindows")
      .selectAll()
      .where("id", "=", options.windowId)
      .where("orderId", "=", order.id)
      .executeTakeFirst();
    if (!window || window.status !== "proposed")
      throw new InvalidTransition("That time is no longer on offer; see the current proposal.");
    if (window.proposedBy === options.userId)
      throw new Forbidden(`You proposed this time; the ${order.role === "buyer" ? "seller" : "buyer"} picks one.`);
    if (window.startsAt <= now) throw new InvalidTransition("That time has passed; propose new times.");
    await trx
      .updateTable("pickupWindows")
      .set({ status: "withdrawn" })
      .where("orderId", "=", order.id)
      .where("status", "=", "proposed")
      .where("id", "!=", window.id)
      .execute();
    await trx.updateTable("pickupWindows").set({ status: "agreed" }).where("id", "=", window.id).execute();
    const label = formatWindow(window.startsAt, window.endsAt, options.timeZone);
    for (const userId of [order.buyerId, order.sellerId!])
      await notify(
        trx,
        userId,
        "pickup_time",
        {
          title: `Pickup time agreed for ${order.listingTitle}`,
          body: `The pickup is ${label}. Add it to your calendar from the order page.`,
          url: orderUrl(order.id),
        },
        { dedupeKey: `pickup-agreed:${window.id}:${userId}` },
      );
    for (const kind of Object.keys(REMINDERS) as ReminderKind[]) {
      const startAfter = new Date(window.startsAt.getTime() - REMINDERS[kind].beforeMs);
      // A window agreed less than a day (an hour) ahead gets no day (hour) reminder.
      if (startAfter <= now) continue;
      await enqueueJob(
        trx,
        QUEUES.pickupReminder,
        { windowId: window.id, kind },
        { startAfter, singletonKey: `${window.id}:${kind}` },
      );
    }
    return { windowId: window.id, label };
  });
}

/** The buyer asks the seller to propose times (at most one notice per order and day). */
export async function askForPickupTimes(db: Db, options: { orderId: string; userId: string; now?: Date }) {
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  await transaction(db, async (trx) => {
    const order = await lockArrangeableOrder(trx, options.orderId, options.userId);
    if (order.role !== "buyer") throw new Forbidden("Only the buyer asks for pickup times.");
    await notify(
      trx,
      order.sellerId,
      "pickup_time",
      {
        title: `The buyer of ${order.listingTitle} asks for pickup times`,
        body: "Propose up to three time windows on the order page; the buyer picks one.",
        url: orderUrl(order.id),
      },
      { dedupeKey: `pickup-ask:${order.id}:${day}` },
    );
  });
}

export type ReminderOutcome = "sent" | "already-sent" | "not-agreed" | "order-closed";

/**
 * The reminder job: under the window's lock, sends the day-before or hour-before reminder to both
 * sides once, only while the window is the agreed one and the item has not changed hands.
 */
export async function sendPickupReminder(
  db: Db,
  options: { windowId: string; kind: ReminderKind; timeZone: string },
): Promise<ReminderOutcome> {
  const reminder = REMINDERS[options.kind];
  return transaction(db, async (trx) => {
    const window = await trx
      .selectFrom("pickupWindows")
      .selectAll()
      .where("id", "=", options.windowId)
      .forUpdate()
      .executeTakeFirst();
    if (!window || window.status !== "agreed") return "not-agreed";
    if (window[reminder.column]) return "already-sent";
    const order = await trx
      .selectFrom("orders")
      .innerJoin("listings", "listings.id", "orders.listingId")
      .select(["orders.id", "orders.status", "orders.buyerId", "orders.sellerId", "listings.title"])
      .where("orders.id", "=", window.orderId)
      .executeTakeFirstOrThrow();
    if (!OPEN_STATUSES.includes(order.status) || (await handedOver(trx, order.id))) return "order-closed";
    const label = formatWindow(window.startsAt, window.endsAt, options.timeZone);
    for (const userId of [order.buyerId, order.sellerId!])
      await notify(
        trx,
        userId,
        "pickup_time",
        {
          title: `Pickup ${reminder.words}: ${order.title}`,
          body: `The pickup is ${label}. The buyer shows the handover code from the order page.`,
          url: orderUrl(order.id),
        },
        { dedupeKey: `pickup-reminder:${window.id}:${options.kind}:${userId}` },
      );
    await trx
      .updateTable("pickupWindows")
      .set({ [reminder.column]: new Date() })
      .where("id", "=", window.id)
      .execute();
    return "sent";
  });
}

export interface PickupPanel {
  orderId: string;
  role: "buyer" | "seller";
  timeZone: string;
  agreed: { id: string; label: string; startsAt: string; endsAt: string } | null;
  /** The open proposal, and whether this member may pick from it (it is the other side's). */
  proposal: { mine: boolean; windows: { id: string; label: string }[] } | null;
}

/** The order page's Pickup panel: only the two parties of a paid pickup order before the handover. */
export async function pickupPanelFor(
  db: Db,
  options: { orderId: string; userId: string; timeZone: string },
): Promise<PickupPanel | null> {
  const order = await db
    .selectFrom("orders")
    .select(["id", "buyerId", "sellerId", "status", "delivery"])
    .where("id", "=", options.orderId)
    .executeTakeFirst();
  if (!order || (order.buyerId !== options.userId && order.sellerId !== options.userId)) return null;
  if (order.delivery !== "pickup" || !OPEN_STATUSES.includes(order.status) || (await handedOver(db, order.id)))
    return null;
  const rows = await db
    .selectFrom("pickupWindows")
    .selectAll()
    .where("orderId", "=", order.id)
    .where("status", "in", ["proposed", "agreed"])
    .orderBy("startsAt")
    .execute();
  const agreed = rows.find((row) => row.status === "agreed");
  const proposed = rows.filter((row) => row.status === "proposed");
  return {
    orderId: order.id,
    role: order.buyerId === options.userId ? "buyer" : "seller",
    timeZone: options.timeZone,
    agreed: agreed
      ? {
          id: agreed.id,
          label: formatWindow(agreed.startsAt, agreed.endsAt, options.timeZone),
          startsAt: agreed.startsAt.toISOString(),
          endsAt: agreed.endsAt.toISOString(),
        }
      : null,
    proposal: proposed.length
      ? {
          mine: proposed[0]!.proposedBy === options.userId,
          windows: proposed.map((row) => ({
            id: row.id,
            label: formatWindow(row.startsAt, row.endsAt, options.timeZone),
          })),
        }
      : null,
  };
}

/** The agreed window as an .ics file, for the two parties only. */
export async function agreedPickupCalendar(
  db: Db,
  options: { orderId: string; userId: string; publicUrl: string; now?: Date },
): Promise<string> {
  const row = await db
    .selectFrom("pickupWindows")
    .innerJoin("orders", "orders.id", "pickupWindows.orderId")
    .innerJoin("listings", "listings.id", "orders.listingId")
    .innerJoin("users as buyer", "buyer.id", "orders.buyerId")
    .innerJoin("users as seller", "seller.id", "orders.sellerId")
    .select([
      "pickupWindows.id",
      "pickupWindows.startsAt",
      "pickupWindows.endsAt",
      "orders.id as orderId",
      "orders.buyerId",
      "orders.sellerId",
      "listings.title",
      "buyer.displayName as buyerName",
      "seller.displayName as sellerName",
    ])
    .where("pickupWindows.orderId", "=", options.orderId)
    .where("pickupWindows.status", "=", "agreed")
    .executeTakeFirst();
  if (!row || (row.buyerId !== options.userId && row.sellerId !== options.userId))
    throw new NotFound("No pickup time is agreed for that order.");
  const url = `${options.publicUrl}${orderUrl(row.orderId)}`;
  const other = row.buyerId === options.userId ? `the seller, ${row.sellerName}` : `the buyer, ${row.buyerName}`;
  return pickupIcs({
    uid: `pickup-${row.id}@${new URL(options.publicUrl).hostname}`,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    summary: `Stoop pickup: ${row.title}`,
    description: `Pickup of "${row.title}" with ${other}. Order: ${url}`,
    url,
    now: options.now ?? new Date(),
  });
}
