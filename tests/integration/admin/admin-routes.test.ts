import fs from "node:fs";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { useTestDatabase } from "../../support/database";

/**
 * Every admin route, found on disk (so routes other branches add later are covered without
 * editing this test): a member gets 403 from its loader and its action, an anonymous visitor is
 * sent to sign in, and neither ever reaches the route's own code.
 */

const routesDir = path.resolve(import.meta.dirname, "../../../app/routes");
const adminRouteFiles = fs
  .readdirSync(routesDir)
  .filter((file) => /^admin([._].*)?\.tsx?$/.test(file))
  .sort();

type RouteModule = {
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
};

const database = useTestDatabase();

function visitor(user: SessionUser | null): AppLoadContext {
  // Only what the guards read; a route that touched anything else before its guard would crash.
  return { db: database.db, auth: { user, token: user ? "token" : null } } as unknown as AppLoadContext;
}

const member: SessionUser = {
  id: "member-id",
  email: "member@example.test",
  displayName: "Mo Member",
  role: "member",
  emailVerified: true,
  twoFactorEnabled: true,
  suspension: null,
};

/** Params for `$name` segments: any value, since the guard runs before they are read. */
function paramsFor(file: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of file.matchAll(/\$(\w+)/g)) params[match[1]!] = "x";
  if (file.includes(".$.") || file.endsWith(".$.tsx")) params["*"] = "x";
  return params;
}

async function outcome(handler: (args: unknown) => Promise<unknown>, file: string, user: SessionUser | null) {
  const urlPath = `/${file
    .replace(/\.tsx?$/, "")
    .replace(/\._index$/, "")
    .replace(/\./g, "/")}`;
  const request = new Request(`http://stoop.test${urlPath}`, {
    method: "POST",
    body: new URLSearchParams({ intent: "x" }),
  });
  try {
    const result = await handler({ request, params: paramsFor(file), context: visitor(user) });
    return { threw: false as const, status: result instanceof Response ? result.status : 200, location: null };
  } catch (error) {
    if (!(error instanceof Response)) return { threw: true as const, status: -1, location: String(error) };
    return { threw: true as const, status: error.status, location: error.headers.get("Location") };
  }
}

describe("admin routes", () => {
  it("finds the admin routes on disk", () => {
    expect(adminRouteFiles).toEqual(expect.arrayContaining(["admin.tsx", "admin.jobs.tsx", "admin._index.tsx"]));
  });

  for (const file of adminRouteFiles) {
    describe(file, () => {
      it("answers a member with 403 in its loader and action", async () => {
        const route = (await import(path.join(routesDir, file))) as RouteModule;
        const handlers = [route.loader, route.action].filter((handler) => handler !== undefined);
        expect(handlers.length).toBeGreaterThan(0);
        for (const handler of handlers) {
          expect(await outcome(handler, file, member)).toMatchObject({ threw: true, status: 403 });
        }
      });

      it("sends an anonymous visitor to sign in", async () => {
        const route = (await import(path.join(routesDir, file))) as RouteModule;
        for (const handler of [route.loader, route.action].filter((handler) => handler !== undefined)) {
          const result = await outcome(handler, file, null);
          expect(result.status).toBe(302);
          expect(result.location).toMatch(/^\/login\?redirectTo=/);
        }
      });
    });
  }
});
