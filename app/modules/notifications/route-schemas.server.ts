import { z } from "zod";
import { idParam } from "~/lib/id-params.server";

/**
 * The zod schemas of the notifications routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts). Named for what they parse: `…Form` an action's form body,
 * `…Params` the URL's params, `…Query` its search params, `…Field` one value.
 */

// email.unsubscribe.$token.tsx
export const unsubscribeParams = z.object({ token: z.string().min(10).max(400) });

// notifications.tsx
export const markReadForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: idParam }),
  z.object({ intent: z.literal("read-all") }),
]);
