import { StripeStandIn } from "~/dev/stripe-stand-in/stand-in";
import type { Config } from "~/lib/env.server";
import { createStripeClient, type StripeClient } from "./stripe.server";

/** The key and secret the app uses with the stand-in (it accepts any sk_test_… key). */
const STAND_IN_SECRET_KEY = "sk_test_stoopStandIn";
const STAND_IN_WEBHOOK_SECRET = "whsec_stoopStandInLocal";

export const STAND_IN_MOUNT = "/stripe-stand-in";

/**
 * Everything the app needs to take payments: the SDK client, the webhook secret and, without
 * Stripe keys, the stand-in that the SDK talks to (mounted on the app's own port, so its hosted
 * pages are reachable wherever Stoop is).
 */
export class PaymentsRuntime {
  readonly standIn: StripeStandIn | null;
  readonly webhookSecret: string;
  private client: StripeClient | null = null;

  constructor(private readonly config: Config) {
    this.webhookSecret = config.stripe?.webhookSecret ?? STAND_IN_WEBHOOK_SECRET;
    this.standIn = config.stripe
      ? null
      : new StripeStandIn({
          publicBaseUrl: `${config.publicUrl}${STAND_IN_MOUNT}`,
          webhookSecret: STAND_IN_WEBHOOK_SECRET,
        });
    if (config.stripe) this.client = createStripeClient({ secretKey: config.stripe.secretKey, standIn: null });
  }

  get testMode(): boolean {
    return this.standIn !== null || (this.config.stripe?.secretKey.includes("_test_") ?? false);
  }

  /** Called once the server listens: the stand-in's API is on the app's own port. */
  attachToPort(host: string, port: number) {
    if (!this.standIn) return;
    const loopback = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
    this.client = createStripeClient({ secretKey: STAND_IN_SECRET_KEY, standIn: { host: loopback, port } });
    this.standIn.webhookUrl = `http://${loopback}:${port}/webhooks/stripe`;
  }

  get stripe(): StripeClient {
    if (!this.client) throw new Error("Payments are not ready: the server has not started listening yet.");
    return this.client;
  }

  close() {
    this.standIn?.close();
  }
}
