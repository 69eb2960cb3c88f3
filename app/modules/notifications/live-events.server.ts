import type { Kysely, Transaction } from "kysely";
import { publish } from "~db/notify-bus";
import type { Database } from "~db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * What a member's open tabs are told as it happens (ADR 045). Two sorts:
 *
 * - **Logged events** (`message`, `read`, `notification`, `notifications_read`): a row in `live_events`, numbered
 *   by the database, written in the transaction of the change it announces, and a NOTIFY on
 *   `stoop_live` that PostgreSQL sends at that COMMIT (dropped on ROLLBACK). A tab that reconnects
 *   with `Last-Event-ID` is sent the rows after it.
 * - **Signals** (`typing`): a NOTIFY only, never stored; missing one costs nothing.
 *
 * Events carry ids, never message text: the page reloads its own data, through its own checks.
 */
export const LIVE_CHANNEL = "stoop_live";

export const LOGGED_KINDS = ["message", "read", "notification", "notifications_read"] as const;
export type LoggedKind = (typeof LOGGED_KINDS)[number];
export type LiveKind = LoggedKind | "typing";

export interface LiveEvent {
  /** Null for a signal (not stored, so nothing to resume from). */
  id: number | null;
  userId: string;
  kind: LiveKind;
  data: Record<string, string | number | boolean | null>;
}

/** Replaying more than this after a reconnect is pointless: the tab is told to reload instead. */
export const MAX_REPLAY = 200;
/** How long logged events are kept for replay (the hourly sweep deletes older ones). */
export const LIVE_EVENT_RETENTION_MS = 24 * 3600 * 1000;

/** Logs one event for each member and announces it; call inside the transaction of the change. */
export async function recordLiveEvents(
  trx: Transaction<Database>,
  userIds: readonly string[],
  kind: LoggedKind,
  data: LiveEvent["data"],
): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await trx
    .insertInto("liveEvents")
    .values(userIds.map((userId) => ({ userId, kind, data: JSON.stringify(data) })))
    .returning(["id", "userId"])
    .execute();
  for (const row of rows)
    await publish(trx, LIVE_CHANNEL, encodeLiveEvent({ id: row.id, userId: row.userId, kind, data }));
}

/** Sends a signal that is never stored (a typing indicator) to these members' open tabs. */
export async function sendLiveSignal(
  db: Executor,
  userIds: readonly string[],
  kind: "typing",
  data: LiveEvent["data"],
): Promise<void> {
  for (const userId of userIds) await publish(db, LIVE_CHANNEL, encodeLiveEvent({ id: null, userId, kind, data }));
}

/**
 * The member's logged events after `afterId`, oldest first, at most MAX_REPLAY + 1 (one more than
 * is ever replayed, so the caller knows when too much was missed).
 */
export async function liveEventsAfter(db: Executor, userId: string, afterId: number): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom("liveEvents")
    .select(["id", "kind", "data"])
    .where("userId", "=", userId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(MAX_REPLAY + 1)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userId,
    kind: row.kind as LoggedKind,
    data: row.data as LiveEvent["data"],
  }));
}

/** The newest logged event's id for this member (0 if none): where a fresh tab starts. */
export async function latestLiveEventId(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("liveEvents")
    .select((eb) => eb.fn.max("id").as("latest"))
    .where("userId", "=", userId)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

export async function pruneLiveEvents(db: Executor, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom("liveEvents")
    .where("createdAt", "<", new Date(now.getTime() - LIVE_EVENT_RETENTION_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function encodeLiveEvent(event: LiveEvent): string {
  return JSON.stringify({ i: event.id, u: event.userId, k: event.kind, d: event.data });
}

/** Reads a NOTIFY payload; anything malformed (another version, a hand-typed NOTIFY) is null. */
export function decodeLiveEvent(payload: string): LiveEvent | null {
  try {
    const raw = JSON.parse(payload) as { i?: unknown; u?: unknown; k?: unknown; d?: unknown };
    const kinds: readonly string[] = [...LOGGED_KINDS, "typing"];
    if (typeof raw.u !== "string" || typeof raw.k !== "string" || !kinds.includes(raw.k)) return null;
    if (raw.i !== null && !(typeof raw.i === "number" && Number.isSafeInteger(raw.i))) return null;
    if (typeof raw.d !== "object" || raw.d === null) return null;
    return { id: raw.i, userId: raw.u, kind: raw.k as LiveKind, data: raw.d as LiveEvent["data"] };
  } catch {
    return null;
  }
}
