import fs from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { newId } from "~/lib/ids.server";
import { hashSecretToken, issueAccountToken, newSecretToken } from "~/modules/accounts/tokens.server";
import { unsubscribeToken } from "~/modules/notifications/unsubscribe.server";
import { handoverKey, handoverLinkToken } from "~/modules/orders/handover.server";
import {
  createCompletedOrder,
  createConversation,
  createListing,
  createRetailer,
  createReview,
  createServiceLine,
  createUser,
  DEFAULT_PASSWORD,
} from "../support/factories";
import { KNOWN_TOTP_SECRET } from "../support/totp";
import { createQuote, createWantedRequest } from "../support/wanted-factories";
import { expect, expectNoSeriousViolations, test } from "./fixtures";
import { SWEEP_PAGES, SWEEP_ROLES, type SweepPage, type SweepRole, type SweepWorld } from "./page-sweep-pages";

/**
 * The overflow sweep (issue 17): every page, as each role that sees it, at a phone's 360 px and a
 * desktop's 1280 px. Each visit must answer with the page (its status, no redirect away), fit the
 * window (document scrollWidth <= clientWidth) and, at 360 px, pass axe on the whole page (the
 * other accessibility specs scan most pages at the default 1280 px). A screenshot of every visit is
 * kept in artifacts/screens/<role>-<page>-<width>.png, pass or fail, and .ci/run says where.
 * Problems are collected and reported together, so one run lists every page that needs a fix.
 */

const WIDTHS = [360, 1280] as const;
const SCREENS_DIR = path.resolve("artifacts/screens");
/** Time per page: two loads, two full-page screenshots, one axe scan (its own budget is added by the scan). */
const PER_PAGE_MS = 12_000;

type Member = Awaited<ReturnType<typeof createUser>>;

interface People {
  buyer: Member;
  seller: Member;
  owner: Member;
  admin: Member;
}

async function paidPickupOrder(db: Kysely<Database>, people: People, title: string) {
  const listing = await createListing(db, { sellerId: people.seller.id, title, status: "reserved", photoKeys: [] });
  const orderId = newId();
  await db
    .insertInto("orders")
    .values({
      id: orderId,
      listingId: listing.id,
      buyerId: people.buyer.id,
      sellerId: people.seller.id,
      delivery: "pickup",
      itemCents: listing.priceCents,
      shippingCents: 0,
      totalCents: listing.priceCents,
      platformFeeCents: 155,
      status: "paid",
      paidAt: new Date(),
    })
    .execute();
  await db
    .insertInto("orderEvents")
    .values({ id: newId(), orderId, actorId: null, event: "pay", fromStatus: "pending_payment", toStatus: "paid" })
    .execute();
  return orderId;
}

/** A disputed order, written as disputes.server.ts's openDispute leaves it (fixtures cannot open transactions). */
async function disputedOrder(db: Kysely<Database>, people: People) {
  const orderId = await paidPickupOrder(db, people, "Oak dining table with two extension leaves");
  const disputeId = newId();
  await db
    .insertInto("disputes")
    .values({
      id: disputeId,
      orderId,
      source: "buyer",
      status: "open",
      reason: "not_as_described",
      openedBy: people.buyer.id,
      orderStatusBefore: "paid",
    })
    .execute();
  await db
    .insertInto("disputeEvents")
    .values({ id: newId(), disputeId, actorId: people.buyer.id, event: "open", fromStatus: null, toStatus: "open" })
    .execute();
  await db.updateTable("orders").set({ status: "disputed" }).where("id", "=", orderId).execute();
  await db
    .insertInto("orderEvents")
    .values({
      id: newId(),
      orderId,
      actorId: people.buyer.id,
      event: "dispute",
      fromStatus: "paid",
      toStatus: "disputed",
    })
    .execute();
  await db
    .insertInto("disputeMessages")
    .values({
      id: newId(),
      disputeId,
      authorId: people.buyer.id,
      authorRole: "buyer",
      body: "One of the extension leaves is cracked along its whole length; the listing said both were perfect.",
    })
    .execute();
  return disputeId;
}

