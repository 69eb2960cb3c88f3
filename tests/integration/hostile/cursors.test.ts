import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { loader as auditLoader } from "~/routes/admin.audit";
import { loader as searchLoader } from "~/routes/search";
import { loader as wantedLoader } from "~/routes/wanted._index";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { useTestDatabase } from "../../support/database";
import { createListing } from "../../support/factories";
import { createWantedRequest } from "../../support/wanted-factories";

/** Keyset page links are typed by hand sometimes: a tampered one is a 400 that says so, never a cast error. */

const database = useTestDatabase();
const link = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const admin: SessionUser = {
  id: "admin-id",
  email: "admin@example.test",
  displayName: "Ada Admin",
  role: "admin",
  emailVerified: true,
  twoFactorEnabled: true,
  suspension: null,
};

function context(user: SessionUser | null) {
  return { db: database.db, auth: { user, token: user ? "token" : null } } as unknown as AppLoadContext;
}

async function statusAndBody(work: Promise<unknown>) {
  try {
    const response = (await work) as Response;
    return { status: response.status, body: await response.text() };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, body: await error.text() };
    return { status: 500, body: String(error) };
  }
}

describe("a broken page link", () => {
  it.each([
    ["price_asc", link(["abc", "x"])],
    ["price_desc", link([1.5, "x"])],
    ["newest", link(["2026-13-45 99:00:00+00", "x"])],
    ["newest", link([42, "x"])],
    ["nearest", link(["far", "x"])],
    ["newest", "not-base64-json"],
  ])("on the search page sorted by %s says to start again (400)", async (sort, cursor) => {
    await createListing(database.db, { title: "Oak desk" });
    const near = sort === "nearest" ? "&near=97201" : "";
    const request = new Request(`http://stoop.test/search?sort=${sort}${near}&cursor=${cursor}`);
    const outcome = await statusAndBody(searchLoader({ request, params: {}, context: context(null) } as never));
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain("That page link is broken; start the search again.");
  });

  it.each([
    ["", link(["2026-13-45 99:00:00+00", "x"])],
    ["", link([42, "x"])],
    ["&q=bike", link(["later", "x"])],
    ["", "not-base64-json"],
  ])("on /wanted%s says to start again (400)", async (query, cursor) => {
    await createWantedRequest(database.db, { title: "A bike" });
    const request = new Request(`http://stoop.test/wanted?cursor=${cursor}${query}`);
    const outcome = await statusAndBody(wantedLoader({ request, params: {}, context: context(null) } as never));
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain("That page link is broken; start the search again.");
  });

  it("on the audit log is read as the first page, not sent to the database", async () => {
    const before = encodeURIComponent("2026-19-45T99:00:00.000Z~abc");
    const request = new Request(`http://stoop.test/admin/audit?before=${before}`);
    const outcome = await statusAndBody(auditLoader({ request, params: {}, context: context(admin) } as never));
    expect(outcome.status).toBe(200);
  });
});
