import { z } from "zod";
import { idField } from "~/lib/id-params.server";

/**
 * The forms of the notification settings page's push section (kept out of the route module so
 * zod stays out of the page's browser bundle). The browser's PushSubscription.toJSON() gives the
 * endpoint and the two keys as URL-safe base64.
 */
const base64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "expected a URL-safe base64 key");

export const pushOnForm = z.object({
  intent: z.literal("push-on"),
  endpoint: z.string().min(1).max(2048),
  p256dh: base64url(200),
  auth: base64url(100),
});

export const pushOffForm = z.union([
  z.object({ intent: z.literal("push-off"), subscriptionId: idField("Choose a device") }),
  z.object({ intent: z.literal("push-off"), endpoint: z.string().min(1).max(2048) }),
]);

/** What the browser in hand posts to /settings/push-device: its subscription, or its endpoint to turn off. */
export const pushDeviceForm = z.discriminatedUnion("intent", [
  pushOnForm,
  z.object({ intent: z.literal("push-off"), endpoint: z.string().min(1).max(2048) }),
]);

export const preferencesForm = z.record(z.string(), z.string());
