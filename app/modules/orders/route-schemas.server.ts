import { z } from "zod";
import { idParam } from "~/lib/id-params.server";

/**
 * The zod schemas of the orders routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts). Named for what they parse: `…Form` an action's form body,
 * `…Params` the URL's params, `…Query` its search params, `…Field` one value.
 */

// messages.order.tsx
export const orderConversationForm = z.object({
  orderId: idParam,
  retailerId: idParam,
});

// orders.$id.tsx
export const orderActionForm = z.object({
  intent: z.enum(
    [
      "ship",
      "markReady",
      "confirmReceipt",
      "cancel",
      "abandon",
      "handOver",
      "message",
      "sellerNoShow",
      "buyerNoShow",
      "chooseMeetupSpot",
      "confirmService",
    ],
    {
      message: "Unknown action; reload the page.",
    },
  ),
  trackingNumber: z.string().trim().max(100, "Tracking numbers are at most 100 characters").optional(),
  // The buyer's handover code, as the seller types it (spaces allowed: "123 456").
  code: z
    .string()
    .max(20, "Enter the buyer's 6-digit code")
    .transform((value) => value.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the buyer's 6-digit code"))
    .optional(),
  // A meetup spot button: which kind of place, and its id.
  spotKind: z.enum(["spot", "shop"]).optional(),
  spotId: idParam.optional(),
});

// orders.$id_.handover.$token.tsx
export const handoverParams = z.object({ id: idParam, token: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });

// orders.$id_.pickup.tsx
export const pickupTimeForm = z.object({
  intent: z.enum(["propose", "pick", "ask"], { message: "Unknown action; reload the page." }),
  windowId: idParam.optional(),
});

// quotes.$answerId.buy.tsx
export const quoteParams = z.object({ answerId: idParam });

/** An order's service line in the URL (`/orders/$id/review/$lineId`). */
export const orderLineParams = z.object({ id: idParam, lineId: idParam });
