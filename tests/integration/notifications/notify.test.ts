import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "~db/transaction";
import { Forbidden } from "~/lib/errors";
import { deliverEmail } from "~/modules/notifications/deliver-email.server";
import {
  listNotifications,
  markAllRead,
  markRead,
  notify,
  preferencesFor,
  setPreference,
  unreadCount,
  unsubscribeFromEmail,
} from "~/modules/notifications/notify.server";
import { readUnsubscribeToken, unsubscribeToken } from "~/modules/notifications/unsubscribe.server";
import { createUser } from "../../support/factories";
import { useTestDatabase } from "../../support/database";
import { temporaryMailbox } from "../../support/mail";

const database = useTestDatabase();
const content = { title: "Your bike sold", body: "Alex bought your blue bike.", url: "/settings" };

async function outboxFor(userId: string) {
  return database.db.selectFrom("emailOutbox").selectAll().where("userId", "=", userId).execute();
}

async function deliveryJobsFor(outboxIds: string[]) {
  if (outboxIds.length === 0) return [];
  const result = await sql<{ id: string }>`
    select id from pgboss.job where name = 'email-deliver' and data->>'outboxId' in (${sql.join(outboxIds)})`.execute(
    database.db,
  );
  return result.rows;
}

describe("notify", () => {
  it("writes the in-app notification, the outbox email and its delivery job together", async () => {
    const member = await createUser(database.db);
    const result = await transaction(database.db, (trx) => notify(trx, member.id, "order_paid", content));
    expect(result).toEqual({ inApp: true, email: true, push: 0, duplicate: false });
    expect(await listNotifications(database.db, member.id)).toMatchObject([
      { kind: "order_paid", title: content.title },
    ]);
    const outbox = await outboxFor(member.id);
    expect(outbox).toMatchObject([{ toAddress: member.email, subject: content.title, sentAt: null }]);
    expect(await deliveryJobsFor(outbox.map((row) => row.id))).toHaveLength(1);
  });

  it("leaves no notification, email or job behind when the causing transaction rolls back", async () => {
    const member = await createUser(database.db);
    await expect(
      transaction(database.db, async (trx) => {
        await notify(trx, member.id, "order_paid", content);
        throw new Error("payment failed");
      }),
    ).rejects.toThrow("payment failed");
    expect(await listNotifications(database.db, member.id)).toEqual([]);
    expect(await outboxFor(member.id)).toEqual([]);
  });

  it("follows the member's channel choices for each kind", async () => {
    const member = await createUser(database.db);
    await setPreference(database.db, member.id, { kind: "new_message", inApp: true, email: false });
    await setPreference(database.db, member.id, { kind: "offer_received", inApp: false, email: true });
    await setPreference(database.db, member.id, { kind: "order_shipped", inApp: false, email: false });

    expect(await notify(database.db, member.id, "new_message", content)).toMatchObject({ inApp: true, email: false });
    expect(await notify(database.db, member.id, "offer_received", content)).toMatchObject({
      inApp: false,
      email: true,
    });
    expect(await notify(database.db, member.id, "order_shipped", content)).toMatchObject({
      inApp: false,
      email: false,
    });

    expect((await listNotifications(database.db, member.id)).map((row) => row.kind)).toEqual(["new_message"]);
    expect((await outboxFor(member.id)).map((row) => row.kind)).toEqual(["offer_received"]);
    const preferences = await preferencesFor(database.db, member.id);
    expect(preferences.find((preference) => preference.kind === "order_paid")).toEqual({
      kind: "order_paid",
      inApp: true,
      email: true,
      push: true,
    });
  });

  it("ignores a repeated notification with the same dedupe key", async () => {
    const member = await createUser(database.db);
    await notify(database.db, member.id, "saved_search_match", content, { dedupeKey: "search-1:listing-9" });
    const again = await notify(database.db, member.id, "saved_search_match", content, {
      dedupeKey: "search-1:listing-9",
    });
    expect(again).toEqual({ inApp: false, email: false, push: 0, duplicate: true });
    expect(await listNotifications(database.db, member.id)).toHaveLength(1);
    expect(await outboxFor(member.id)).toHaveLength(1);
  });
});

