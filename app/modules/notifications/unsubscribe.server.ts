import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { isNotificationKind, type NotificationKind } from "./kinds";

/**
 * One-click unsubscribe links carry `userId.kind.signature`: no table, no expiry (a link in an old
 * email must keep working), and only someone holding the email can forge nothing else.
 */
async function unsubscribeSecret(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom("appSecrets")
    .select("value")
    .where("name", "=", "unsubscribe")
    .executeTakeFirstOrThrow();
  return row.value;
}

function sign(secret: string, userId: string, kind: string): string {
  return createHmac("sha256", secret).update(`unsubscribe:${userId}:${kind}`).digest("base64url");
}

export async function unsubscribeToken(db: Kysely<Database>, userId: string, kind: NotificationKind): Promise<string> {
  const secret = await unsubscribeSecret(db);
  return `${Buffer.from(userId).toString("base64url")}.${kind}.${sign(secret, userId, kind)}`;
}

export async function readUnsubscribeToken(
  db: Kysely<Database>,
  token: string,
): Promise<{ userId: string; kind: NotificationKind } | null> {
  const [encodedUser, kind, signature] = token.split(".");
  if (!encodedUser || !kind || !signature || !isNotificationKind(kind)) return null;
  const userId = Buffer.from(encodedUser, "base64url").toString("utf8");
  const expected = Buffer.from(sign(await unsubscribeSecret(db), userId, kind));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId, kind };
}
