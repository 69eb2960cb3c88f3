import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { transaction } from "~db/transaction";
import { Conflict, Forbidden, InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { endAllSessionsOf } from "~/modules/accounts/sessions.server";
import { transitionListing } from "~/modules/listings/listings.server";
import { runEffects } from "~/lib/effects.server";
import { announceListingsChanged } from "~/modules/listings/search-cache.server";
import { notify } from "~/modules/notifications/notify.server";
import { recordAudit } from "./audit-log.server";
import { closeReports, findReportSubject } from "./reports.server";
import type { ReportSubjectType } from "./report-subjects";

type Trx = Transaction<Database>;

/** The admin acting, as the guard returned them. */
export interface AdminActor {
  id: string;
  displayName: string;
  role: "member" | "admin";
}

function assertAdmin(admin: AdminActor): void {
  if (admin.role !== "admin") throw new Forbidden("Only administrators can moderate.");
}

const OWN_ACCOUNT = "Admins can't act on their own content or account; ask another admin.";

/** How content of a type is taken down: listings here; the community branch registers answers and messages. */
export type ContentRemover = (trx: Trx, admin: AdminActor, subjectId: string, reason: string) => Promise<void>;
const removers = new Map<ReportSubjectType, ContentRemover>();

export function registerContentRemover(type: ReportSubjectType, remover: ContentRemover): void {
  removers.set(type, remover);
}

export function canRemove(type: ReportSubjectType): boolean {
  return removers.has(type);
}

/** The removed content's owner is told why, once per piece of content (its dedupe key). */
function tellOwner(
  trx: Transaction<Database>,
  ownerId: string,
  notice: { title: string; body: string; url: string | null; dedupeKey: string },
) {
  const { dedupeKey, ...content } = notice;
  return notify(trx, ownerId, "moderation_content_removed", content, { dedupeKey });
}

registerContentRemover("listing", async (trx, admin, listingId, reason) => {
  // Through the listing state machine (which writes the listing event), then the reason for its owner.
  await transitionListing(trx, { listingId, action: "remove", actor: { userId: admin.id, role: "admin" } });
  const listing = await trx
    .updateTable("listings")
    .set({ removalReason: reason })
    .where("id", "=", listingId)
    .returning(["sellerId", "title"])
    .executeTakeFirstOrThrow();
  await tellOwner(trx, listing.sellerId, {
    title: `Your listing “${listing.title}” was removed`,
    body: `A moderator removed it. Reason: ${reason}`,
    url: `/listings/${listingId}`,
    dedupeKey: `listing-removed:${listingId}`,
  });
});

registerContentRemover("answer", async (trx, _admin, answerId, reason) => {
  const answer = await trx
    .updateTable("answers")
    .set({ removedAt: new Date(), removalReason: reason })
    .where("id", "=", answerId)
    .where("removedAt", "is", null)
    .returning(["authorId", "questionId"])
    .executeTakeFirst();
  if (!answer) throw new NotFound("That answer was removed already.");
  // A shop's answer may be in its followers' feeds (ADR 049).
  await runEffects(trx, [{ kind: "feed.changed", memberId: null }]);
  await tellOwner(trx, answer.authorId, {
    title: "Your answer was removed",
    body: `A moderator removed one of your answers. Reason: ${reason}`,
    url: null,
    dedupeKey: `answer-removed:${answerId}`,
  });
});

registerContentRemover("message", async (trx, _admin, messageId, reason) => {
  const message = await trx
    .updateTable("messages")
    .set({ removedAt: new Date(), removalReason: reason })
    .where("id", "=", messageId)
    .where("removedAt", "is", null)
    .returning(["senderId", "conversationId"])
    .executeTakeFirst();
  if (!message) throw new NotFound("That message was removed already.");
  await tellOwner(trx, message.senderId, {
    title: "Your message was removed",
    body: `A moderator removed one of your messages. Reason: ${reason}`,
    url: `/messages/${message.conversationId}`,
    dedupeKey: `message-removed:${messageId}`,
  });
});

registerContentRemover("wanted_request", async (trx, _admin, requestId, reason) => {
  const request = await trx
    .updateTable("wantedRequests")
    .set({ removedAt: new Date(), removalReason: reason, updatedAt: new Date() })
    .where("id", "=", requestId)
    .where("removedAt", "is", null)
    .returning(["requesterId", "title"])
    .executeTakeFirst();
  if (!request) throw new NotFound("That request was removed already.");
  await tellOwner(trx, request.requesterId, {
    title: `Your Wanted request “${request.title}” was removed`,
    body: `A moderator removed it. Reason: ${reason}`,
    url: `/wanted/${requestId}`,
    dedupeKey: `wanted-request-removed:${requestId}`,
  });
});

registerContentRemover("wanted_answer", async (trx, _admin, answerId, reason) => {
  const answer = await trx
    .updateTable("wantedAnswers")
    .set({ removedAt: new Date(), removalReason: reason })
    .where("id", "=", answerId)
    .where("removedAt", "is", null)
    .returning(["authorId", "requestId"])
    .executeTakeFirst();
  if (!answer) throw new NotFound("That answer was removed already.");
  // A shop's answer may be in its followers' feeds (ADR 049).
  await runEffects(trx, [{ kind: "feed.changed", memberId: null }]);
  await tellOwner(trx, answer.authorId, {
    title: "Your answer to a Wanted request was removed",
    body: `A moderator removed one of your answers. Reason: ${reason}`,
    url: `/wanted/${answer.requestId}`,
    dedupeKey: `wanted-answer-removed:${answerId}`,
  });
});

/** Dismisses the open reports about a subject: nothing wrong with it. */
export async function dismissReports(
  db: Kysely<Database>,
  admin: AdminActor,
  subject: { type: ReportSubjectType; id: string },
  note: string | null,
): Promise<number> {
  assertAdmin(admin);
  return transaction(db, async (trx) => {
    const closed = await closeReports(trx, subject, {
      status: "dismissed",
      adminId: admin.id,
      resolution: note ?? "dismissed",
    });
    if (closed.length === 0) throw new Conflict("Those reports were already handled.");
    await recordAudit(trx, {
      actor: admin,
      action: "report.dismissed",
      subject,
      reason: note,
      details: { reportIds: closed },
    });
    return closed.length;
  });
}

/** Removes reported content (a listing becomes `removed`), tells its owner why, closes its reports. */
export async function removeContent(
  db: Kysely<Database>,
  admin: AdminActor,
  subject: { type: ReportSubjectType; id: string },
  reason: string,
): Promise<void> {
  assertAdmin(admin);
  const remover = removers.get(subject.type);
  if (!remover) throw new Conflict(`A ${subject.type} can't be removed from here.`);
  await transaction(db, async (trx) => {
    const found = await findReportSubject(trx, subject.type, subject.id);
    if (found.ownerId === admin.id) throw new Forbidden(OWN_ACCOUNT);
    await remover(trx, admin, subject.id, reason);
    const closed = await closeReports(trx, subject, { status: "actioned", adminId: admin.id, resolution: "removed" });
    await recordAudit(trx, {
      actor: admin,
      action: `${subject.type}.removed`,
      subject,
      reason,
      details: { ownerId: found.ownerId, reportIds: closed },
    });
  });
}

async function lockMember(trx: Trx, admin: AdminActor, userId: string) {
  if (userId === admin.id) throw new Forbidden(OWN_ACCOUNT);
  const user = await trx
    .selectFrom("users")
    .select(["id", "displayName", "suspendedAt", "deletedAt"])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user || user.deletedAt) throw new NotFound("No such member.");
  return user;
}