/** One of everything a page needs, owned by the four signed-in roles. Realistic lengths on purpose. */
async function buildWorld(db: Kysely<Database>): Promise<{ people: People; world: SweepWorld }> {
  const people: People = {
    buyer: await createUser(db, { displayName: "Priya Raghunathan" }),
    seller: await createUser(db, { displayName: "Jonas Kowalski-Berg" }),
    owner: await createUser(db, { displayName: "Hana Okafor" }),
    admin: await createUser(db, { role: "admin", displayName: "Ada Admin", totpSecret: KNOWN_TOTP_SECRET }),
  };
  const listing = await createListing(db, {
    sellerId: people.seller.id,
    title: "Mid-century teak armchair with new wool cushions",
    description: "Solid teak frame, re-oiled last spring. The cushions are new (grey wool). Pickup in Sellwood.",
    shipping: true,
    photoKeys: [],
  });
  const shop = await createRetailer(db, {
    ownerId: people.owner.id,
    name: "Hawthorne Bicycle Repair Collective",
    services: [{ title: "Full tune-up with brake and gear adjustment", priceCents: 4500, categoryIds: ["bikes"] }],
  });
  const service = shop.services[0]!;
  const paidOrderId = await paidPickupOrder(db, people, "Vintage Schwinn road bike, 58 cm frame");

  const completed = await createCompletedOrder(db, {
    buyerId: people.buyer.id,
    sellerId: people.seller.id,
    title: "Cast-iron dutch oven, 5.5 quart",
  });
  const serviceLine = await createServiceLine(db, { orderId: completed.order.id, service });
  const reviewed = await createCompletedOrder(db, {
    buyerId: people.buyer.id,
    sellerId: people.seller.id,
    title: "Bookshelf, five shelves",
  });
  const reviewId = await createReview(db, {
    orderId: reviewed.order.id,
    subject: "seller",
    reviewerId: people.buyer.id,
    revieweeId: people.seller.id,
    rating: 4,
    body: "Exactly as described and Jonas helped carry it to the car. A little late to the pickup.",
  });
  // Reviews stay hidden until both sides wrote one (or the window closed); this one is shown.
  await createReview(db, {
    orderId: reviewed.order.id,
    subject: "buyer",
    reviewerId: people.seller.id,
    revieweeId: people.buyer.id,
    rating: 5,
    body: "Friendly and on time.",
  });
  const conversationId = await createConversation(db, {
    listingId: listing.id,
    buyerId: people.buyer.id,
    sellerId: people.seller.id,
    messages: [
      { senderId: people.buyer.id, body: "Hi! Is the armchair still available this weekend?" },
      { senderId: people.seller.id, body: "It is. Saturday morning works; I'm near SE 13th and Tacoma." },
    ],
  });
  const disputeId = await disputedOrder(db, people);

  const wanted = await createWantedRequest(db, {
    requesterId: people.buyer.id,
    title: "Looking for a kids' bike, 20 inch, for a seven-year-old",
  });
  const quote = await createQuote(db, wanted.id, { shop: { id: shop.id, ownerId: people.owner.id } });

  const passportId = newId();
  await db.insertInto("itemPassports").values({ id: passportId }).execute();

  const inviteToken = newSecretToken();
  await db
    .insertInto("retailerInvites")
    .values({
      id: newId(),
      retailerId: shop.id,
      email: people.buyer.email,
      tokenHash: hashSecretToken(inviteToken),
      invitedBy: people.owner.id,
      expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    })
    .execute();

  return {
    people,
    world: {
      sellerId: people.seller.id,
      listingId: listing.id,
      paidOrderId,
      completedOrderId: completed.order.id,
      serviceLineId: serviceLine.id,
      reviewId,
      conversationId,
      disputeId,
      shopSlug: shop.slug,
      serviceId: service.id,
      wantedId: wanted.id,
      quoteAnswerId: quote.answer.id,
      passportId,
      handoverToken: handoverLinkToken(await handoverKey(db, null), paidOrderId),
      resetToken: await issueAccountToken(db, people.buyer.id, "reset_password"),
      verifyToken: await issueAccountToken(db, people.buyer.id, "verify_email"),
      unsubscribeToken: await unsubscribeToken(db, people.buyer.id, "order_paid"),
      inviteToken,
      mailboxId: "",
    },
  };
}

