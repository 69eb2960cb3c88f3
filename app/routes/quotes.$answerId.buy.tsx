import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { RatingLine } from "~/components/questions";
import { PLACE_LABELS, RetailerBadge, ServiceLeadTime } from "~/components/retailer-badge";
import { requireVerifiedEmail } from "~/lib/auth.server";
import { parseParams } from "~/lib/forms";
import { formFailure, orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { withShopRatings } from "~/modules/community/reviews.server";
import { quotePageFor, startServiceCheckout } from "~/modules/orders/service-orders.server";
import { quoteParams } from "~/modules/orders/route-schemas.server";

/** Buying a shop's quote on a Wanted request: a service-only order (ADR 038). */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Buy ${data.quote.serviceTitle} from ${data.quote.retailerName} · Stoop` : "Buy a quote · Stoop" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireVerifiedEmail(request, context);
  const { answerId } = parseParams(quoteParams, params);
  const page = await orErrorResponse(() => quotePageFor(context.db, answerId, user.id, context.config.platformFee));
  const [rated] = await withShopRatings(context.db, [{ retailerId: page.quote.retailerId }]);
  return json({ ...page, rating: rated!.rating, testMode: context.payments.testMode });
}

/** Starts the one Stripe Checkout (or returns to the open one) and sends the member to it. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireVerifiedEmail(request, context);
  const { answerId } = parseParams(quoteParams, params);
  try {
    const { url } = await startServiceCheckout(
      context.db,
      context.payments.stripe,
      { fees: context.config.platformFee, publicUrl: context.config.publicUrl },
      user,
      answerId,
    );
    return redirect(url);
  } catch (error) {
    return formFailure(error, {});
  }
}

export default function BuyQuotePage() {
  const { quote, split, liveOrder, rating, testMode } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const paid = liveOrder && liveOrder.status !== "pending_payment";
  return (
    <section className="narrow card" aria-labelledby="buy-quote-title">
      <h1 id="buy-quote-title">Buy {quote.serviceTitle}</h1>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      <p>
        A quote from{" "}
        <Link to={`/retailers/${quote.retailerSlug}`}>
          <strong>{quote.retailerName}</strong>
        </Link>{" "}
        <RetailerBadge verified={quote.verified} /> <RatingLine rating={rating} /> for your request{" "}
        <Link to={`/wanted/${quote.requestId}`}>{quote.requestTitle}</Link>.
      </p>
      {quote.body ? <blockquote className="quote-body">{quote.body}</blockquote> : null}
      <p className="muted">
        {quote.serviceDescription} {PLACE_LABELS[quote.performedAt]}, ready in <ServiceLeadTime days={quote.leadDays} />
        .
      </p>
      <section aria-labelledby="quote-review-title">
        <h2 id="quote-review-title">Review</h2>
        <table className="receipt">
          <caption className="visually-hidden">What you pay</caption>
          <tbody>
            <tr>
              <th scope="row">{quote.serviceTitle} (the quote)</th>
              <td>{formatMoney(quote.quoteCents)}</td>
            </tr>
            <tr>
              <th scope="row">Total</th>
              <td>{formatMoney(split.totalCents)}</td>
            </tr>
          </tbody>
        </table>
        <p className="muted">
          No other charges. Stoop&apos;s fee is paid by the shop out of this amount. Your payment is held until the shop
          marks the job done and you confirm it; if the shop declines the job you get {formatMoney(split.totalCents)}{" "}
          back in full.
        </p>
      </section>
      {paid ? (
        <p role="status" className="notice">
          You already bought this quote. <Link to={`/orders/${liveOrder.id}`}>Go to the order</Link>
        </p>
      ) : (
        // A full page POST: the answer is a redirect to Stripe's hosted checkout, not a Remix route.
        <Form method="post" reloadDocument>
          {liveOrder ? (
            <p className="muted">
              You started paying for this quote already: paying continues that checkout (no second order).
            </p>
          ) : null}
          <button type="submit">Pay {formatMoney(split.totalCents)}</button>
          {testMode ? <p className="muted">Test payments: no real money moves.</p> : null}
        </Form>
      )}
      <p>
        <Link to={`/wanted/${quote.requestId}`}>Back to the request</Link>
      </p>
    </section>
  );
}
