import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import { transaction } from "~db/transaction";
import type { Database } from "~db/schema";
import { InvalidInput } from "~/lib/errors";
import { isStripeError, verifyWebhookEvent, type StripeClient } from "./stripe.server";

function isMissingObject(error: unknown): boolean {
  return isStripeError(error) && (error.statusCode === 404 || error.code === "resource_missing");
}

const eventSchema = z.object({
  // Stored as text: only characters PostgreSQL can store (a signed event could still carry NUL).
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,255}$/, "expected an event id"),
  type: z.string().regex(/^[a-z0-9_.]{1,100}$/, "expected an event type"),
  data: z.object({ object: z.object({ id: z.string().min(1), object: z.string().min(1) }).loose() }),
});

/** A verified, parsed Stripe event. */
export type StripeEvent = z.infer<typeof eventSchema>;

export type WebhookOutcome = "processed" | "ignored" | "duplicate";

/** An event's database part: runs in the transaction that records the event id. Idempotent. */
export type ApplyStripeEvent = (trx: Transaction<Database>) => Promise<unknown>;

/**
 * Hands an event to the module that owns what it names: reads what it means from Stripe (the
 * network part, before any transaction) and returns its database part, or null when there is
 * nothing to apply. The routing lives in app/wiring/stripe-events.server.ts, so payments imports
 * none of the modules that act on its events (they import payments).
 */
export type StripeEventRouter = (
  db: Kysely<Database>,
  stripe: StripeClient,
  event: StripeEvent,
) => Promise<ApplyStripeEvent | null>;

/**
 * Stripe webhook entry point: verify the signature on the raw body, then process each event id
 * once. The event id is stored in the same transaction as the event's effect, so a crash before
 * the commit leaves the event unrecorded and Stripe's redelivery processes it again. Effects
 * re-read the object from Stripe rather than trusting the event's copy, so the order in which
 * events arrive does not matter.
 */
export async function receiveStripeEvent(
  db: Kysely<Database>,
  stripe: StripeClient,
  input: { rawBody: string; signature: string | null; secret: string },
  route: StripeEventRouter,
): Promise<WebhookOutcome> {
  if (!input.signature) throw new InvalidInput("Missing Stripe-Signature header.");
  let verified: unknown;
  try {
    verified = verifyWebhookEvent(stripe, input.rawBody, input.signature, input.secret);
  } catch (error) {
    throw new InvalidInput(
      `Webhook signature verification failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = eventSchema.safeParse(verified);
  if (!parsed.success)
    throw new InvalidInput(`Unexpected webhook payload: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const event = parsed.data;

  // Fetch current state before taking a database transaction (no network calls while holding it).
  let apply: ApplyStripeEvent | null;
  try {
    apply = await route(db, stripe, event);
  } catch (error) {
    // A correctly signed event about an object Stripe no longer has (or never had for this key):
    // nothing to apply. It is acknowledged and recorded as ignored, because any answer but 2xx
    // makes Stripe redeliver it for three days (https://docs.stripe.com/webhooks#retries).
    if (!isMissingObject(error)) throw error;
    apply = null;
  }

  return transaction(db, async (trx) => {
    const outcome: Exclude<WebhookOutcome, "duplicate"> = apply ? "processed" : "ignored";
    const recorded = await trx
      .insertInto("stripeEvents")
      .values({ id: event.id, type: event.type, outcome })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!recorded) return "duplicate";
    if (apply) await apply(trx);
    return outcome;
  });
}
