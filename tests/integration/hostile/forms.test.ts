import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import { createLogger } from "~/lib/logger.server";
import { newId } from "~/lib/ids.server";
import { sessionsFor, type SessionUser } from "~/modules/accounts/sessions.server";
import { useTestDatabase } from "../../support/database";
import {
  DEFAULT_PASSWORD,
  createCompletedOrder,
  createConversation,
  createListing,
  createQuestionWithAnswer,
  createRetailer,
  createReview,
  createUser,
} from "../../support/factories";
import { startStripeStandIn, TEST_WEBHOOK_SECRET } from "../../support/stripe";

/**
 * The hostile replay for text Stoop can't store: every route module on disk that has an action
 * (so routes added later are covered without editing this test) is sent forms whose text fields
 * carry a NUL byte, once per intent the route's source names, by a visitor and by a signed-in
 * admin who owns everything the ids point at. None may answer 500 (PostgreSQL refuses NUL with
 * 22021), and every route that reads a form must say so next to the field: proof that it parses
 * through the one helper in app/lib/forms.ts. Loaders get the same text in their query string
 * and in their params.
 */

const routesDir = path.resolve(import.meta.dirname, "../../../app/routes");
const routeFiles = fs
  .readdirSync(routesDir)
  .filter((file) => /\.tsx?$/.test(file))
  .sort();

/** Routes whose action reads no form fields, and why. */
const NO_FORM_FIELDS: Record<string, string> = {
  "logout.tsx": "signing out reads no fields",
  "verify-email.tsx": "sending a new link reads no fields",
  "verify-email_.$token.tsx": "the token in the link is all it reads",
  "webhooks.stripe.ts": "a raw, signed JSON body: refused by its signature check",
};

type Handler = (args: unknown) => Promise<unknown>;
type RouteModule = { loader?: Handler; action?: Handler };

const HOSTILE = "Hello\u0000there";
const REFUSAL = "characters Stoop can't store";

const database = useTestDatabase();
let standIn: Awaited<ReturnType<typeof startStripeStandIn>>;
let dataDir: string;
let actor: SessionUser;
/** Values for the fields that must look right for a form to reach its text fields. */
let plausible: Record<string, string>;
/** Route param values by route file prefix and param name. */
let paramValues: (file: string, name: string) => string;

beforeAll(async () => {
  const db = database.db;
  standIn = await startStripeStandIn(() => database.db);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stoop-hostile-"));
  const admin = await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: "JBSWY3DPEHPK3PXP" });
  const other = await createUser(db, { displayName: "Olive Other" });
  const ownListing = await createListing(db, { sellerId: admin.id });
  const othersListing = await createListing(db, { sellerId: other.id, shipping: true });
  const { order } = await createCompletedOrder(db, { buyerId: admin.id, sellerId: other.id });
  const retailer = await createRetailer(db, { ownerId: admin.id, services: [{ title: "Cleaning" }] });
  const conversationId = await createConversation(db, {
    listingId: othersListing.id,
    buyerId: admin.id,
    sellerId: other.id,
    messages: [{ senderId: other.id, body: "Still there" }],
  });
  const { questionId, answerId } = await createQuestionWithAnswer(db, {
    listingId: ownListing.id,
    askerId: other.id,
    question: "Does it wobble?",
    answererId: admin.id,
    answer: "No",
  });
  const reviewId = await createReview(db, {
    orderId: order.id,
    subject: "buyer",
    reviewerId: other.id,
    revieweeId: admin.id,
    rating: 5,
    body: "Kind buyer",
  });
  actor = {
    id: admin.id,
    email: admin.email,
    displayName: admin.displayName,
    role: "admin",
    emailVerified: true,
    twoFactorEnabled: true,
    suspension: null,
  };
  const service = retailer.services[0]!;
  plausible = {
    email: "someone-new@example.test",
    newEmail: "someone-newer@example.test",
    password: DEFAULT_PASSWORD,
    currentPassword: DEFAULT_PASSWORD,
    newPassword: "another-horse-battery-staple",
    confirmPassword: "another-horse-battery-staple",
    code: "123456",
    price: "12.50",
    amount: "12.50",
    shippingPrice: "5",
    minPrice: "1",
    maxPrice: "100",
    rating: "5",
    leadDays: "2",
    serviceRadiusKm: "10",
    days: "30",
    radius: "10",
    condition: "good",
    categoryId: "furniture",
    category: "furniture",
    categories: "furniture",
    delivery: "pickup",
    performedAt: "shop",
    subjectType: "listing",
    subjectId: othersListing.id,
    redirectTo: "/",
    returnTo: "/",
    website: "https://example.test",
    shipping: "yes",
    pickup: "yes",
    active: "yes",
    free: "yes",
    coverPhoto: "1",
    listingId: othersListing.id,
    orderId: order.id,
    userId: other.id,
    retailerId: retailer.id,
    serviceId: service.id,
    services: service.id,
    questionId,
    answerId,
    assigneeId: admin.id,
    id: othersListing.id,
    slug: `shop-${newId()
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")}`.slice(0, 30),
    place: "Portland, OR",
    location: "45.52,-122.68",
  };
  paramValues = (file, name) => {
    if (name === "token") return "a".repeat(32);
    if (name === "slug") return retailer.slug;
    if (name === "serviceId") return service.id;
    if (name === "lineId") return newId();
    if (file.startsWith("listings.$id_.edit")) return ownListing.id;
    if (file.startsWith("listings.")) return othersListing.id;
    if (file.startsWith("orders.")) return order.id;
    if (file.startsWith("messages.")) return conversationId;
    if (file.startsWith("reviews.")) return reviewId;
    if (file.startsWith("members.")) return other.id;
    return newId();
  };
});

