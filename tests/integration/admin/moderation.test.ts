import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { requireUser } from "~/lib/auth.server";
import { Conflict, Forbidden, InvalidInput, NotFound, RateLimited } from "~/lib/errors";
import { sessionsFor, type SessionSettings } from "~/modules/accounts/sessions.server";
import { logIn } from "~/modules/accounts/users.server";
import { listAuditLog } from "~/modules/admin/audit-log.server";
import {
  dismissReports,
  reinstateUser,
  removeContent,
  searchMembers,
  suspendUser,
  warnUser,
} from "~/modules/admin/moderation.server";
import { reportFormSchema } from "~/modules/admin/report-schemas.server";
import { fileReport, openReportQueue, REPORT_RATE_LIMIT } from "~/modules/admin/reports.server";
import { buyPageFor } from "~/modules/orders/checkout.server";
import { getListingPage } from "~/modules/community/listing-page.server";
import { getSellerProfile, recentListings } from "~/modules/listings/browse.server";
import { rawSearchParams } from "~/modules/listings/schemas";
import { searchParamsSchema } from "~/modules/listings/schemas.server";
import { resolveSearch, searchListings } from "~/modules/listings/search.server";
import { listQuestions } from "~/modules/community/questions.server";
import { openConversation } from "~/modules/community/messages.server";
import { createConversation, createListing, createQuestionWithAnswer, createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const settings: SessionSettings = { cookieName: "stoop_session", secureCookie: false, days: 30, secret: null };

const newAdmin = () => createUser(database.db, { role: "admin", displayName: "Ada Admin" });
const report = (reporterId: string, subjectType: "listing" | "user", subjectId: string, reason = "scam") =>
  fileReport(database.db, reporterId, reportFormSchema.parse({ subjectType, subjectId, reason }));

async function searchTitles(q: string): Promise<string[]> {
  const params = searchParamsSchema.parse(rawSearchParams(new URLSearchParams({ q })));
  const page = await searchListings(database.db, await resolveSearch(database.db, params));
  return page.results.map((card) => card.title);
}

async function reportStatuses(subjectId: string) {
  const rows = await database.db.selectFrom("reports").select("status").where("subjectId", "=", subjectId).execute();
  return rows.map((row) => row.status).sort();
}

describe("reports", () => {
  it("validates the reason and the note length", () => {
    const base = { subjectType: "listing", subjectId: "abc" };
    expect(reportFormSchema.safeParse({ ...base, reason: "because" }).success).toBe(false);
    expect(reportFormSchema.safeParse({ ...base, reason: "spam", note: "x".repeat(1001) }).success).toBe(false);
    expect(reportFormSchema.safeParse({ subjectType: "order", subjectId: "abc", reason: "spam" }).success).toBe(false);
    expect(reportFormSchema.parse({ ...base, reason: "spam", note: "  " })).toMatchObject({ note: null });
  });

  it("keeps one open report per reporter and subject, and groups the queue by subject with its count", async () => {
    const listing = await createListing(database.db, { title: "Suspicious lamp" });
    const [first, second] = [await createUser(database.db), await createUser(database.db)];
    expect(await report(first.id, "listing", listing.id)).toBe("filed");
    expect(await report(first.id, "listing", listing.id, "spam")).toBe("already-open");
    expect(await report(second.id, "listing", listing.id)).toBe("filed");
    const group = (await openReportQueue(database.db)).find((candidate) => candidate.subjectId === listing.id);
    expect(group).toMatchObject({ subjectType: "listing", label: "Suspicious lamp", count: 2 });
    expect(group?.subjectOwnerId).toBe(listing.sellerId);
  });

  it("refuses reports of one's own content, of missing subjects, and too many reports", async () => {
    const seller = await createUser(database.db);
    const own = await createListing(database.db, { sellerId: seller.id });
    await expect(report(seller.id, "listing", own.id)).rejects.toBeInstanceOf(InvalidInput);
    await expect(report(seller.id, "listing", "no-such-listing")).rejects.toBeInstanceOf(NotFound);
    const busy = await createUser(database.db);
    for (let index = 0; index < REPORT_RATE_LIMIT.limit; index++) {
      const listing = await createListing(database.db, { sellerId: seller.id });
      await report(busy.id, "listing", listing.id);
    }
    const one_more = await createListing(database.db, { sellerId: seller.id });
    await expect(report(busy.id, "listing", one_more.id)).rejects.toBeInstanceOf(RateLimited);
    expect(await reportStatuses(one_more.id)).toEqual([]);
  });
});

describe("moderation actions", () => {
  it("dismisses a subject's reports with an audit entry", async () => {
    const admin = await newAdmin();
    const listing = await createListing(database.db);
    await report((await createUser(database.db)).id, "listing", listing.id);
    expect(await dismissReports(database.db, admin, { type: "listing", id: listing.id }, "Looks fine")).toBe(1);
    expect(await reportStatuses(listing.id)).toEqual(["dismissed"]);
    const [entry] = await listAuditLog(database.db, { subjectId: listing.id });
    expect(entry).toMatchObject({ action: "report.dismissed", actorId: admin.id, reason: "Looks fine" });
    await expect(dismissReports(database.db, admin, { type: "listing", id: listing.id }, null)).rejects.toBeInstanceOf(
      Conflict,
    );
  });

  it("takes down a reported answer and a reported message, keeps the rows, tells their authors and records it", async () => {
    const admin = await newAdmin();
    const listing = await createListing(database.db);
    const asker = await createUser(database.db);
    const answerer = await createUser(database.db);
    const { answerId } = await createQuestionWithAnswer(database.db, {
      listingId: listing.id,
      askerId: asker.id,
      question: "Does it fold?",
      answererId: answerer.id,
      answer: "Buy my scam kit instead",
    });
    await fileReport(
      database.db,
      asker.id,
      reportFormSchema.parse({ subjectType: "answer", subjectId: answerId, reason: "spam" }),
    );
    await removeContent(database.db, admin, { type: "answer", id: answerId }, "Spam");
    const [question] = await listQuestions(database.db, listing.id, asker.id);
    expect(question?.answers).toEqual([]);

    const conversationId = await createConversation(database.db, {
      listingId: listing.id,
      buyerId: asker.id,
      sellerId: listing.sellerId,
      messages: [{ senderId: listing.sellerId, body: "Pay me outside Stoop" }],
    });
    const [message] = (await openConversation(database.db, conversationId, asker.id)).messages;
    await fileReport(
      database.db,
      asker.id,
      reportFormSchema.parse({ subjectType: "message", subjectId: message!.id, reason: "scam" }),
    );
    await removeContent(database.db, admin, { type: "message", id: message!.id }, "Off-platform payment");
    const thread = await openConversation(database.db, conversationId, asker.id);
    expect(thread.messages).toMatchObject([{ body: "This message was removed by a moderator.", removed: true }]);

    const kept = await database.db
      .selectFrom("answers")
      .select(["body", "removalReason"])
      .where("id", "=", answerId)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ body: "Buy my scam kit instead", removalReason: "Spam" });
    for (const [authorId, subjectType] of [
      [answerer.id, "answer"],
      [listing.sellerId, "message"],
    ] as const) {
      const notices = await database.db
        .selectFrom("notifications")
        .select("title")
        .where("userId", "=", authorId)
        .execute();
      expect(notices.map((notice) => notice.title)).toContain(`Your ${subjectType} was removed`);
    }
    expect(await reportStatuses(answerId)).toEqual(["actioned"]);
    const audit = await listAuditLog(database.db, { actorId: admin.id });
    expect(audit.map((entry) => [entry.action, entry.subjectType])).toEqual(
      expect.arrayContaining([
        ["answer.removed", "answer"],
        ["message.removed", "message"],
      ]),
    );
    await expect(removeContent(database.db, admin, { type: "answer", id: answerId }, "Again")).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it("removes a listing through its state machine, tells the owner why, and records it", async () => {
    const admin = await newAdmin();
    const listing = await createListing(database.db);
    await report((await createUser(database.db)).id, "listing", listing.id);
    await removeContent(database.db, admin, { type: "listing", id: listing.id }, "Counterfeit brand goods");
    const row = await database.db
      .selectFrom("listings")
      .select(["status", "removalReason"])
      .where("id", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "removed", removalReason: "Counterfeit brand goods" });
    const event = await database.db
      .selectFrom("listingEvents")
      .select(["action", "actorId", "toStatus"])
      .where("listingId", "=", listing.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: "remove", actorId: admin.id, toStatus: "removed" });
    const page = await getListingPage(database.db, listing.id, { userId: listing.sellerId, role: "member" }, null);
    expect(page.listing.removalReason).toBe("Counterfeit brand goods");
    const notice = await database.db
      .selectFrom("notifications")
      .select(["kind", "body"])
      .where("userId", "=", listing.sellerId)
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ kind: "moderation_content_removed" });
    expect(notice.body).toContain("Counterfeit brand goods");
    expect(await reportStatuses(listing.id)).toEqual(["actioned"]);
    expect((await listAuditLog(database.db, { subjectId: listing.id }))[0]).toMatchObject({
      action: "listing.removed",
      reason: "Counterfeit brand goods",
    });
  });

  it("warns a member with a notification, a recorded warning and an audit entry", async () => {
    const admin = await newAdmin();
    const member = await createUser(database.db);
    await warnUser(database.db, admin, { userId: member.id, reason: "Be kind in messages." });
    const warnings = await database.db.selectFrom("userWarnings").selectAll().where("userId", "=", member.id).execute();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ adminId: admin.id, reason: "Be kind in messages." });
    const notices = await database.db
      .selectFrom("notifications")
      .select("kind")
      .where("userId", "=", member.id)
      .execute();
    expect(notices).toEqual([{ kind: "moderation_warning" }]);
    expect((await listAuditLog(database.db, { subjectId: member.id }))[0]).toMatchObject({ action: "user.warned" });
    expect((await searchMembers(database.db, member.email))[0]).toMatchObject({ id: member.id, warnings: 1 });
  });

  it("ends a suspended member's sessions at once; a new sign-in may read but not act", async () => {
    const admin = await newAdmin();
    const member = await createUser(database.db);
    const sessions = sessionsFor(database.db, settings);
    const cookie = (await sessions.create(member.id, { userAgent: "vitest", ipAddress: "127.0.0.1" })).split(";")[0]!;
    expect((await sessions.validate(cookie)).user).toMatchObject({ id: member.id, suspension: null });

    await suspendUser(database.db, admin, { userId: member.id, reason: "Selling stolen goods." });

    expect((await sessions.validate(cookie)).user).toBeNull();
    expect(await sessions.countFor(member.id)).toBe(0);
    expect((await listAuditLog(database.db, { subjectId: member.id }))[0]).toMatchObject({
      action: "user.suspended",
      actorId: admin.id,
      reason: "Selling stolen goods.",
      details: { sessionsEnded: 1 },
    });

    // Signing in again gives a read-only session: pages that only read open, every action is refused.
    await logIn(database.db, { email: member.email, password: member.password }, { ip: "10.0.0.9" });
    const again = (await sessions.create(member.id, { userAgent: "vitest", ipAddress: "127.0.0.1" })).split(";")[0]!;
    const user = (await sessions.validate(again)).user;
    expect(user?.suspension).toEqual({ reason: "Selling stolen goods." });
    const context = { auth: { user, token: "t" } } as unknown as AppLoadContext;
    expect(requireUser(new Request("http://stoop.test/orders/purchases"), context).id).toBe(member.id);
    const refused = (() => {
      try {
        requireUser(new Request("http://stoop.test/listings/new", { method: "POST" }), context);
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });

  it("hides a suspended member's listings everywhere and brings them back on reinstatement", async () => {
    const admin = await newAdmin();
    const seller = await createUser(database.db);
    const listing = await createListing(database.db, { sellerId: seller.id, title: "Zanzibar velvet armchair" });
    const stranger = { userId: (await createUser(database.db)).id, role: "member" as const };
    expect(await searchTitles("zanzibar")).toEqual(["Zanzibar velvet armchair"]);

    await suspendUser(database.db, admin, { userId: seller.id, reason: "Spam listings." });
    expect(await searchTitles("zanzibar")).toEqual([]);
    expect((await recentListings(database.db, { limit: 100 })).map((card) => card.id)).not.toContain(listing.id);
    expect((await getSellerProfile(database.db, seller.id)).listings).toEqual([]);
    await expect(getListingPage(database.db, listing.id, stranger, null)).rejects.toBeInstanceOf(NotFound);
    await expect(
      buyPageFor(database.db, listing.id, stranger.userId, { percent: 5, fixedCents: 30 }),
    ).rejects.toBeInstanceOf(NotFound);
    // Admins still see it (to review it).
    expect((await getListingPage(database.db, listing.id, { userId: admin.id, role: "admin" }, null)).listing.id).toBe(
      listing.id,
    );

    await reinstateUser(database.db, admin, { userId: seller.id, reason: "Appeal accepted." });
    expect(await searchTitles("zanzibar")).toEqual(["Zanzibar velvet armchair"]);
    expect((await getListingPage(database.db, listing.id, stranger, null)).listing.status).toBe("active");
    const actions = (await listAuditLog(database.db, { subjectId: seller.id })).map((entry) => entry.action);
    expect(actions).toEqual(["user.reinstated", "user.suspended"]);
    const member = await logIn(database.db, { email: seller.email, password: seller.password }, { ip: "10.0.0.8" });
    expect(member.id).toBe(seller.id);
  });

  it("refuses to let admins act on their own account or content, and changes nothing", async () => {
    const admin = await newAdmin();
    const own = await createListing(database.db, { sellerId: admin.id });
    await report((await createUser(database.db)).id, "listing", own.id);
    await expect(suspendUser(database.db, admin, { userId: admin.id, reason: "x" })).rejects.toBeInstanceOf(Forbidden);
    await expect(warnUser(database.db, admin, { userId: admin.id, reason: "x" })).rejects.toBeInstanceOf(Forbidden);
    await expect(reinstateUser(database.db, admin, { userId: admin.id, reason: null })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(removeContent(database.db, admin, { type: "listing", id: own.id }, "x")).rejects.toBeInstanceOf(
      Forbidden,
    );
    const listing = await database.db
      .selectFrom("listings")
      .select("status")
      .where("id", "=", own.id)
      .executeTakeFirstOrThrow();
    expect(listing.status).toBe("active");
    expect(await reportStatuses(own.id)).toEqual(["open"]);
    expect(await listAuditLog(database.db, { actorId: admin.id })).toEqual([]);
  });

  it("refuses moderation by a member who is not an admin", async () => {
    const member = await createUser(database.db);
    const target = await createUser(database.db);
    await expect(
      suspendUser(database.db, { ...member, role: "member" }, { userId: target.id, reason: "x" }),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});
