import { describe, expect, it } from "vitest";
import { Conflict, Forbidden, InvalidInput, NotFound, RateLimited } from "~/lib/errors";
import { removeContent, suspendUser } from "~/modules/admin/moderation.server";
import { fileReport } from "~/modules/admin/reports.server";
import {
  answerChoices,
  openRequestsNear,
  resolveWantedSearch,
  searchWanted,
  shopWantedCredit,
  wantedPhotoAudience,
  wantedRequestPage,
  wantedSolvedByMember,
} from "~/modules/community/wanted-queries.server";
import { wantedAnswerSchema, wantedFormSchema, wantedSearchSchema } from "~/modules/community/wanted-schemas.server";
import {
  answerWantedRequest,
  closeWantedRequest,
  markWantedSolved,
  postWantedRequest,
  renewWantedRequest,
  sendWantedExpiryNotices,
} from "~/modules/community/wanted.server";
import { deleteAccount, exportMemberData } from "~/modules/privacy/account-data.server";
import { createListing, createRetailer, createUser } from "../../support/factories";
import { createWantedAnswer, createWantedRequest } from "../../support/wanted-factories";
import { useTestDatabase } from "../../support/database";

const database = useTestDatabase();
const db = () => database.db;
const DAY = 24 * 60 * 60 * 1000;

const form = (values: Record<string, string>) => {
  const parsed = wantedFormSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
};
const answer = (values: Record<string, string>) => wantedAnswerSchema.parse(values);
const search = async (values: Record<string, string>, now?: Date) =>
  searchWanted(db(), await resolveWantedSearch(db(), wantedSearchSchema.parse(values)), now);

async function notificationsOf(userId: string, kind: string) {
  return db()
    .selectFrom("notifications")
    .select(["kind", "url", "title"])
    .where("userId", "=", userId)
    .where("kind", "=", kind)
    .execute();
}

const admin = async () => {
  const user = await createUser(db(), { role: "admin", displayName: "Ada Admin" });
  return { id: user.id, displayName: user.displayName, role: "admin" as const };
};

