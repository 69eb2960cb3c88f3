import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import QRCode from "qrcode";
import type { Database } from "~db/schema";
import type { HandoverMethod } from "~db/schema-orders";
import { transaction } from "~db/transaction";
import { InvalidTransition, NotFound } from "~/lib/errors";
import { assertRetailerStaff } from "~/modules/retailers/retailers.server";
import { receiveAndComplete, type Order } from "./orders.server";
import { moveServiceLine } from "./service-lines.server";

/**
 * The pickup handover code (ADR 032). The buyer's 6 digits and the QR link's token are HMACs of
 * the order id under a server key, so the buyer's page can show them again while the database
 * holds only HMACs of them (order_handovers). The seller entering the code (or opening the link
 * and confirming) records the handover, which is the buyer's receipt: the order becomes received
 * and completes through the same path as "I received the item". A handoff-point shop's collection
 * asks for the same code. Wrong tries are counted in the row, in the transaction that checks them;
 * after MAX_HANDOVER_ATTEMPTS the code is refused and the buyer confirms in the app instead.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type Executor = Db | Trx;

export const MAX_HANDOVER_ATTEMPTS = 5;

/** Statuses in which a pickup order's item has not changed hands yet. */
const OPEN_STATUSES = ["paid", "ready_for_pickup"] as const;

export type HandoverResult =
  | { ok: true; order: Order }
  | { ok: false; reason: "wrong"; triesLeft: number; message: string }
  | { ok: false; reason: "locked"; triesLeft: 0; message: string };

export const LOCKED_MESSAGE =
  'Too many wrong codes for this order. Ask the buyer to confirm receipt in the app ("I received the item").';

