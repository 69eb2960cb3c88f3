import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireShopStaff } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { requeueWaitingPayouts } from "~/modules/orders/money.server";
import { payoutStatus, refreshPayoutAccount, startPayoutOnboarding } from "~/modules/payments/payout-accounts.server";

export const meta: MetaFunction = () => [{ title: "Shop payouts · Stoop" }];

async function shopFor(request: Request, context: LoaderFunctionArgs["context"], rawParams: unknown) {
  const { retailer, user, role } = await requireShopStaff(request, context, rawParams);
  if (role !== "owner") throw new Response("Only the shop's owner can set up its payouts.", { status: 403 });
  return { retailer, user };
}

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer } = await shopFor(request, context, rawParams);
  // Back from Stripe's onboarding (?return): refresh our copy of the account. Safe as a GET.
  const url = new URL(request.url);
  const payee = { kind: "shop", retailerId: retailer.id } as const;
  let status = await payoutStatus(context.db, payee);
  if (url.searchParams.has("return") && status.stripeAccountId) {
    status = await refreshPayoutAccount(context.db, context.payments.stripe, payee);
    if (status.state === "enabled") await requeueWaitingPayouts(context.db, payee);
  }
  return json({
    retailer: { name: retailer.name, slug: retailer.slug, verified: retailer.status === "verified" },
    state: status.state,
    testMode: context.payments.testMode,
  });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user } = await shopFor(request, context, rawParams);
  const base = `${context.config.publicUrl}/retailers/${retailer.slug}/payouts`;
  const url = await orErrorResponse(() =>
    startPayoutOnboarding(context.db, context.payments.stripe, { kind: "shop", retailerId: retailer.id }, user, {
      returnUrl: `${base}?return=1`,
      refreshUrl: base,
    }),
  );
  return redirect(url);
}

export default function RetailerPayouts() {
  const { retailer, state, testMode } = useLoaderData<typeof loader>();
  return (
    <section className="narrow card" aria-labelledby="payouts-title">
      <h1 id="payouts-title">Payouts for {retailer.name}</h1>
      {state === "enabled" ? (
        <p role="status" className="notice">
          Payouts are enabled. When an order with your services completes, your share is sent to the shop&apos;s Stripe
          account.
        </p>
      ) : !retailer.verified ? (
        <p>Payouts open once an admin has verified the shop.</p>
      ) : (
        <>
          <p>
            The shop is paid through its own Stripe account (not your personal one). Setting it up takes a few minutes;
            Stoop never sees the bank details.
          </p>
          <Form method="post" reloadDocument>
            <button type="submit">{state === "incomplete" ? "Continue setting up payouts" : "Set up payouts"}</button>
          </Form>
        </>
      )}
      {testMode ? <p>Test mode: no real money moves and no real details are needed.</p> : null}
      <p>
        <Link to={`/retailers/${retailer.slug}`}>Back to the shop page</Link>
      </p>
    </section>
  );
}
