import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { startPayoutOnboarding } from "~/modules/payments/payouts.server";

// Stripe sends the browser here (a GET) when an onboarding link expired or was already used;
// the only effect is a fresh single-use link on Stripe's side.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const base = context.config.publicUrl;
  return redirect(
    await startPayoutOnboarding(context.db, context.payments.stripe, user, {
      returnUrl: `${base}/settings/payouts/return`,
      refreshUrl: `${base}/settings/payouts/refresh`,
    }),
  );
}
