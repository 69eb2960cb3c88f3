import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { StripeStandIn } from "~/dev/stripe-stand-in/stand-in";
import { InvalidInput } from "~/lib/errors";
import { createStripeClient } from "~/modules/payments/stripe.server";
import { receiveStripeWebhook, type WebhookOutcome } from "~/modules/payments/webhooks.server";

export const TEST_WEBHOOK_SECRET = "whsec_testsecret";

/**
 * The real Stripe SDK against the stand-in over HTTP, plus a webhook receiver that hands each
 * delivery to the payments module exactly as the app's /webhooks/stripe route does.
 */
export async function startStripeStandIn(db: () => Kysely<Database>) {
  const listen = async (server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };
  const apiServer = http.createServer((req, res) => void standIn.handle(req, res));
  const port = await listen(apiServer);
  const standIn = new StripeStandIn({
    publicBaseUrl: `http://127.0.0.1:${port}`,
    webhookSecret: TEST_WEBHOOK_SECRET,
    retryDelaysMs: [50, 100, 200],
  });
  const stripe = createStripeClient({ secretKey: "sk_test_standin", standIn: { host: "127.0.0.1", port } });

  const outcomes: WebhookOutcome[] = [];
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const outcome = await receiveStripeWebhook(db(), stripe, {
        rawBody: Buffer.concat(chunks).toString("utf8"),
        signature: (req.headers["stripe-signature"] as string | undefined) ?? null,
        secret: TEST_WEBHOOK_SECRET,
      });
      outcomes.push(outcome);
      res.writeHead(200).end(JSON.stringify({ received: true, outcome }));
    } catch (error) {
      res.writeHead(error instanceof InvalidInput ? 400 : 500).end(String(error));
    }
  });
  const receiverPort = await listen(receiver);
  standIn.webhookUrl = `http://127.0.0.1:${receiverPort}/webhooks/stripe`;

  return {
    stripe,
    standIn,
    baseUrl: `http://127.0.0.1:${port}`,
    outcomes,
    async close() {
      standIn.close();
      await new Promise((resolve) => apiServer.close(resolve));
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}
