import { idParamsSchema } from "~/lib/id-params.server";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReviewForm } from "~/components/review-form";
import { requireUser } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { reviewStateFor, submitReview } from "~/modules/community/reviews.server";
import { reviewSchema } from "~/modules/community/schemas.server";
import { formatDay } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Leave a review · Stoop" }];

function orderId(params: Record<string, string | undefined>) {
  return parseParams(idParamsSchema, params).id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const id = orderId(params);
  const state = await orErrorResponse(() => reviewStateFor(context.db, id, user.id));
  if (!state.due) throw redirect(`/orders/${id}`);
  return json({
    orderId: id,
    subject: state.subject,
    otherName: state.otherName,
    listingTitle: state.listingTitle,
    windowEndsAt: state.windowEndsAt,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const id = orderId(params);
  const parsed = parseForm(reviewSchema, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await submitReview(context.db, {
      orderId: id,
      reviewerId: user.id,
      rating: parsed.data.rating,
      body: parsed.data.review,
    });
  } catch (error) {
    return formFailure(error, { rating: String(parsed.data.rating), review: parsed.data.review });
  }
  return redirect(`/orders/${id}`);
}

export default function ReviewPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure && !failure.ok ? failure : null;
  return (
    <article className="narrow" aria-labelledby="review-title">
      <h1 id="review-title">
        Review {data.otherName} as {data.subject === "seller" ? "seller" : "buyer"}
      </h1>
      <p className="muted">
        For {data.listingTitle}. {data.otherName} won't see your review until they've left theirs, or until reviews
        close
        {data.windowEndsAt ? ` on ${formatDay(data.windowEndsAt)}` : ""}.
      </p>
      <ReviewForm errors={errors} />
      <p>
        <Link to={`/orders/${data.orderId}`}>Back to the order</Link>
      </p>
    </article>
  );
}