describe("reading notifications", () => {
  it("counts unread ones and lets the member mark one or all read", async () => {
    const member = await createUser(database.db);
    for (let index = 0; index < 3; index++)
      await notify(database.db, member.id, "new_message", { ...content, title: `Message ${index}` });
    expect(await unreadCount(database.db, member.id)).toBe(3);
    const [newest] = await listNotifications(database.db, member.id);
    expect(newest?.title).toBe("Message 2");
    await markRead(database.db, member.id, newest!.id);
    expect(await unreadCount(database.db, member.id)).toBe(2);
    expect(await markAllRead(database.db, member.id)).toBe(2);
    expect(await unreadCount(database.db, member.id)).toBe(0);
  });

  it("refuses to mark another member's notification", async () => {
    const owner = await createUser(database.db);
    const stranger = await createUser(database.db);
    await notify(database.db, owner.id, "new_message", content);
    const [notification] = await listNotifications(database.db, owner.id);
    await expect(markRead(database.db, stranger.id, notification!.id)).rejects.toThrow(Forbidden);
    expect(await unreadCount(database.db, owner.id)).toBe(1);
  });
});

describe("email delivery from the outbox", () => {
  let mailbox: Awaited<ReturnType<typeof temporaryMailbox>>;
  beforeAll(async () => {
    mailbox = await temporaryMailbox();
  });
  afterAll(async () => {
    await mailbox.remove();
  });

  it("sends each outbox row exactly once even when two workers race for it", async () => {
    const member = await createUser(database.db);
    await notify(database.db, member.id, "order_completed", content);
    const [row] = await outboxFor(member.id);
    let releaseSend!: () => void;
    const sendHeld = new Promise<void>((resolve) => (releaseSend = resolve));
    let firstSendStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstSendStarted = resolve));
    const slowTransport = {
      kind: "mailbox" as const,
      async send(email: Parameters<typeof mailbox.transport.send>[0]) {
        firstSendStarted();
        await sendHeld;
        await mailbox.transport.send(email);
      },
    };
    const deps = { transport: slowTransport, publicUrl: "http://stoop.test", from: "Stoop <no-reply@stoop.test>" };
    const first = deliverEmail(database.db, deps, row!.id);
    await started;
    const second = deliverEmail(database.db, deps, row!.id);
    // On PostgreSQL the second worker skips the locked row at once; on PGlite it waits for the first commit.
    if (database.kind === "postgres") expect(await second).toBe("in-progress");
    releaseSend();
    expect(await first).toBe("sent");
    if (database.kind === "pglite") expect(await second).toBe("already-sent");
    expect(mailbox.sent.filter((email) => email.id === row!.id)).toHaveLength(1);
    expect(await deliverEmail(database.db, deps, row!.id)).toBe("already-sent");
  });

  it("renders an HTML and a text body with absolute links and one-click unsubscribe headers", async () => {
    const member = await createUser(database.db);
    await notify(database.db, member.id, "order_shipped", {
      title: "On its way <3",
      body: "Tracking: 123 & more",
      url: "/orders/abc",
    });
    const [row] = await outboxFor(member.id);
    const deps = {
      transport: mailbox.transport,
      publicUrl: "https://stoop.example",
      from: "Stoop <no-reply@stoop.example>",
    };
    expect(await deliverEmail(database.db, deps, row!.id)).toBe("sent");
    const email = mailbox.sent.find((candidate) => candidate.id === row!.id)!;
    expect(email.html).toContain("On its way &lt;3");
    expect(email.html).toContain('href="https://stoop.example/orders/abc"');
    expect(email.text).toContain("Open on Stoop: https://stoop.example/orders/abc");
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/stoop\.example\/email\/unsubscribe\/[^>]+>$/);
  });
});

describe("unsubscribe links", () => {
  it("carry a signed token that turns off exactly that kind of email", async () => {
    const member = await createUser(database.db);
    const token = await unsubscribeToken(database.db, member.id, "new_message");
    expect(await readUnsubscribeToken(database.db, token)).toEqual({ userId: member.id, kind: "new_message" });
    await unsubscribeFromEmail(database.db, member.id, "new_message");
    const preferences = await preferencesFor(database.db, member.id);
    expect(preferences.find((preference) => preference.kind === "new_message")).toMatchObject({
      inApp: true,
      email: false,
    });
    expect(preferences.find((preference) => preference.kind === "order_paid")).toMatchObject({ email: true });
  });

  it("reject a token whose kind or member was changed", async () => {
    const member = await createUser(database.db);
    const token = await unsubscribeToken(database.db, member.id, "new_message");
    const [user, , signature] = token.split(".");
    expect(await readUnsubscribeToken(database.db, `${user}.order_paid.${signature}`)).toBeNull();
    expect(
      await readUnsubscribeToken(
        database.db,
        `${Buffer.from("someone-else").toString("base64url")}.new_message.${signature}`,
      ),
    ).toBeNull();
    expect(await readUnsubscribeToken(database.db, "garbage")).toBeNull();
  });
});