/**
 * Warns a member: a notification they can read and a recorded warning admins see next time.
 * `fromReport` closes the reports about that subject as handled.
 */
export async function warnUser(
  db: Kysely<Database>,
  admin: AdminActor,
  options: { userId: string; reason: string; fromReport?: { type: ReportSubjectType; id: string } },
): Promise<void> {
  assertAdmin(admin);
  await transaction(db, async (trx) => {
    await lockMember(trx, admin, options.userId);
    const warningId = newId();
    await trx
      .insertInto("userWarnings")
      .values({ id: warningId, userId: options.userId, adminId: admin.id, reason: options.reason })
      .execute();
    await notify(
      trx,
      options.userId,
      "moderation_warning",
      {
        title: "A warning from the Stoop moderators",
        body: `${options.reason} Repeated problems can lead to your account being suspended.`,
        url: "/notifications",
      },
      { dedupeKey: `warning:${warningId}` },
    );
    const closed = options.fromReport
      ? await closeReports(trx, options.fromReport, { status: "actioned", adminId: admin.id, resolution: "warned" })
      : [];
    await recordAudit(trx, {
      actor: admin,
      action: "user.warned",
      subject: { type: "user", id: options.userId },
      reason: options.reason,
      details: { warningId, reportIds: closed, ...(options.fromReport ? { about: options.fromReport } : {}) },
    });
  });
}

/**
 * Suspends a member: every session ends in the same transaction (so the next request they make is
 * signed out), they cannot sign in again, and their listings are hidden everywhere until reinstated.
 */
