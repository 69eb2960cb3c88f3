import { json, type ActionFunctionArgs } from "@remix-run/node";
import { InvalidInput } from "~/lib/errors";
import { receiveStripeWebhook } from "~/wiring/stripe-events.server";

// The raw body is what Stripe signed, so it is read as text and handed over untouched.
export async function action({ request, context }: ActionFunctionArgs) {
  try {
    const outcome = await receiveStripeWebhook(context.db, context.payments.stripe, {
      rawBody: await request.text(),
      signature: request.headers.get("stripe-signature"),
      secret: context.payments.webhookSecret,
    });
    // "ignored": nothing of Stoop's is named (or the event type isn't one it acts on); still a 2xx so Stripe stops retrying.
    if (outcome === "ignored")
      context.logger.info({ requestId: context.requestId }, "stripe webhook acknowledged, nothing to apply");
    return json({ received: true, outcome });
  } catch (error) {
    if (error instanceof InvalidInput) {
      context.logger.warn({ reason: error.message }, "stripe webhook refused");
      return json({ error: error.message }, { status: 400 });
    }
    throw error;
  }
}

export async function loader() {
  return new Response("Stripe webhooks are POSTed here.", { status: 405, headers: { Allow: "POST" } });
}