afterAll(async () => {
  await standIn?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function context(user: SessionUser | null): AppLoadContext {
  const db = database.db;
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    PUBLIC_URL: "http://stoop.test",
    LOG_LEVEL: "silent",
  });
  return {
    db,
    config,
    logger: createLogger("silent"),
    requestId: "hostile",
    clientIp: "203.0.113.9",
    sessions: sessionsFor(db, { cookieName: "stoop_session", secureCookie: false, days: 30, secret: null }),
    auth: { user, token: user ? "token" : null },
    payments: { stripe: standIn.stripe, standIn: standIn.standIn, webhookSecret: TEST_WEBHOOK_SECRET, testMode: true },
    // The live stream's host, full: /events reads its input, then is refused a stream (a 429)
    // instead of holding the request open. tests/integration/community/live-events.test.ts opens
    // real streams.
    live: { open: async () => null },
  } as unknown as AppLoadContext;
}

function urlPathOf(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.tsx?$/, "")
    .replace(/(^|\.)_index$/, "")
    .split(".")
    .map((segment) => segment.replace(/_$/, "").replace(/^_/, ""))
    .filter(Boolean)
    .map((segment) =>
      segment === "$"
        ? params["*"]!
        : segment.startsWith("$")
          ? encodeURIComponent(params[segment.slice(1)]!)
          : segment,
    );
  return `/${segments.join("/")}`;
}

function paramsFor(file: string, hostile = false): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of file.matchAll(/\$(\w+)/g)) params[match[1]!] = hostile ? HOSTILE : paramValues(file, match[1]!);
  if (/(^|\.)\$\.tsx?$/.test(file)) params["*"] = hostile ? HOSTILE : "x/y";
  return params;
}

/** Field names and intents the route's own source (and the components it renders) mention. */
function formVocabulary(file: string): { fields: string[]; intents: string[] } {
  const source = fs.readFileSync(path.join(routesDir, file), "utf8");
  const components = [...source.matchAll(/from "~\/components\/([\w-]+)"/g)]
    .map((match) => path.resolve(routesDir, `../components/${match[1]}.tsx`))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file, "utf8"));
  const text = [source, ...components].join("\n");
  const fields = new Set<string>(["intent", "title", "description", "body", "message", "name", "note", "reason"]);
  for (const match of text.matchAll(/name="([A-Za-z_]+)"/g)) fields.add(match[1]!);
  for (const match of text.matchAll(/^\s+([a-z][A-Za-z]*): z\./gm)) fields.add(match[1]!);
  const intents = new Set<string>([""]);
  for (const match of text.matchAll(/name="intent"\s+value="([\w-]+)"/g)) intents.add(match[1]!);
  for (const match of text.matchAll(/intent: z\.literal\("([\w-]+)"\)/g)) intents.add(match[1]!);
  for (const match of text.matchAll(/intent === "([\w-]+)"/g)) intents.add(match[1]!);
  for (const match of text.matchAll(/intent: z\.enum\(\[([^\]]+)\]/g))
    for (const value of match[1]!.matchAll(/"([\w-]+)"/g)) intents.add(value[1]!);
  return { fields: [...fields], intents: [...intents] };
}

