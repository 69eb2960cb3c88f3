import { test as base, expect, type BrowserContext } from "@playwright/test";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { sessionsFor } from "~/modules/accounts/sessions.server";
import { e2eSettings } from "../support/e2e-env";
import { createUser } from "../support/factories";
import { connectToServedDatabase } from "../support/remote-database";

type Member = Awaited<ReturnType<typeof createUser>>;

interface Fixtures {
  db: Kysely<Database>;
  /** A fresh member in the database, not signed in. */
  member: Member;
  /** Signs a member in by giving the browser context a real session cookie (only auth.spec uses the form). */
  signIn: (member: Member, context?: BrowserContext) => Promise<void>;
  /** Browser console errors matching these are expected by the test (e.g. the 404 page's own status). */
  allowedConsoleErrors: RegExp[];
  failOnConsoleErrors: void;
}

const settings = e2eSettings();

export const test = base.extend<Fixtures, { database: Kysely<Database> }>({
  database: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const db = connectToServedDatabase(settings.fixturePort);
      await use(db);
      await db.destroy();
    },
    { scope: "worker" },
  ],
  db: async ({ database }, use) => use(database),
  member: async ({ db }, use) => use(await createUser(db, { displayName: "Pat Playwright" })),
  signIn: async ({ db, context, baseURL }, use) => {
    const sessions = sessionsFor(db, { cookieName: "stoop_session", secureCookie: false, days: 30, secret: null });
    await use(async (member, targetContext = context) => {
      const setCookie = await sessions.create(member.id, { userAgent: "playwright fixture", ipAddress: "127.0.0.1" });
      const token = /^stoop_session=([^;]+);/.exec(setCookie)?.[1];
      if (!token) throw new Error("the session module returned no token");
      await targetContext.addCookies([
        { name: "stoop_session", value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" },
      ]);
    });
  },
  allowedConsoleErrors: [[], { option: true }],
  failOnConsoleErrors: [
    async ({ page, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      // Chromium logs every 4xx answer as a console error; forms answer bad input with 400/409/429
      // by design. Script errors and 5xx answers still fail the test.
      const expected = [
        /^Failed to load resource: the server responded with a status of 4\d\d/,
        // The dev mailbox shows email HTML in an iframe sandboxed without scripts, on purpose;
        // Chromium reports it whenever Playwright's own helpers touch that frame.
        /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/,
        ...allowedConsoleErrors,
      ];
      page.on("console", (message) => {
        if (message.type() === "error" && !expected.some((pattern) => pattern.test(message.text()))) {
          errors.push(message.text());
        }
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use();
      expect(errors, "the browser console reported errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
