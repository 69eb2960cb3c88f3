import Stripe from "stripe";

/**
 * The only file that imports `stripe`. With real keys the SDK talks to Stripe; without them it
 * talks to the local stand-in (app/dev/stripe-stand-in) through the SDK's own host/port/protocol
 * options, so the same SDK code path runs offline.
 */
export type StripeClient = Stripe;
export type StripeEvent = Stripe.Event;
export type StripeAccount = Stripe.Account;

export interface StripeSettings {
  secretKey: string;
  /** Where the stand-in listens, when it is used instead of api.stripe.com. */
  standIn: { host: string; port: number } | null;
}

export function createStripeClient(settings: StripeSettings): StripeClient {
  return new Stripe(settings.secretKey, {
    ...(settings.standIn
      ? { host: settings.standIn.host, port: settings.standIn.port, protocol: "http" as const }
      : {}),
    // The SDK retries network errors and 409/5xx with the same idempotency key, so a retry never pays twice.
    maxNetworkRetries: settings.standIn ? 0 : 2,
    telemetry: false,
    appInfo: { name: "Stoop" },
  });
}

/** Verifies Stripe-Signature over the raw body (300 s tolerance) and returns the event; throws if forged or stale. */
export function verifyWebhookEvent(
  stripe: StripeClient,
  rawBody: string,
  signature: string,
  secret: string,
): StripeEvent {
  return stripe.webhooks.constructEvent(rawBody, signature, secret);
}

export function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError;
}
