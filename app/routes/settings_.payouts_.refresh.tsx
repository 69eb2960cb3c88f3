import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Payout setup link expired · Stoop" }];

/**
 * Stripe sends the browser here (a GET) when an onboarding link expired or was already used. A GET
 * must not start onboarding (any site can link here, and a suspended member may only read), so
 * this page only offers the button; its POST goes to /settings/payouts, which refuses the suspended.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ suspended: user.suspension !== null });
}

export default function PayoutLinkExpired() {
  const { suspended } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="narrow card" aria-labelledby="payout-refresh-title">
      <h1 id="payout-refresh-title">That setup link has expired</h1>
      {suspended ? (
        <p>Your account is suspended, so you cannot set up payouts now.</p>
      ) : (
        <>
          <p>
            Stripe's setup links work once and for a short time. Ask for a fresh one to carry on where you left off.
          </p>
          {/* A full page POST: the answer is a redirect to Stripe's hosted onboarding. */}
          <Form method="post" action="/settings/payouts" reloadDocument>
            <button type="submit" disabled={busy}>
              Continue setting up payouts
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/settings/payouts">Back to payouts</Link>
      </p>
    </section>
  );
}
