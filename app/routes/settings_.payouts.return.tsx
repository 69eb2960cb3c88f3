import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { requeueWaitingPayouts } from "~/modules/orders/money.server";
import { refreshPayoutAccount } from "~/modules/payments/payout-accounts.server";

// Back from onboarding: re-read the account from Stripe (the account.updated webhook may still be
// on its way). This only refreshes our copy of Stripe's state, so it is safe as a GET.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const payee = { kind: "member", userId: user.id } as const;
  const status = await orErrorResponse(() => refreshPayoutAccount(context.db, context.payments.stripe, payee));
  if (status.state === "enabled") await requeueWaitingPayouts(context.db, payee);
  return redirect("/settings/payouts");
}