/** The configured secret, else a random key kept in the database (created once, on first use). */
export async function handoverKey(db: Executor, secret: string | null): Promise<string> {
  if (secret) return secret;
  // Beside the unsubscribe key (app_secrets, migrations 0002 and 0022): the same in every process.
  const existing = await db.selectFrom("appSecrets").select("value").where("name", "=", "handover").executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto("appSecrets")
    .values({ name: "handover", value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom("appSecrets")
    .select("value")
    .where("name", "=", "handover")
    .executeTakeFirstOrThrow();
  return row.value;
}

const mac = (key: string, message: string) => createHmac("sha256", key).update(message).digest();

/** The buyer's 6 digits for an order (uniform enough: 2^32 mod 10^6 skews by < 0.03%). */
export function handoverCode(key: string, orderId: string): string {
  return String(mac(key, `handover-code:${orderId}`).readUInt32BE(0) % 1_000_000).padStart(6, "0");
}

/** The token of the QR code's one-time URL. */
export function handoverLinkToken(key: string, orderId: string): string {
  return mac(key, `handover-link:${orderId}`).subarray(0, 18).toString("base64url");
}

/** What the database keeps: a keyed hash, bound to the order and to what it checks. */
export function handoverHash(key: string, orderId: string, kind: "code" | "link", value: string): string {
  return mac(key, `handover-check:${kind}:${orderId}:${value}`).toString("hex");
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

async function ensureHandoverRow(db: Executor, key: string, orderId: string) {
  await db
    .insertInto("orderHandovers")
    .values({
      orderId,
      codeHash: handoverHash(key, orderId, "code", handoverCode(key, orderId)),
      linkHash: handoverHash(key, orderId, "link", handoverLinkToken(key, orderId)),
    })
    .onConflict((oc) => oc.column("orderId").doNothing())
    .execute();
}

/**
 * The buyer's handover panel: the code, the one-time URL and its QR (an SVG data URL), while the
 * paid pickup order's item has not changed hands. Null for anyone else and any other order.
 */
export async function handoverForBuyer(
  db: Db,
  options: { orderId: string; buyerId: string; secret: string | null; publicUrl: string },
) {
  const order = await db
    .selectFrom("orders")
    .select(["id", "status", "delivery", "buyerId"])
    .where("id", "=", options.orderId)
    .where("buyerId", "=", options.buyerId)
    .executeTakeFirst();
  if (!order) return null;
  // A pickup from the seller, or a collection at a handoff-point shop (which may be shipped there).
  const atShop = await hasShopHandoff(db, order.id);
  const open = atShop
    ? ["paid", "shipped", "ready_for_pickup"].includes(order.status)
    : order.delivery === "pickup" && (OPEN_STATUSES as readonly string[]).includes(order.status);
  if (!open) return null;
  const key = await handoverKey(db, options.secret);
  await ensureHandoverRow(db, key, order.id);
  const url = `${options.publicUrl}/orders/${order.id}/handover/${handoverLinkToken(key, order.id)}`;
  const svg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return {
    code: handoverCode(key, order.id),
    url,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

/** The seller's (or a shop's) view of the handover: how many tries are left, and whether it happened. */
export async function handoverState(db: Executor, orderId: string) {
  const row = await db
    .selectFrom("orderHandovers")
    .select(["failedAttempts", "handedOverAt", "method"])
    .where("orderId", "=", orderId)
    .executeTakeFirst();
  const failedAttempts = row?.failedAttempts ?? 0;
  return {
    handedOverAt: row?.handedOverAt ?? null,
    method: row?.method ?? null,
    triesLeft: Math.max(0, MAX_HANDOVER_ATTEMPTS - failedAttempts),
    locked: failedAttempts >= MAX_HANDOVER_ATTEMPTS,
  };
}

/**
 * Checks a code or link token against the order's row under its lock, counting a wrong one in
 * the same transaction. `null`: it matched (and the row now records who, when and how).
 */
async function checkAndRecord(
  trx: Trx,
  options: {
    orderId: string;
    actorId: string;
    secret: string | null;
    kind: "code" | "link";
    value: string;
    method: HandoverMethod;
    retailerId?: string;
  },
): Promise<Exclude<HandoverResult, { ok: true }> | null> {
  const key = await handoverKey(trx, options.secret);
  await ensureHandoverRow(trx, key, options.orderId);
  const row = await trx
    .selectFrom("orderHandovers")
    .selectAll()
    .where("orderId", "=", options.orderId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.handedOverAt) throw new InvalidTransition("This item was already handed over.");
  if (row.failedAttempts >= MAX_HANDOVER_ATTEMPTS)
    return { ok: false, reason: "locked", triesLeft: 0, message: LOCKED_MESSAGE };
  const given = handoverHash(key, options.orderId, options.kind, options.value);
  if (!sameHash(given, options.kind === "code" ? row.codeHash : row.linkHash)) {
    const failed = row.failedAttempts + 1;
    await trx
      .updateTable("orderHandovers")
      .set({ failedAttempts: failed })
      .where("orderId", "=", options.orderId)
      .execute();
    const triesLeft = MAX_HANDOVER_ATTEMPTS - failed;
    return triesLeft <= 0
      ? { ok: false, reason: "locked", triesLeft: 0, message: LOCKED_MESSAGE }
      : {
          ok: false,
          reason: "wrong",
          triesLeft,
          message: `That isn't the buyer's code. ${triesLeft} ${triesLeft === 1 ? "try" : "tries"} left.`,
        };
  }
  await trx
    .updateTable("orderHandovers")
    .set({
      handedOverAt: sql<Date>`now()`,
      handedOverBy: options.actorId,
      method: options.method,
      retailerId: options.retailerId ?? null,
    })
    .where("orderId", "=", options.orderId)
    .execute();
  return null;
}

/** Locks the order and checks that `sellerId` sells it and that its item can still change hands. */
async function lockOpenPickupOrder(trx: Trx, orderId: string, sellerId: string) {
  const order = await trx
    .selectFrom("orders")
    .select(["id", "status", "delivery", "sellerId"])
    .where("id", "=", orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!order || order.sellerId !== sellerId) throw new NotFound("That order doesn't exist.");
  if (order.delivery !== "pickup") throw new InvalidTransition("Only pickup orders have a handover code.");
  if (!(OPEN_STATUSES as readonly string[]).includes(order.status))
    throw new InvalidTransition("This order can't be handed over now.");
  if (await hasShopHandoff(trx, orderId))
    throw new InvalidTransition("The buyer collects this item at the shop; its staff enter the code.");
}

/** Whether the buyer collects the item at a handoff-point shop (a live handoff line). */
async function hasShopHandoff(db: Executor, orderId: string): Promise<boolean> {
  const line = await db
    .selectFrom("orderServices")
    .select("id")
    .where("orderId", "=", orderId)
    .where("kind", "=", "handoff")
    .where("status", "in", ["requested", "accepted", "dropped_off"])
    .executeTakeFirst();
  return Boolean(line);
}

/**
 * The seller enters the buyer's 6 digits (method "code") or confirms the QR link (method "link").
 * A match records the handover and completes the order as a confirmed receipt does; a miss is
 * counted (committed) and answered with the tries left.
 */
export async function handOver(
  db: Db,
  options: { orderId: string; sellerId: string; secret: string | null } & (
    { code: string; token?: never } | { token: string; code?: never }
  ),
): Promise<HandoverResult> {
  return transaction(db, async (trx) => {
    await lockOpenPickupOrder(trx, options.orderId, options.sellerId);
    const viaLink = options.token !== undefined;
    const failure = await checkAndRecord(trx, {
      orderId: options.orderId,
      actorId: options.sellerId,
      secret: options.secret,
      kind: viaLink ? "link" : "code",
      value: viaLink ? options.token! : options.code!,
      method: viaLink ? "link" : "code",
    });
    if (failure) return failure;
    const order = await receiveAndComplete(trx, options.orderId, "handOver", { userId: options.sellerId });
    return { ok: true, order };
  });
}

/** Whether a QR link's token is this order's (for the confirm page's GET, which records nothing). */
export async function isHandoverLink(db: Db, orderId: string, token: string, secret: string | null) {
  const key = await handoverKey(db, secret);
  const expected = handoverLinkToken(key, orderId);
  return token.length === expected.length && timingSafeEqual(Buffer.from(token), Buffer.from(expected));
}

/**
 * A handoff-point shop's staff hand the item to the buyer: the buyer's code is checked (and
 * counted) like the seller's, then the collection is recorded (which is the buyer's receipt).
 */
export async function collectWithCode(
  db: Db,
  options: { lineId: string; staffId: string; code: string; secret: string | null },
): Promise<{ ok: true; result: Awaited<ReturnType<typeof moveServiceLine>> } | Exclude<HandoverResult, { ok: true }>> {
  return transaction(db, async (trx) => {
    const line = await trx
      .selectFrom("orderServices")
      .select(["id", "orderId", "retailerId", "kind", "status"])
      .where("id", "=", options.lineId)
      .executeTakeFirst();
    if (!line) throw new NotFound("That job doesn't exist.");
    await assertRetailerStaff(trx, line.retailerId, options.staffId);
    if (line.kind !== "handoff" || line.status !== "dropped_off")
      throw new InvalidTransition("This item isn't waiting at the shop.");
    const failure = await checkAndRecord(trx, {
      orderId: line.orderId,
      actorId: options.staffId,
      secret: options.secret,
      kind: "code",
      value: options.code,
      method: "shop",
      retailerId: line.retailerId,
    });
    if (failure) return failure;
    return { ok: true, result: await moveServiceLine(trx, options.lineId, options.staffId, "collect") };
  });
}
