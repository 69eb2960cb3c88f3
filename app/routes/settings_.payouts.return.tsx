import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { refreshPayoutAccount } from "~/modules/payments/payouts.server";

// Back from onboarding: re-read the account from Stripe (the account.updated webhook may still be
// on its way). This only refreshes our copy of Stripe's state, so it is safe as a GET.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  await orErrorResponse(() => refreshPayoutAccount(context.db, context.payments.stripe, user.id));
  return redirect("/settings/payouts");
}
