import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { payoutStatus, startPayoutOnboarding } from "~/modules/payments/payout-accounts.server";

export const meta: MetaFunction = () => [{ title: "Payouts · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const status = await payoutStatus(context.db, { kind: "member", userId: user.id });
  return json({ state: status.state, testMode: context.payments.testMode });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const base = context.config.publicUrl;
  const url = await orErrorResponse(() =>
    startPayoutOnboarding(context.db, context.payments.stripe, { kind: "member", userId: user.id }, user, {
      returnUrl: `${base}/settings/payouts/return`,
      refreshUrl: `${base}/settings/payouts/refresh`,
    }),
  );
  context.logger.info({ userId: user.id }, "payout onboarding started");
  return redirect(url);
}

export default function Payouts() {
  const { state, testMode } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="narrow card" aria-labelledby="payouts-title">
      <h1 id="payouts-title">Payouts</h1>
      {state === "enabled" ? (
        <p role="status" className="notice">
          Payouts are enabled. When a buyer confirms they received an item, your share is sent to your Stripe account.
        </p>
      ) : (
        <>
          <p>
            You can list items before this, but to be paid for a sale you need a payout account. Stoop uses Stripe: it
            takes a few minutes and Stoop never sees your bank details.
          </p>
          {state === "incomplete" ? <p>You started setting up payouts but have not finished yet.</p> : null}
          {/* A full page POST: the answer is a redirect to Stripe's hosted onboarding, not a Remix route. */}
          <Form method="post" reloadDocument>
            <button type="submit" disabled={busy}>
              {state === "incomplete" ? "Continue setting up payouts" : "Set up payouts"}
            </button>
          </Form>
        </>
      )}
      {testMode ? <p>Test mode: no real money moves and no real details are needed.</p> : null}
      <p>
        <Link to="/settings">Back to account settings</Link>
      </p>
    </section>
  );
}