/** The browser steps some pages need first (SweepPage.before). */
async function prepare(page: Page, step: SweepPage["before"], people: People, world: SweepWorld) {
  if (step === "start-two-factor-sign-in") {
    await page.goto("/login");
    await page.getByLabel("Email").fill(people.admin.email);
    await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login\/two-factor$/);
  } else if (step === "send-an-email") {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(people.owner.email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page.getByRole("button", { name: "Send me a link" })).toBeHidden();
    // The email is written by a job; the mailbox lists it once it is there.
    await expect(async () => {
      await page.goto("/dev/mailbox");
      const href = await page
        .getByRole("row")
        .filter({ hasText: people.owner.email })
        .getByRole("link")
        .first()
        .getAttribute("href", { timeout: 500 });
      world.mailboxId = href!.split("/").pop()!;
    }).toPass({ timeout: 20_000 });
  }
}

/** The elements sticking out past the window's right edge, innermost first, for the failure message. */
async function widestElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const describe = (element: Element) => {
      const classes = [...element.classList].slice(0, 2).join(".");
      return `${element.tagName.toLowerCase()}${classes ? `.${classes}` : ""} (right edge ${Math.round(element.getBoundingClientRect().right)} px)`;
    };
    const sticking = [...document.body.querySelectorAll("*")].filter(
      (element) => element.getBoundingClientRect().right > limit + 0.5,
    );
    const innermost = sticking.filter(
      (element) => !sticking.some((other) => other !== element && element.contains(other)),
    );
    if (innermost.length) return innermost.slice(0, 4).map(describe);
    // No box sticks out, so text does: an element whose content is wider than the element.
    return [...document.body.querySelectorAll("*")]
      .filter(
        (element) => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === "visible",
      )
      .slice(-4)
      .map((element) => `text in ${describe(element)}`);
  });
}

async function sweep(page: Page, role: SweepRole, people: People, world: SweepWorld) {
  const pages = SWEEP_PAGES.filter((entry) => entry.role === role);
  test.setTimeout(30_000 + pages.length * PER_PAGE_MS);
  await fs.mkdir(SCREENS_DIR, { recursive: true });
  const problems: string[] = [];
  for (const entry of pages) {
    if (entry.before) {
      try {
        await prepare(page, entry.before, people, world);
      } catch (error) {
        problems.push(`${role} ${entry.file}: could not ${entry.before}: ${(error as Error).message.split("\n")[0]}`);
        continue;
      }
    }
    const url = entry.path(world);
    const name =
      entry.file
        .replace(/\.tsx?$/, "")
        .replace(/[^a-z0-9]+/gi, "-")
        .replace(/^-|-$/g, "") || "splat";
    for (const width of WIDTHS) {
      const where = `${role} ${url} (${entry.file}) at ${width} px`;
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      const response = await page.goto(url);
      const status = response?.status();
      if (status !== (entry.status ?? 200)) problems.push(`${where}: answered ${status}`);
      const landed = new URL(page.url()).pathname;
      if (landed !== new URL(url, page.url()).pathname) problems.push(`${where}: redirected to ${landed}`);
      await expect(page.getByRole("main")).toBeVisible();
      const size = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      if (size.scroll > size.client) {
        problems.push(
          `${where}: ${size.scroll} px wide in a ${size.client} px window; sticking out: ${(await widestElements(page)).join(", ")}`,
        );
      }
      await page.screenshot({ path: path.join(SCREENS_DIR, `${role}-${name}-${width}.png`), fullPage: true });
      if (width === 360) {
        try {
          await expectNoSeriousViolations(page, where, { wholePage: true });
        } catch (error) {
          problems.push(`${where}: ${(error as Error).message.split("\n").slice(0, 12).join(" ")}`);
        }
      }
    }
  }
  expect(problems, `pages of the ${role} that fail the sweep`).toEqual([]);
}

for (const role of SWEEP_ROLES) {
  test(`every page a ${role} sees fits 360 and 1280 px without sideways scrolling and passes axe`, async ({
    page,
    db,
    signIn,
  }) => {
    const { people, world } = await buildWorld(db);
    const signedIn: Record<SweepRole, Member | null> = {
      visitor: null,
      member: people.buyer,
      seller: people.seller,
      staff: people.owner,
      admin: people.admin,
    };
    const person = signedIn[role];
    if (person) await signIn(person);
    await sweep(page, role, people, world);
  });
}