describe("posting a Wanted request", () => {
  it("stores the resolved area, budget in cents and a 30-day expiry", async () => {
    const member = await createUser(db());
    const now = new Date("2026-11-01T10:00:00Z");
    const id = await postWantedRequest(db(), {
      requesterId: member.id,
      input: form({ title: "Kids bike for a 6-year-old", categoryId: "furniture", budget: "45.50", location: "97214" }),
      now,
    });
    const row = await db().selectFrom("wantedRequests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ budgetCents: 4550, radiusKm: 10, placeName: "Portland, OR", status: "open" });
    expect(row.expiresAt.getTime() - now.getTime()).toBe(30 * DAY);
  });

  it("refuses an unknown place and category with messages next to the fields, storing nothing", async () => {
    const member = await createUser(db());
    const error = await postWantedRequest(db(), {
      requesterId: member.id,
      input: form({ title: "Lamp", categoryId: "no-such", location: "Atlantis" }),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInput);
    expect(Object.keys((error as InvalidInput).fieldErrors).sort()).toEqual(["categoryId", "location"]);
    const count = await db()
      .selectFrom("wantedRequests")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("requesterId", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("refuses bad form values in the schema: short title, a negative or huge budget, a wild radius", () => {
    const result = wantedFormSchema.safeParse({
      title: "x",
      categoryId: "furniture",
      budget: "-3",
      location: "97214",
      radiusKm: "9000",
    });
    expect(result.success).toBe(false);
    const fields = Object.keys(result.error!.flatten().fieldErrors).sort();
    expect(fields).toEqual(["budget", "radiusKm", "title"]);
    expect(
      wantedFormSchema.safeParse({ title: "Bike", categoryId: "x", budget: "1e12", location: "97214" }).success,
    ).toBe(false);
  });

  it("tells staff of nearby verified shops with a service in the category ('Wanted near you')", async () => {
    const member = await createUser(db());
    const near = await createRetailer(db(), { services: [{ categoryIds: ["bikes"] }], serviceRadiusKm: 15 });
    const otherTrade = await createRetailer(db(), { services: [{ categoryIds: ["phones"] }] });
    const far = await createRetailer(db(), {
      latitude: 47.61,
      longitude: -122.33,
      services: [{ categoryIds: ["bikes"] }],
    });
    const id = await postWantedRequest(db(), {
      requesterId: member.id,
      input: form({ title: "Gears slip on my road bike", categoryId: "bikes", location: "97214" }),
    });
    expect((await notificationsOf(near.ownerId, "wanted_nearby")).map((row) => row.url)).toEqual([`/wanted/${id}`]);
    expect(await notificationsOf(otherTrade.ownerId, "wanted_nearby")).toHaveLength(0);
    expect(await notificationsOf(far.ownerId, "wanted_nearby")).toHaveLength(0);
  });

  it("needs a verified email", async () => {
    const member = await createUser(db(), { emailVerified: false });
    await expect(
      postWantedRequest(db(), {
        requesterId: member.id,
        input: form({ title: "A ladder", categoryId: "furniture", location: "97214" }),
      }),
    ).rejects.toThrow(Forbidden);
  });

  it("limits how many requests a member posts in an hour", async () => {
    const member = await createUser(db());
    const input = form({ title: "A ladder", categoryId: "furniture", location: "97214" });
    for (let i = 0; i < 5; i++) await postWantedRequest(db(), { requesterId: member.id, input });
    await expect(postWantedRequest(db(), { requesterId: member.id, input })).rejects.toThrow(RateLimited);
  });
});

describe("listing and searching requests", () => {
  it("finds open requests by words, category, place and budget, newest first", async () => {
    const tag = `zq${Date.now().toString(36)}`;
    const now = Date.now();
    const old = await createWantedRequest(db(), {
      title: `Road bike ${tag} gears slip`,
      categoryId: "furniture",
      createdAt: new Date(now - 2 * DAY),
    });
    const recent = await createWantedRequest(db(), {
      title: `Kids bike ${tag}`,
      budgetCents: null,
      createdAt: new Date(now - DAY),
    });
    // Far away (Seattle), and one closed: neither lists near Portland.
    const far = await createWantedRequest(db(), { title: `Bike ${tag} far`, latitude: 47.61, longitude: -122.33 });
    await createWantedRequest(db(), { title: `Bike ${tag} closed`, status: "closed" });

    const all = await search({ q: tag });
    expect(all.results.map((row) => row.id).sort()).toEqual([old.id, recent.id, far.id].sort());
    const near = await search({ q: tag, near: "97214", radius: "25", sort: "newest" });
    expect(near.results.map((row) => row.id)).toEqual([recent.id, old.id]);
    expect((await search({ q: `${tag} gears` })).results.map((row) => row.id)).toEqual([old.id]);
    expect((await search({ q: tag, budget: "1", near: "97214" })).results.map((row) => row.id)).toEqual([old.id]);
    await expect(search({ category: "no-such-category" })).rejects.toThrow(InvalidInput);
  });

  it("pages with a keyset cursor and refuses a broken one", async () => {
    const tag = `pg${Date.now().toString(36)}`;
    const start = Date.now() - 100 * 60_000;
    const ids: string[] = [];
    for (let i = 0; i < 26; i++) {
      ids.push(
        (await createWantedRequest(db(), { title: `Chair ${tag}`, createdAt: new Date(start + i * 60_000) })).id,
      );
    }
    const first = await search({ q: tag, sort: "newest" });
    expect(first.results).toHaveLength(24);
    expect(first.nextCursor).not.toBeNull();
    const second = await search({ q: tag, sort: "newest", cursor: first.nextCursor! });
    expect([...first.results, ...second.results].map((row) => row.id)).toEqual([...ids].reverse());
    expect(second.nextCursor).toBeNull();
    const best = await search({ q: tag });
    const bestNext = await search({ q: tag, cursor: best.nextCursor! });
    expect(new Set([...best.results, ...bestNext.results].map((row) => row.id)).size).toBe(26);
    await expect(search({ q: tag, cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow(InvalidInput);
    await expect(search({ cursor: first.nextCursor!.slice(0, 10) })).rejects.toThrow(InvalidInput);
  });

  it("stops listing an expired request, and renewing brings it back for 30 days", async () => {
    const tag = `ex${Date.now().toString(36)}`;
    const requester = await createUser(db());
    const request = await createWantedRequest(db(), {
      requesterId: requester.id,
      title: `Stroller ${tag}`,
      createdAt: new Date(Date.now() - 31 * DAY),
    });
    expect((await search({ q: tag })).results).toHaveLength(0);
    const page = await wantedRequestPage(db(), request.id, null);
    expect(page).toMatchObject({ expired: true, acceptsAnswers: false });
    const helper = await createUser(db());
    await expect(
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: helper.id,
        input: answer({ kind: "text", body: "Hi there" }),
      }),
    ).rejects.toThrow(Forbidden);
    await expect(renewWantedRequest(db(), { requestId: request.id, userId: helper.id })).rejects.toThrow(Forbidden);
    const expiresAt = await renewWantedRequest(db(), { requestId: request.id, userId: requester.id });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
    expect((await search({ q: tag })).results.map((row) => row.id)).toEqual([request.id]);
    await closeWantedRequest(db(), { requestId: request.id, userId: requester.id });
    expect((await search({ q: tag })).results).toHaveLength(0);
    await expect(renewWantedRequest(db(), { requestId: request.id, userId: requester.id })).rejects.toThrow(Conflict);
  });

  it("sends the expiry notice once per expiry, and again after a renewal", async () => {
    const requester = await createUser(db());
    const now = new Date();
    const request = await createWantedRequest(db(), {
      requesterId: requester.id,
      createdAt: new Date(now.getTime() - 28 * DAY),
    });
    // Not due yet: 2 days left is inside the 3-day notice window, 10 days is not.
    const later = await createWantedRequest(db(), {
      requesterId: requester.id,
      createdAt: new Date(now.getTime() - 20 * DAY),
    });
    expect(await sendWantedExpiryNotices(db(), now)).toBeGreaterThanOrEqual(1);
    await sendWantedExpiryNotices(db(), now);
    const notices = await notificationsOf(requester.id, "wanted_expiring");
    expect(notices.map((row) => row.url)).toEqual([`/wanted/${request.id}`]);
    expect(notices.some((row) => row.url === `/wanted/${later.id}`)).toBe(false);
    await renewWantedRequest(db(), {
      requestId: request.id,
      userId: requester.id,
      now: new Date(now.getTime() - 28 * DAY + DAY),
    });
    await sendWantedExpiryNotices(db(), now);
    expect(await notificationsOf(requester.id, "wanted_expiring")).toHaveLength(2);
  });

  it("offers nearby open requests whose area covers a point, for the feed", async () => {
    const requester = await createUser(db());
    const near = await createWantedRequest(db(), { requesterId: requester.id, radiusKm: 10 });
    const far = await createWantedRequest(db(), { latitude: 47.61, longitude: -122.33, radiusKm: 10 });
    const rows = await openRequestsNear(db(), { latitude: 45.53, longitude: -122.66 }, { limit: 50 });
    const ids = rows.map((row) => row.id);
    expect(ids).toContain(near.id);
    expect(ids).not.toContain(far.id);
    const others = await openRequestsNear(
      db(),
      { latitude: 45.53, longitude: -122.66 },
      {
        limit: 50,
        excludeRequesterId: requester.id,
      },
    );
    expect(others.map((row) => row.id)).not.toContain(near.id);
  });
});

describe("answers", () => {
  async function scene() {
    const requester = await createUser(db(), { displayName: "Rae" });
    const neighbour = await createUser(db(), { displayName: "Nell" });
    const staff = await createUser(db(), { displayName: "Rita" });
    const shop = await createRetailer(db(), {
      ownerId: staff.id,
      name: "Bike Hub",
      services: [
        { title: "Gear tune", priceCents: 4000 },
        { title: "Paused", active: false },
      ],
    });
    const other = await createRetailer(db(), { name: "Spoke Shop", services: [{ title: "Full service" }] });
    const request = await createWantedRequest(db(), { requesterId: requester.id, title: "My road bike's gears slip" });
    return { requester, neighbour, staff, shop, other, request };
  }

  it("lets members answer with their own or another member's active listing, and refuses inactive ones", async () => {
    const { requester, neighbour, request } = await scene();
    const own = await createListing(db(), { sellerId: neighbour.id, title: "Kids bike 16in" });
    const someoneElses = await createListing(db(), { title: "Another bike" });
    const sold = await createListing(db(), { sellerId: neighbour.id, status: "sold" });
    const first = await answerWantedRequest(db(), {
      requestId: request.id,
      authorId: neighbour.id,
      input: answer({ kind: "listing", ownListingId: own.id }),
    });
    await answerWantedRequest(db(), {
      requestId: request.id,
      authorId: neighbour.id,
      input: answer({ kind: "listing", listing: `http://localhost:3000/listings/${someoneElses.id}?near=97214` }),
    });
    await expect(
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: neighbour.id,
        input: answer({ kind: "listing", ownListingId: sold.id }),
      }),
    ).rejects.toThrow(InvalidInput);
    await expect(
      answerWantedRequest(db(), { requestId: request.id, authorId: neighbour.id, input: answer({ kind: "listing" }) }),
    ).rejects.toThrow(InvalidInput);
    const page = await wantedRequestPage(db(), request.id, { userId: requester.id, role: "member" });
    expect(page.answers.map((row) => row.listing?.title)).toEqual(["Kids bike 16in", "Another bike"]);
    expect(page.answers[0]!.id).toBe(first);
    expect(await notificationsOf(requester.id, "wanted_answer")).toHaveLength(2);
  });

  it("refuses shop-only kinds from members, and answers on one's own request", async () => {
    const { requester, neighbour, shop, request } = await scene();
    for (const kind of ["quote", "recommendation"]) {
      await expect(
        answerWantedRequest(db(), { requestId: request.id, authorId: neighbour.id, input: answer({ kind }) }),
      ).rejects.toThrow(InvalidInput);
    }
    // A member who isn't staff can't answer as the shop.
    await expect(
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: neighbour.id,
        input: answer({ kind: "text", as: shop.id, body: "We fix it" }),
      }),
    ).rejects.toThrow(InvalidInput);
    await expect(
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: requester.id,
        input: answer({ kind: "text", body: "Me" }),
      }),
    ).rejects.toThrow(Forbidden);
  });

  it("takes a shop's quote only for its own active service, and shows its badge", async () => {
    const { requester, staff, shop, other, request } = await scene();
    const [tune, paused] = shop.services;
    const quote = (serviceId: string, price = "35") =>
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: staff.id,
        input: answer({ kind: "quote", as: shop.id, serviceId, price, body: "Fix the gears" }),
      });
    await expect(quote(other.services[0]!.id)).rejects.toThrow(InvalidInput);
    await expect(quote(paused!.id)).rejects.toThrow(InvalidInput);
    await expect(quote(tune!.id, "")).rejects.toThrow(InvalidInput);
    const id = await quote(tune!.id);
    const page = await wantedRequestPage(db(), request.id, { userId: requester.id, role: "member" });
    expect(page.answers.find((row) => row.id === id)).toMatchObject({
      kind: "quote",
      quoteCents: 3500,
      shop: { name: "Bike Hub" },
      service: { title: "Gear tune" },
    });
  });

  it("refuses answers as an unverified shop", async () => {
    const { request } = await scene();
    const owner = await createUser(db());
    const pending = await createRetailer(db(), { ownerId: owner.id, status: "pending" });
    await expect(
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: owner.id,
        input: answer({ kind: "text", as: pending.id, body: "We can help" }),
      }),
    ).rejects.toThrow(InvalidInput);
    expect((await answerChoices(db(), owner.id)).shops).toHaveLength(0);
  });

  it("lets a shop recommend another verified shop (and its service), never itself", async () => {
    const { staff, shop, other, request } = await scene();
    const recommend = (recommendedRetailerId: string, serviceId = "") =>
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: staff.id,
        input: answer({ kind: "recommendation", as: shop.id, recommendedRetailerId, serviceId }),
      });
    await expect(recommend(shop.id)).rejects.toThrow(InvalidInput);
    await expect(recommend(other.id, shop.services[0]!.id)).rejects.toThrow(InvalidInput);
    const id = await recommend(other.id, other.services[0]!.id);
    const page = await wantedRequestPage(db(), request.id, null);
    expect(page.answers.find((row) => row.id === id)).toMatchObject({
      recommendedShop: { name: "Spoke Shop" },
      service: { title: "Full service" },
    });
    expect(await shopWantedCredit(db(), shop.id)).toEqual({ solved: 0, helped: 1 });
  });

  it("limits answers per member per hour", async () => {
    const { neighbour } = await scene();
    const request = await createWantedRequest(db());
    for (let i = 0; i < 30; i++) {
      await answerWantedRequest(db(), {
        requestId: request.id,
        authorId: neighbour.id,
        input: answer({ kind: "text", body: `Idea ${i}` }),
      });
    }
    await expect(
      answerWantedRequest(db(), {
        requestId: request.id,
        authorId: neighbour.id,
        input: answer({ kind: "text", body: "More" }),
      }),
    ).rejects.toThrow(RateLimited);
  });
});

