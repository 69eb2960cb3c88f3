import { z } from "zod";
import { idParam } from "~/lib/id-params.server";

/**
 * The zod schemas of the notifications routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts); the routes import them under their old local names.
 */

// email.unsubscribe.$token.tsx
export const emailUnsubscribeParamsSchema = z.object({ token: z.string().min(10).max(400) });

// notifications.tsx
export const notificationsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: idParam }),
  z.object({ intent: z.literal("read-all") }),
]);
