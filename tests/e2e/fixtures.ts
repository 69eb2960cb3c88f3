import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
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

/**
 * Time each axe scan adds to the running test's budget. A scan costs ~1 s on an idle machine and
 * several on a loaded CI box (two cores, load ~10); adding it per scan keeps a test with six scans
 * from racing the 30 s default while the rest of the test keeps its usual deadline.
 */
const AXE_SCAN_BUDGET_MS = 15_000;
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Asserts that the page has no serious or critical WCAG 2.1 A/AA violations and no id used twice.
 *
 * The scan covers `main` only: the header, the banners and the footer come from root.tsx and are
 * the same on every page, so accessibility.spec.ts scans them once per state (signed out, member,
 * admin, unverified, suspended) with `{ wholePage: true }`. Without the whole page axe skips its
 * page-level rules; the one that differs per page, `document-title`, is checked here directly.
 * Duplicate ids are checked over the whole document because axe no longer reports them (its
 * `duplicate-id` rules are deprecated and outside the WCAG 2.1 tags) and a second `id="answer-…"`
 * breaks the links that jump to an answer.
 */
export async function expectNoSeriousViolations(page: Page, label?: string, options: { wholePage?: boolean } = {}) {
  const info = test.info();
  info.setTimeout(info.timeout + AXE_SCAN_BUDGET_MS);
  const where = label ?? new URL(page.url()).pathname;
  await expect(page, `${where} has a title`).toHaveTitle(/\S/);
  const duplicateIds = await page.evaluate(() => {
    const counts = new Map<string, number>();
    for (const element of document.querySelectorAll("[id]")) counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
    return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
  });
  expect(duplicateIds, `${where} uses these ids more than once`).toEqual([]);
  // A fully sandboxed frame (the dev mailbox's email HTML) runs no scripts: axe cannot run inside it
  // and its partial run there never settles, so the scan skips such frames (their content is an
  // email, not a Stoop page).
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('iframe[sandbox=""]');
  if (!options.wholePage) builder = builder.include("main");
  const results = await builder.analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
  expect(serious, `${where} has serious accessibility violations`).toEqual([]);
}