describe("marking the answer that solved it", () => {
  it("closes the request as solved, tells the answerer once, and counts on profile and shop page", async () => {
    const requester = await createUser(db());
    const neighbour = await createUser(db());
    const staff = await createUser(db());
    const colleague = await createUser(db());
    const shop = await createRetailer(db(), { ownerId: staff.id });
    await db()
      .insertInto("retailerStaff")
      .values({ retailerId: shop.id, userId: colleague.id, role: "staff" })
      .execute();
    const request = await createWantedRequest(db(), { requesterId: requester.id });
    const other = await createWantedRequest(db(), { requesterId: requester.id });
    const mine = await createWantedAnswer(db(), request.id, { authorId: neighbour.id });
    const foreign = await createWantedAnswer(db(), other.id, { authorId: neighbour.id });

    await expect(
      markWantedSolved(db(), { requestId: request.id, answerId: mine.id, userId: neighbour.id }),
    ).rejects.toThrow(Forbidden);
    await expect(
      markWantedSolved(db(), { requestId: request.id, answerId: foreign.id, userId: requester.id }),
    ).rejects.toThrow(NotFound);
    await markWantedSolved(db(), { requestId: request.id, answerId: mine.id, userId: requester.id });
    await expect(
      markWantedSolved(db(), { requestId: request.id, answerId: mine.id, userId: requester.id }),
    ).rejects.toThrow(Conflict);
    const row = await db()
      .selectFrom("wantedRequests")
      .selectAll()
      .where("id", "=", request.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "solved", solvedAnswerId: mine.id });
    expect(await notificationsOf(neighbour.id, "wanted_solved")).toHaveLength(1);
    expect(await wantedSolvedByMember(db(), neighbour.id)).toBe(1);

    // A shop's answer: every staff member hears, the shop is credited, its staff's profiles are not.
    const shopAnswer = await createWantedAnswer(db(), other.id, { authorId: staff.id, retailerId: shop.id });
    await markWantedSolved(db(), { requestId: other.id, answerId: shopAnswer.id, userId: requester.id });
    expect(await notificationsOf(staff.id, "wanted_solved")).toHaveLength(1);
    expect(await notificationsOf(colleague.id, "wanted_solved")).toHaveLength(1);
    expect(await shopWantedCredit(db(), shop.id)).toEqual({ solved: 1, helped: 1 });
    expect(await wantedSolvedByMember(db(), staff.id)).toBe(0);
  });

  it("counts a request once when the shop both recommended and solved it", async () => {
    const requester = await createUser(db());
    const staff = await createUser(db());
    const shop = await createRetailer(db(), { ownerId: staff.id });
    const other = await createRetailer(db());
    const request = await createWantedRequest(db(), { requesterId: requester.id });
    await createWantedAnswer(db(), request.id, {
      authorId: staff.id,
      retailerId: shop.id,
      kind: "recommendation",
      recommendedRetailerId: other.id,
    });
    const text = await createWantedAnswer(db(), request.id, { authorId: staff.id, retailerId: shop.id });
    await markWantedSolved(db(), { requestId: request.id, answerId: text.id, userId: requester.id });
    expect(await shopWantedCredit(db(), shop.id)).toEqual({ solved: 1, helped: 1 });
  });
});