interface Outcome {
  status: number;
  text: string;
}

async function call(handler: Handler, request: Request, params: Record<string, string>, user: SessionUser | null) {
  let result: unknown;
  try {
    result = await handler({ request, params, context: context(user) });
  } catch (error) {
    if (!(error instanceof Response)) return { status: 500, text: String(error) };
    result = error;
  }
  if (!(result instanceof Response)) return { status: 200, text: JSON.stringify(result) };
  return { status: result.status, text: await result.text() };
}

function hostileForm(fields: string[], intent: string, multipart: boolean): URLSearchParams | FormData {
  const body = new URLSearchParams();
  for (const field of fields) {
    if (field === "intent") {
      if (intent) body.set("intent", intent);
    } else body.set(field, field in plausible ? plausible[field]! : HOSTILE);
  }
  // Every field gets a NUL in at least one copy, so the check can't be dodged by a clean first value.
  for (const field of fields) if (field !== "intent") body.append(field, HOSTILE);
  if (!multipart) return body;
  const form = new FormData();
  for (const [key, value] of body) form.append(key, value);
  return form;
}

describe("text Stoop can't store, sent to every route", () => {
  it("finds the routes on disk", () => {
    expect(routeFiles).toEqual(expect.arrayContaining(["signup.tsx", "listings.new.tsx", "search.tsx"]));
  });

  for (const file of routeFiles) {
    describe(file, () => {
      it("never answers a form holding a NUL byte with a 500, and refuses it next to the field", async () => {
        const route = (await import(path.join(routesDir, file))) as RouteModule;
        if (!route.action) return;
        const { fields, intents } = formVocabulary(file);
        const params = paramsFor(file);
        const outcomes: Outcome[] = [];
        for (const user of [null, actor]) {
          for (const intent of intents) {
            // Both encodings a browser uses: the photo forms only take multipart.
            for (const multipart of [false, true]) {
              const request = new Request(`http://stoop.test${urlPathOf(file, params)}`, {
                method: "POST",
                body: hostileForm(fields, intent, multipart),
              });
              const outcome = await call(route.action, request, params, user);
              const label = `${user ? "admin" : "visitor"}, intent "${intent}", ${multipart ? "multipart" : "urlencoded"}`;
              expect(outcome.status, `${label}: ${outcome.text}`).toBeLessThan(500);
              outcomes.push(outcome);
            }
          }
        }
        // A route may refuse who or what before it reads the body (cheapest first); only a route
        // that went on to read the form must have refused the text.
        const readTheForm = outcomes.some((outcome) => ![302, 403, 404, 415].includes(outcome.status));
        if (file in NO_FORM_FIELDS || !readTheForm) return;
        expect(
          outcomes.some((outcome) => outcome.status === 400 && outcome.text.includes(REFUSAL)),
          `no answer said "${REFUSAL}": ${outcomes.map((outcome) => `${outcome.status} ${outcome.text.slice(0, 80)}`).join(" | ")}`,
        ).toBe(true);
      });

      it("never answers a NUL byte in the query string or the params with a 500", async () => {
        const route = (await import(path.join(routesDir, file))) as RouteModule;
        if (!route.loader) return;
        const { fields } = formVocabulary(file);
        const query = new URLSearchParams(fields.map((field) => [field, HOSTILE]));
        for (const user of [null, actor]) {
          for (const params of [paramsFor(file), paramsFor(file, true)]) {
            const request = new Request(`http://stoop.test${urlPathOf(file, params)}?${query}`);
            const outcome = await call(route.loader, request, params, user);
            expect(outcome.status, `${user ? "admin" : "visitor"} ${request.url}: ${outcome.text}`).toBeLessThan(500);
          }
        }
      });
    });
  }
});
