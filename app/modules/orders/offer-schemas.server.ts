import { z } from "zod";
import { parseMoneyToCents } from "~/lib/money";
import { idField } from "~/lib/id-params.server";

/**
 * The offer forms' schemas (server only, so zod stays out of the browser bundles). Amounts are
 * typed in dollars and parsed to integer cents here; the module checks them against the listing.
 */
const amount = z
  .string({ message: "Enter an amount, like 20 or 19.50" })
  .trim()
  .transform((text, ctx) => {
    const cents = parseMoneyToCents(text);
    if (cents === null || cents <= 0) {
      ctx.addIssue({ code: "custom", message: "Enter an amount above $0, like 20 or 19.50" });
      return z.NEVER;
    }
    return cents;
  });

const offerId = idField("Unknown offer; reload the page.");

/** "Make an offer" on the listing page. */
export const makeOfferSchema = z.object({ intent: z.literal("offer"), amount });

/** The actions on /offers (and the buyer's buttons on the listing page). */
export const offerActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("accept"), offerId }),
    z.object({ intent: z.literal("decline"), offerId }),
    z.object({ intent: z.literal("withdraw"), offerId }),
    z.object({ intent: z.literal("counter"), offerId, amount }),
  ],
  { message: "Unknown action; reload the page." },
);
