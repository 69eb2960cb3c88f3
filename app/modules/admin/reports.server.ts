import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~db/schema";
import { InvalidInput, NotFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { enforceRateLimit, type RateLimitRule } from "~/modules/accounts/rate-limit.server";
import type { ReportFormInput } from "./report-schemas.server";
import type { ReportReason, ReportSubjectType } from "./report-subjects";
import { assertListingVisible } from "~/modules/listings/visibility.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** How the reports module finds a subject: its owner, a label for admins, and where it lives. */
export interface ReportSubject {
  ownerId: string;
  label: string;
  url: string | null;
}
export type SubjectResolver = (db: Executor, subjectId: string) => Promise<ReportSubject | null>;

const resolvers = new Map<ReportSubjectType, SubjectResolver>();

/**
 * Other modules teach the reports module their subjects (the community branch registers
 * `answer` and `message`). Until a type is registered, reports about it are refused.
 */
export function registerReportSubject(type: ReportSubjectType, resolver: SubjectResolver): void {
  resolvers.set(type, resolver);
}

registerReportSubject("listing", async (db, id) => {
  const listing = await db
    .selectFrom("listings")
    .select(["sellerId", "title", "status"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!listing || listing.status === "draft") return null;
  return { ownerId: listing.sellerId, label: listing.title, url: `/listings/${id}` };
});

registerReportSubject("user", async (db, id) => {
  const user = await db
    .selectFrom("users")
    .select(["id", "displayName"])
    .where("id", "=", id)
    .where("deletedAt", "is", null)
    .executeTakeFirst();
  return user ? { ownerId: user.id, label: user.displayName, url: `/members/${id}` } : null;
});

registerReportSubject("answer", async (db, id) => {
  const answer = await db
    .selectFrom("answers")
    .innerJoin("questions", "questions.id", "answers.questionId")
    .select(["answers.authorId", "answers.body", "questions.listingId"])
    .where("answers.id", "=", id)
    .where("answers.removedAt", "is", null)
    .executeTakeFirst();
  return answer
    ? { ownerId: answer.authorId, label: excerpt(answer.body), url: `/listings/${answer.listingId}#answer-${id}` }
    : null;
});

// A message is private: the admin sees its text in the queue, and no link into the conversation.
registerReportSubject("message", async (db, id) => {
  const message = await db
    .selectFrom("messages")
    .select(["senderId", "body"])
    .where("id", "=", id)
    .where("removedAt", "is", null)
    .executeTakeFirst();
  return message ? { ownerId: message.senderId, label: excerpt(message.body), url: null } : null;
});

// A Wanted request, and an answer on one, while they are up (a removed one has nothing left to report).
registerReportSubject("wanted_request", async (db, id) => {
  const request = await db
    .selectFrom("wantedRequests")
    .select(["requesterId", "title"])
    .where("id", "=", id)
    .where("removedAt", "is", null)
    .executeTakeFirst();
  return request ? { ownerId: request.requesterId, label: excerpt(request.title), url: `/wanted/${id}` } : null;
});

registerReportSubject("wanted_answer", async (db, id) => {
  const answer = await db
    .selectFrom("wantedAnswers")
    .select(["authorId", "body", "kind", "requestId"])
    .where("id", "=", id)
    .where("removedAt", "is", null)
    .executeTakeFirst();
  return answer
    ? {
        ownerId: answer.authorId,
        label: excerpt(answer.body || `A ${answer.kind} answer`),
        url: `/wanted/${answer.requestId}#answer-${id}`,
      }
    : null;
});

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

export async function findReportSubject(db: Executor, type: ReportSubjectType, id: string): Promise<ReportSubject> {
  const resolver = resolvers.get(type);
  const subject = resolver ? await resolver(db, id) : null;
  if (!subject) throw new NotFound("There is nothing to report there: it may have been removed already.");
  return subject;
}

/** Reports a member may file: enough for real use, not enough to flood the queue. */
export const REPORT_RATE_LIMIT: RateLimitRule = { limit: 10, windowSeconds: 60 * 60 };

export type FileReportOutcome = "filed" | "already-open";

/**
 * A member reports a listing, a member, an answer or a message. One open report per reporter
 * and subject: a second one while the first is open changes nothing (and says so).
 */
export async function fileReport(
  db: Kysely<Database>,
  reporterId: string,
  input: ReportFormInput,
): Promise<FileReportOutcome> {
  // A listing is reported from its page, so only what that page shows this member can be reported.
  if (input.subjectType === "listing")
    await assertListingVisible(db, input.subjectId, { userId: reporterId, role: "member" });
  const subject = await findReportSubject(db, input.subjectType, input.subjectId);
  if (subject.ownerId === reporterId) {
    throw new InvalidInput("You can't report your own content.", { reason: ["You can't report your own content."] });
  }
  await enforceRateLimit(db, `report:user:${reporterId}`, REPORT_RATE_LIMIT);
  const inserted = await db
    .insertInto("reports")
    .values({
      id: newId(),
      reporterId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      subjectOwnerId: subject.ownerId,
      reason: input.reason,
      note: input.note,
    })
    .onConflict((conflict) =>
      conflict.columns(["reporterId", "subjectType", "subjectId"]).where(sql.ref("status"), "=", "open").doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  return inserted ? "filed" : "already-open";
}

export interface ReportGroup {
  subjectType: ReportSubjectType;
  subjectId: string;
  subjectOwnerId: string | null;
  ownerName: string | null;
  ownerSuspended: boolean;
  label: string;
  url: string | null;
  count: number;
  firstReportedAt: Date;
  reports: { id: string; reason: ReportReason; note: string | null; reporterName: string; createdAt: Date }[];
}

/** The admin queue: open reports grouped by subject, the subject waiting longest first. */
export async function openReportQueue(db: Executor, limit = 50): Promise<ReportGroup[]> {
  const groups = await db
    .selectFrom("reports")
    .leftJoin("users as owner", "owner.id", "reports.subjectOwnerId")
    .select((eb) => [
      "reports.subjectType",
      "reports.subjectId",
      "reports.subjectOwnerId",
      "owner.displayName as ownerName",
      "owner.suspendedAt as ownerSuspendedAt",
      eb.fn.countAll<string>().as("count"),
      eb.fn.min("reports.createdAt").as("firstReportedAt"),
    ])
    .where("reports.status", "=", "open")
    .groupBy([
      "reports.subjectType",
      "reports.subjectId",
      "reports.subjectOwnerId",
      "owner.displayName",
      "owner.suspendedAt",
    ])
    .orderBy("firstReportedAt", "asc")
    .limit(limit)
    .execute();
  if (groups.length === 0) return [];
  const reports = await db
    .selectFrom("reports")
    .innerJoin("users as reporter", "reporter.id", "reports.reporterId")
    .select([
      "reports.id",
      "reports.subjectType",
      "reports.subjectId",
      "reports.reason",
      "reports.note",
      "reports.createdAt",
      "reporter.displayName as reporterName",
    ])
    .where("reports.status", "=", "open")
    .where(
      "reports.subjectId",
      "in",
      groups.map((group) => group.subjectId),
    )
    .orderBy("reports.createdAt", "asc")
    .execute();
  return Promise.all(
    groups.map(async (group) => {
      const type = group.subjectType as ReportSubjectType;
      const resolver = resolvers.get(type);
      const subject = resolver ? await resolver(db, group.subjectId) : null;
      return {
        subjectType: type,
        subjectId: group.subjectId,
        subjectOwnerId: group.subjectOwnerId,
        ownerName: group.ownerName,
        ownerSuspended: group.ownerSuspendedAt !== null,
        label: subject?.label ?? `${group.subjectType} ${group.subjectId} (gone)`,
        url: subject?.url ?? null,
        count: Number(group.count),
        firstReportedAt: new Date(group.firstReportedAt as unknown as string),
        reports: reports
          .filter((report) => report.subjectType === group.subjectType && report.subjectId === group.subjectId)
          .map((report) => ({
            id: report.id,
            reason: report.reason as ReportReason,
            note: report.note,
            reporterName: report.reporterName,
            createdAt: report.createdAt,
          })),
      };
    }),
  );
}

/** Closes every open report about a subject (inside the admin action that settled it). */
export async function closeReports(
  trx: Transaction<Database>,
  subject: { type: string; id: string },
  outcome: { status: "dismissed" | "actioned"; adminId: string; resolution: string },
): Promise<string[]> {
  const rows = await trx
    .updateTable("reports")
    .set({
      status: outcome.status,
      resolvedBy: outcome.adminId,
      resolution: outcome.resolution,
      resolvedAt: sql<Date>`now()`,
    })
    .where("subjectType", "=", subject.type)
    .where("subjectId", "=", subject.id)
    .where("status", "=", "open")
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}