describe("moderation", () => {
  it("lets members report requests and answers, and admins remove them (hidden, audited, owner told)", async () => {
    const moderator = await admin();
    const requester = await createUser(db());
    const reporter = await createUser(db());
    const tag = `md${Date.now().toString(36)}`;
    const request = await createWantedRequest(db(), { requesterId: requester.id, title: `Spam ${tag}` });
    const reply = await createWantedAnswer(db(), request.id);
    expect(
      await fileReport(db(), reporter.id, {
        subjectType: "wanted_answer",
        subjectId: reply.id,
        reason: "spam",
        note: null,
      }),
    ).toBe("filed");
    expect(
      await fileReport(db(), reporter.id, {
        subjectType: "wanted_request",
        subjectId: request.id,
        reason: "spam",
        note: null,
      }),
    ).toBe("filed");
    await removeContent(db(), moderator, { type: "wanted_answer", id: reply.id }, "Off topic");
    expect((await wantedRequestPage(db(), request.id, null)).answers).toHaveLength(0);
    await removeContent(db(), moderator, { type: "wanted_request", id: request.id }, "Spam");
    expect((await search({ q: tag })).results).toHaveLength(0);
    await expect(wantedRequestPage(db(), request.id, null)).rejects.toThrow(NotFound);
    expect(
      (await wantedRequestPage(db(), request.id, { userId: requester.id, role: "member" })).request.removedAt,
    ).not.toBeNull();
    const audit = await db()
      .selectFrom("auditLog")
      .select("action")
      .where("subjectId", "in", [request.id, reply.id])
      .execute();
    expect(audit.map((row) => row.action).sort()).toEqual(["wanted_answer.removed", "wanted_request.removed"]);
    expect(await notificationsOf(requester.id, "moderation_content_removed")).toHaveLength(1);
    const reports = await db()
      .selectFrom("reports")
      .select("status")
      .where("subjectId", "in", [request.id, reply.id])
      .execute();
    expect(reports.every((row) => row.status === "actioned")).toBe(true);
  });

  it("hides a suspended member's requests, answers and photos", async () => {
    const moderator = await admin();
    const requester = await createUser(db());
    const tag = `sp${Date.now().toString(36)}`;
    const shelfTag = `sh${Date.now().toString(36)}`;
    const request = await createWantedRequest(db(), {
      requesterId: requester.id,
      title: `Desk ${tag}`,
      photoStorageKey: `req${Date.now()}/photo1`,
    });
    const answerer = await createUser(db());
    const other = await createWantedRequest(db(), { title: `Shelf ${shelfTag}` });
    await createWantedAnswer(db(), other.id, { authorId: answerer.id });
    expect((await search({ q: `shelf ${shelfTag}` })).results.map((row) => row.answers)).toEqual([1]);
    expect(await wantedPhotoAudience(db(), request.photoStorageKey!, null)).toBe("public");
    await suspendUser(db(), moderator, { userId: requester.id, reason: "Scams" });
    await suspendUser(db(), moderator, { userId: answerer.id, reason: "Scams" });
    expect((await search({ q: tag })).results).toHaveLength(0);
    await expect(wantedRequestPage(db(), request.id, null)).rejects.toThrow(NotFound);
    expect(await wantedPhotoAudience(db(), request.photoStorageKey!, null)).toBe("hidden");
    expect((await wantedRequestPage(db(), other.id, null)).answers).toHaveLength(0);
    expect((await search({ q: `shelf ${shelfTag}` })).results.map((row) => row.answers)).toEqual([0]);
  });
});

describe("privacy", () => {
  it("exports a member's requests and answers, and deletion closes and blanks their requests", async () => {
    const member = await createUser(db());
    const request = await createWantedRequest(db(), { requesterId: member.id, title: "Crib for twins" });
    const elsewhere = await createWantedRequest(db());
    const given = await createWantedAnswer(db(), elsewhere.id, { authorId: member.id, body: "Try the co-op" });
    const data = await exportMemberData(db(), member.id);
    expect(data.wantedRequests).toEqual([expect.objectContaining({ id: request.id, title: "Crib for twins" })]);
    expect(data.wantedAnswers).toEqual([expect.objectContaining({ id: given.id, body: "Try the co-op" })]);
    await deleteAccount(db(), member.id, member.password);
    const row = await db()
      .selectFrom("wantedRequests")
      .selectAll()
      .where("id", "=", request.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "closed", title: "Deleted request", details: "", placeName: "" });
    await expect(wantedRequestPage(db(), request.id, null)).rejects.toThrow(NotFound);
  });
});
