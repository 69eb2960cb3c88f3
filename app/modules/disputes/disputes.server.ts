import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import type { DisputeAuthorRole } from "~db/schema-disputes";
import { transaction } from "~db/transaction";
import { Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { recordAudit } from "~/modules/admin/audit-log.server";
import {
  deleteStoredPhotos,
  storePhotos,
  type PhotoStorage,
  type PreparedPhoto,
} from "~/modules/listings/photos.server";
import { notify } from "~/modules/notifications/notify.server";
import { transitionOrder } from "~/modules/orders/orders.server";
import { disputeOpened } from "./transitions.server";
import { REASON_LABELS } from "./schemas";
import { openDisputeSchema, postMessageSchema, type OpenDisputeInput } from "./schemas.server";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/** A buyer may dispute from payment until this many days after receiving the item. */
export const DISPUTE_WINDOW_DAYS = 3;
/** Admins aim to decide within this many hours of the case opening (the queue's SLA clock). */
export const DISPUTE_SLA_HOURS = 72;

const OPENABLE = ["paid", "shipped", "ready_for_pickup", "received", "completed"] as const;

export interface Person {
  id: string;
  displayName: string;
}

/** Can this buyer still open a dispute on this order (and if not, why)? Shared by the page and the module. */
export function disputeWindow(
  order: { status: string; receivedAt: Date | null },
  now = new Date(),
): { open: true; closesAt: Date | null } | { open: false; message: string } {
  if (!(OPENABLE as readonly string[]).includes(order.status)) {
    return {
      open: false,
      message:
        order.status === "disputed"
          ? "This order already has an open dispute."
          : "A dispute can be opened once the order is paid.",
    };
  }
  if (!order.receivedAt) return { open: true, closesAt: null };
  const closesAt = new Date(order.receivedAt.getTime() + DISPUTE_WINDOW_DAYS * 24 * 3600 * 1000);
  if (now > closesAt)
    return {
      open: false,
      message: `Disputes can be opened until ${DISPUTE_WINDOW_DAYS} days after the item was received; that time has passed.`,
    };
  return { open: true, closesAt };
}

async function savePhotos(storage: PhotoStorage | null, prefix: string, photos: PreparedPhoto[]) {
  if (!photos.length) return [];
  if (!storage) throw new Error("photo storage is required to attach photos");
  return storePhotos(storage, prefix, photos);
}

/**
 * The buyer opens a dispute: in one transaction the case and its first statement are stored and
 * the order moves to `disputed` through the state machine (which freezes it: no automatic receipt,
 * completion or transfer), the seller is notified and the opening is audited. Photos are written
 * first and deleted again if the transaction fails.
 */
export async function openDispute(
  db: Db,
  buyer: Person,
  orderId: string,
  input: OpenDisputeInput,
  options: { photos?: PreparedPhoto[]; storage?: PhotoStorage | null; now?: Date } = {},
): Promise<{ disputeId: string }> {
  const parsed = openDisputeSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const disputeId = newId();
  const stored = await savePhotos(options.storage ?? null, disputeId, options.photos ?? []);
  try {
    await transaction(db, async (trx) => {
      const order = await trx
        .selectFrom("orders")
        .select(["id", "status", "receivedAt", "buyerId", "sellerId", "listingId"])
        .where("id", "=", orderId)
        .where("buyerId", "=", buyer.id)
        .forUpdate()
        .executeTakeFirst();
      if (!order) throw new NotFound("That order doesn't exist.");
      const earlier = await trx
        .selectFrom("disputes")
        .select("status")
        .where("orderId", "=", orderId)
        .where((eb) => eb.or([eb("status", "!=", "resolved"), eb("source", "=", "buyer")]))
        .executeTakeFirst();
      if (earlier?.status === "resolved") throw new Conflict("This order's dispute was already decided.");
      if (earlier) throw new Conflict("This order already has an open dispute.");
      const window = disputeWindow(order, options.now);
      if (!window.open) throw new InvalidTransition(window.message);
      await trx
        .insertInto("disputes")
        .values({
          id: disputeId,
          orderId,
          source: "buyer",
          status: "open",
          reason: parsed.data.reason,
          openedBy: buyer.id,
          orderStatusBefore: order.status,
        })
        .execute();
      await disputeOpened(trx, disputeId, buyer.id);
      await transitionOrder(trx, { orderId, event: "dispute", actor: { userId: buyer.id } });
      await insertMessage(trx, disputeId, buyer.id, "buyer", parsed.data.statement, stored);
      await recordAudit(trx, {
        actor: buyer,
        action: "dispute.opened",
        subject: { type: "dispute", id: disputeId },
        reason: REASON_LABELS[parsed.data.reason],
        details: { orderId, orderStatusBefore: order.status, photos: stored.length },
      });
      const title = await listingTitle(trx, order.listingId, orderId);
      // A service-only order has no seller: its shop's staff hear of it below, as on any order.
      if (order.sellerId)
        await notify(
          trx,
          order.sellerId,
          "dispute_opened",
          {
            title: `Dispute opened: ${title}`,
            body: `The buyer opened a dispute (${REASON_LABELS[parsed.data.reason].toLowerCase()}). The order is on hold; add your side of the story and any photos.`,
            url: `/orders/${orderId}/dispute`,
          },
          { dedupeKey: `dispute:${disputeId}:opened:seller` },
        );
      for (const userId of await retailerStaffOnOrder(trx, orderId))
        await notify(
          trx,
          userId,
          "dispute_opened",
          {
            title: `Dispute opened: ${title}`,
            body: `The buyer opened a dispute on an order with your shop's service (${REASON_LABELS[parsed.data.reason].toLowerCase()}). Add your side and any photos.`,
            url: `/orders/${orderId}/dispute`,
          },
          { dedupeKey: `dispute:${disputeId}:opened:retailer:${userId}` },
        );
    });
  } catch (error) {
    if (stored.length && options.storage)
      await deleteStoredPhotos(
        options.storage,
        stored.map((photo) => photo.storageKey),
      );
    if (isUniqueViolation(error)) throw new Conflict("This order already has an open dispute.");
    throw error;
  }
  return { disputeId };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
}

function invalid(error: { issues: { path: PropertyKey[]; message: string }[] }): InvalidInput {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return new InvalidInput(error.issues[0]?.message ?? "Check the form.", fieldErrors);
}

async function insertMessage(
  trx: Trx,
  disputeId: string,
  authorId: string | null,
  authorRole: DisputeAuthorRole,
  body: string,
  photos: { id: string; storageKey: string; width: number; height: number }[],
): Promise<string> {
  const id = newId();
  await trx.insertInto("disputeMessages").values({ id, disputeId, authorId, authorRole, body }).execute();
  for (const photo of photos)
    await trx
      .insertInto("disputePhotos")
      .values({ id: photo.id, messageId: id, storageKey: photo.storageKey, width: photo.width, height: photo.height })
      .execute();
  return id;
}

/** The item's title, or for a service-only order (no listing) the title of its service. */
async function listingTitle(trx: Trx | Db, listingId: string | null, orderId?: string): Promise<string> {
  const row = listingId
    ? await trx.selectFrom("listings").select("title").where("id", "=", listingId).executeTakeFirst()
    : orderId
      ? await trx.selectFrom("orderServices").select("title").where("orderId", "=", orderId).executeTakeFirst()
      : undefined;
  return row?.title ?? "your order";
}

/** Staff of the shops with a service line on this order (each once). */
export async function retailerStaffOnOrder(trx: Trx | Db, orderId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom("orderServices")
    .innerJoin("retailerStaff", "retailerStaff.retailerId", "orderServices.retailerId")
    .select("retailerStaff.userId")
    .distinct()
    .where("orderServices.orderId", "=", orderId)
    .execute();
  return rows.map((row) => row.userId);
}

/** Who this person is on this dispute: a party (buyer, seller; retailers after the merge) or an admin. */
export async function roleOnDispute(
  trx: Trx | Db,
  dispute: { orderId: string },
  user: { id: string },
): Promise<"buyer" | "seller" | "retailer" | "admin" | null> {
  const order = await trx
    .selectFrom("orders")
    .select(["buyerId", "sellerId"])
    .where("id", "=", dispute.orderId)
    .executeTakeFirstOrThrow();
  if (order.buyerId === user.id) return "buyer";
  if (order.sellerId === user.id) return "seller";
  // Staff of a shop with a service line on the order are parties too.
  if ((await retailerStaffOnOrder(trx, dispute.orderId)).includes(user.id)) return "retailer";
  const row = await trx.selectFrom("users").select("role").where("id", "=", user.id).executeTakeFirst();
  return row?.role === "admin" ? "admin" : null;
}

/**
 * Adds a statement (and photos) to an open dispute's thread. Only the parties and admins may post;
 * an admin may not post on a dispute about their own order (they post as the party they are).
 */
export async function postDisputeMessage(
  db: Db,
  author: Person,
  disputeId: string,
  input: { statement: string },
  options: { photos?: PreparedPhoto[]; storage?: PhotoStorage | null } = {},
): Promise<void> {
  const parsed = postMessageSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const dispute = await db
    .selectFrom("disputes")
    .select(["id", "orderId", "status"])
    .where("id", "=", disputeId)
    .executeTakeFirst();
  if (!dispute) throw new NotFound("That dispute doesn't exist.");
  const role = await roleOnDispute(db, dispute, author);
  if (!role) throw new NotFound("That dispute doesn't exist.");
  if (dispute.status === "resolved") throw new InvalidTransition("This dispute is resolved; the thread is closed.");
  const stored = await savePhotos(options.storage ?? null, disputeId, options.photos ?? []);
  try {
    await transaction(db, async (trx) => {
      await insertMessage(trx, disputeId, author.id, role, parsed.data.statement, stored);
      await trx
        .updateTable("disputes")
        .set({ updatedAt: sql<Date>`now()` })
        .where("id", "=", disputeId)
        .execute();
      if (role === "admin")
        await recordAudit(trx, {
          actor: author,
          action: "dispute.commented",
          subject: { type: "dispute", id: disputeId },
          details: { photos: stored.length },
        });
      const order = await trx
        .selectFrom("orders")
        .select(["buyerId", "sellerId", "listingId"])
        .where("id", "=", dispute.orderId)
        .executeTakeFirstOrThrow();
      const title = await listingTitle(trx, order.listingId, dispute.orderId);
      const who =
        role === "admin"
          ? "A Stoop admin"
          : role === "buyer"
            ? "The buyer"
            : role === "retailer"
              ? "The shop"
              : "The seller";
      const parties = [order.buyerId, order.sellerId, ...(await retailerStaffOnOrder(trx, dispute.orderId))];
      for (const userId of [...new Set(parties)].filter((id): id is string => id !== null && id !== author.id))
        await notify(
          trx,
          userId,
          "dispute_updated",
          {
            title: `New in the dispute: ${title}`,
            body: `${who} added a statement${stored.length ? " with photos" : ""}.`,
            url: `/orders/${dispute.orderId}/dispute`,
          },
          { dedupeKey: `dispute:${disputeId}:message:${newId()}:${userId}` },
        );
    });
  } catch (error) {
    if (stored.length && options.storage)
      await deleteStoredPhotos(
        options.storage,
        stored.map((photo) => photo.storageKey),
      );
    throw error;
  }
}

export async function threadOf(db: Db, disputeId: string) {
  const messages = await db
    .selectFrom("disputeMessages")
    .leftJoin("users", "users.id", "disputeMessages.authorId")
    .select([
      "disputeMessages.id",
      "disputeMessages.authorRole",
      "disputeMessages.body",
      "disputeMessages.createdAt",
      "users.displayName as authorName",
    ])
    .where("disputeMessages.disputeId", "=", disputeId)
    .orderBy("disputeMessages.createdAt")
    .orderBy("disputeMessages.id")
    .execute();
  const photos = messages.length
    ? await db
        .selectFrom("disputePhotos")
        .select(["id", "messageId", "storageKey", "width", "height"])
        .where(
          "messageId",
          "in",
          messages.map((message) => message.id),
        )
        .execute()
    : [];
  return messages.map((message) => ({
    ...message,
    photos: photos.filter((photo) => photo.messageId === message.id),
  }));
}

/** The dispute page of an order for one of its parties: the latest case and its thread, or the form's window. */
export async function disputeForMember(db: Db, orderId: string, userId: string, now = new Date()) {
  const order = await db
    .selectFrom("orders")
    .leftJoin("listings", "listings.id", "orders.listingId")
    .leftJoin("wantedAnswers", "wantedAnswers.id", "orders.wantedAnswerId")
    .leftJoin("wantedRequests", "wantedRequests.id", "wantedAnswers.requestId")
    .select([
      "orders.id",
      "orders.status",
      "orders.receivedAt",
      "orders.buyerId",
      "orders.sellerId",
      "orders.refundedCents",
      sql<string>`coalesce(listings.title, wanted_requests.title, '')`.as("listingTitle"),
    ])
    .where("orders.id", "=", orderId)
    .executeTakeFirst();
  if (!order) throw new NotFound("That order doesn't exist.");
  const role =
    order.buyerId === userId
      ? ("buyer" as const)
      : order.sellerId === userId
        ? ("seller" as const)
        : (await retailerStaffOnOrder(db, orderId)).includes(userId)
          ? ("retailer" as const)
          : null;
  if (!role) throw new NotFound("That order doesn't exist.");
  const dispute = await db
    .selectFrom("disputes")
    .select(["id", "status", "reason", "source", "resolution", "resolvedAt", "createdAt", "stripeStatus"])
    .where("orderId", "=", orderId)
    .orderBy("createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  const window = disputeWindow(order, now);
  return {
    order: { id: order.id, status: order.status, listingTitle: order.listingTitle, refundedCents: order.refundedCents },
    role,
    dispute: dispute ?? null,
    thread: dispute ? await threadOf(db, dispute.id) : [],
    canOpen: role === "buyer" && !dispute && window.open,
    windowMessage: window.open ? null : window.message,
    windowClosesAt: window.open ? window.closesAt : null,
  };
}

/**
 * Dispute evidence photos go only to the dispute's parties and admins (null: not evidence).
 * `viewer.role` is "admin" only for an admin signed in with two-factor (accounts/admin-powers.ts).
 */
export async function evidencePhotoAudience(
  db: Db,
  storageKey: string,
  viewer: { userId: string; role: "member" | "admin" } | null,
): Promise<"private" | "hidden" | null> {
  const photo = await db
    .selectFrom("disputePhotos")
    .innerJoin("disputeMessages", "disputeMessages.id", "disputePhotos.messageId")
    .innerJoin("disputes", "disputes.id", "disputeMessages.disputeId")
    .innerJoin("orders", "orders.id", "disputes.orderId")
    .select(["disputes.orderId", "orders.buyerId", "orders.sellerId"])
    .where("disputePhotos.storageKey", "=", storageKey)
    .executeTakeFirst();
  if (!photo) return null;
  if (!viewer) return "hidden";
  if (viewer.role === "admin" || viewer.userId === photo.buyerId || viewer.userId === photo.sellerId) return "private";
  return (await retailerStaffOnOrder(db, photo.orderId)).includes(viewer.userId) ? "private" : "hidden";
}

/** Only admins decide disputes (read from the database, not from what the caller claims). */
export async function assertAdmin(trx: Trx | Db, userId: string): Promise<void> {
  const user = await trx
    .selectFrom("users")
    .select("role")
    .where("id", "=", userId)
    .where("deletedAt", "is", null)
    .executeTakeFirst();
  if (user?.role !== "admin") throw new Forbidden("Only admins can do this.");
}

/** Refuses an admin acting on a dispute about their own order (as buyer or seller). */
export async function assertNotOwnOrder(trx: Trx | Db, adminId: string, orderId: string): Promise<void> {
  const order = await trx
    .selectFrom("orders")
    .select(["buyerId", "sellerId"])
    .where("id", "=", orderId)
    .executeTakeFirstOrThrow();
  if (order.buyerId === adminId || order.sellerId === adminId)
    throw new Forbidden("This dispute is about your own order; another admin has to handle it.");
}

/** Assigns a case to an admin (the one acting, or another). Audited. */
export async function assignDispute(db: Db, admin: Person, disputeId: string, assigneeId: string): Promise<void> {
  await transaction(db, async (trx) => {
    const dispute = await trx
      .selectFrom("disputes")
      .select(["id", "orderId", "status", "assignedAdminId"])
      .where("id", "=", disputeId)
      .forUpdate()
      .executeTakeFirst();
    if (!dispute) throw new NotFound("That dispute doesn't exist.");
    await assertAdmin(trx, admin.id);
    await assertNotOwnOrder(trx, admin.id, dispute.orderId);
    if (dispute.status === "resolved") throw new InvalidTransition("This dispute is already resolved.");
    const assignee = await trx
      .selectFrom("users")
      .select(["id", "displayName"])
      .where("id", "=", assigneeId)
      .where("role", "=", "admin")
      .where("deletedAt", "is", null)
      .executeTakeFirst();
    if (!assignee) throw new InvalidInput("Choose an admin.", { assigneeId: ["Choose an admin"] });
    await assertNotOwnOrder(trx, assignee.id, dispute.orderId).catch(() => {
      throw new InvalidInput("That admin is a party to this order.", {
        assigneeId: ["That admin is a party to this order; choose another"],
      });
    });
    await trx
      .updateTable("disputes")
      .set({ assignedAdminId: assignee.id, updatedAt: sql<Date>`now()` })
      .where("id", "=", disputeId)
      .execute();
    await recordAudit(trx, {
      actor: admin,
      action: "dispute.assigned",
      subject: { type: "dispute", id: disputeId },
      details: { assigneeId: assignee.id, assigneeName: assignee.displayName, previous: dispute.assignedAdminId },
    });
  });
}

/** For the order page: is there a dispute, and may the buyer still open one? */
export async function disputeSummaryFor(db: Db, order: { id: string; status: string; receivedAt: Date | null }) {
  const dispute = await db
    .selectFrom("disputes")
    .select(["id", "status"])
    .where("orderId", "=", order.id)
    .orderBy("createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  return { status: dispute?.status ?? null, canOpen: !dispute && disputeWindow(order).open };
}