export async function suspendUser(
  db: Kysely<Database>,
  admin: AdminActor,
  options: { userId: string; reason: string; fromReport?: { type: ReportSubjectType; id: string } },
): Promise<void> {
  assertAdmin(admin);
  await transaction(db, async (trx) => {
    // The member's listings vanish from search: cached results go once this commits.
    await announceListingsChanged(trx);
    const user = await lockMember(trx, admin, options.userId);
    if (user.suspendedAt) throw new Conflict(`${user.displayName} is already suspended.`);
    await trx
      .updateTable("users")
      .set({ suspendedAt: sql<Date>`now()`, suspensionReason: options.reason, updatedAt: sql<Date>`now()` })
      .where("id", "=", user.id)
      .execute();
    const sessionsEnded = await endAllSessionsOf(trx, user.id);
    await notify(trx, user.id, "moderation_account", {
      title: "Your Stoop account is suspended",
      body: `A moderator suspended your account. Reason: ${options.reason} Your listings are hidden while it is suspended; you can still sign in to see your orders.`,
      url: null,
    });
    const closed = options.fromReport
      ? await closeReports(trx, options.fromReport, { status: "actioned", adminId: admin.id, resolution: "suspended" })
      : [];
    await recordAudit(trx, {
      actor: admin,
      action: "user.suspended",
      subject: { type: "user", id: user.id },
      reason: options.reason,
      details: { sessionsEnded, reportIds: closed },
    });
  });
}

/** Lifts a suspension: the member can sign in again and their listings are visible again. */
export async function reinstateUser(
  db: Kysely<Database>,
  admin: AdminActor,
  options: { userId: string; reason: string | null },
): Promise<void> {
  assertAdmin(admin);
  await transaction(db, async (trx) => {
    await announceListingsChanged(trx);
    const user = await lockMember(trx, admin, options.userId);
    if (!user.suspendedAt) throw new Conflict(`${user.displayName} is not suspended.`);
    await trx
      .updateTable("users")
      .set({ suspendedAt: null, suspensionReason: null, updatedAt: sql<Date>`now()` })
      .where("id", "=", user.id)
      .execute();
    await notify(trx, user.id, "moderation_account", {
      title: "Your Stoop account is active again",
      body: "A moderator lifted the suspension: you can sign in, and your listings are visible again.",
      url: "/my/listings",
    });
    await recordAudit(trx, {
      actor: admin,
      action: "user.reinstated",
      subject: { type: "user", id: user.id },
      reason: options.reason,
      details: { suspendedAt: user.suspendedAt.toISOString() },
    });
  });
}

export interface MemberRow {
  id: string;
  email: string;
  displayName: string;
  role: "member" | "admin";
  createdAt: Date;
  suspendedAt: Date | null;
  suspensionReason: string | null;
  warnings: number;
}

/** The admin users page: search by email or name (substring, case-insensitive). */
export async function searchMembers(db: Kysely<Database>, query: string, limit = 50): Promise<MemberRow[]> {
  let select = db
    .selectFrom("users")
    .select((eb) => [
      "users.id",
      "users.email",
      "users.displayName",
      "users.role",
      "users.createdAt",
      "users.suspendedAt",
      "users.suspensionReason",
      eb
        .selectFrom("userWarnings")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("userWarnings.userId", "=", "users.id")
        .as("warnings"),
    ])
    .where("users.deletedAt", "is", null);
  const term = query.trim();
  if (term) {
    const pattern = `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    select = select.where((eb) =>
      eb.or([eb("users.email", "ilike", pattern), eb("users.displayName", "ilike", pattern)]),
    );
  }
  const rows = await select.orderBy("users.createdAt", "desc").orderBy("users.id").limit(limit).execute();
  return rows.map((row) => ({ ...row, warnings: Number(row.warnings ?? 0) }));
}

export type ReportAction = "dismiss" | "remove" | "warn" | "suspend";

/** The reports queue's buttons: one action on one reported subject (and, for warn/suspend, its owner). */
export async function actOnReportedSubject(
  db: Kysely<Database>,
  admin: AdminActor,
  options: { action: ReportAction; subject: { type: ReportSubjectType; id: string }; reason: string | null },
): Promise<string> {
  assertAdmin(admin);
  const { action, subject } = options;
  if (action === "dismiss") {
    await dismissReports(db, admin, subject, options.reason);
    return "The reports were dismissed.";
  }
  const reason = options.reason;
  if (!reason) throw new InvalidInput("Say why", { reason: ["Say why: the member will see it"] });
  if (action === "remove") {
    await removeContent(db, admin, subject, reason);
    return `The ${subject.type} was removed and its owner told why.`;
  }
  const { ownerId } = await findReportSubject(db, subject.type, subject.id);
  if (action === "warn") {
    await warnUser(db, admin, { userId: ownerId, reason, fromReport: subject });
    return "The member was warned.";
  }
  await suspendUser(db, admin, { userId: ownerId, reason, fromReport: subject });
  return "The member was suspended and signed out everywhere.";
}
