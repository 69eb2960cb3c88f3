import { randomBytes } from "node:crypto";
import { StripeStandIn } from "~/dev/stripe-stand-in/stand-in";
import { requirePaymentsConfigured, type Config } from "~/lib/env.server";
import { createStripeClient, type StripeClient } from "./stripe.server";

/** The key the app uses with the stand-in (it accepts any sk_test_… key; its API is loopback-only). */
const STAND_IN_SECRET_KEY = "sk_test_stoopStandIn";

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
    requirePaymentsConfigured(config);
    // A fresh secret per run: a constant in the source would let anyone sign /webhooks/stripe events.
    this.webhookSecret = config.stripe?.webhookSecret ?? `whsec_${randomBytes(24).toString("hex")}`;
    this.standIn = config.stripe
      ? null
      : new StripeStandIn({
          publicBaseUrl: `${config.publicUrl}${STAND_IN_MOUNT}`,
          webhookSecret: this.webhookSecret,
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
