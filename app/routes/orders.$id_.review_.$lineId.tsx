import { orderLineParams } from "~/modules/orders/route-schemas.server";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReviewForm } from "~/components/review-form";
import { requireUser } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { serviceReviewFor, submitServiceReview } from "~/modules/community/reviews.server";
import { reviewSchema } from "~/modules/community/schemas.server";

export const meta: MetaFunction = () => [{ title: "Review a service · Stoop" }];

function ids(params: Record<string, string | undefined>) {
  const { id: orderId, lineId } = parseParams(orderLineParams, params);
  return { orderId, lineId };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { orderId, lineId } = ids(params);
  const line = await orErrorResponse(() => serviceReviewFor(context.db, orderId, lineId, user.id));
  if (!line.due) throw redirect(`/orders/${orderId}`);
  return json({ orderId, line });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const { orderId, lineId } = ids(params);
  const parsed = parseForm(reviewSchema, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await submitServiceReview(context.db, {
      orderId,
      orderServiceId: lineId,
      reviewerId: user.id,
      rating: parsed.data.rating,
      body: parsed.data.review,
    });
  } catch (error) {
    return formFailure(error, { rating: String(parsed.data.rating), review: parsed.data.review });
  }
  return redirect(`/orders/${orderId}`);
}

export default function ServiceReviewPage() {
  const { orderId, line } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure && !failure.ok ? failure : null;
  return (
    <article className="narrow" aria-labelledby="review-title">
      <h1 id="review-title">
        Review {line.title} by {line.retailerName}
      </h1>
      <p className="muted">
        Your review shows on {line.retailerName}'s page as soon as you post it (the shop doesn't review you back).
      </p>
      <ReviewForm errors={errors} />
      <p>
        <Link to={`/orders/${orderId}`}>Back to the order</Link>
      </p>
    </article>
  );
}
