import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { replyToReview, reviewToAnswer } from "~/modules/community/reviews.server";
import { reviewReplySchema } from "~/modules/community/schemas.server";
import { formatDay } from "~/lib/dates";
import { idParamsSchema as params } from "~/lib/id-params.server";

export const meta: MetaFunction = () => [{ title: "Reply to a review · Stoop" }];

function reviewId(rawParams: unknown) {
  const parsed = parseParams(params, rawParams);
  return parsed.id;
}

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const review = await orErrorResponse(() => reviewToAnswer(context.db, reviewId(rawParams), user.id));
  return json({
    review: {
      rating: review.rating,
      body: review.body,
      reviewerName: review.reviewerName,
      createdAt: review.createdAt,
      about: review.retailerName ?? "you",
      replied: review.replyBody !== null,
    },
    shownAt: review.shownAt,
  });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const id = reviewId(rawParams);
  const form = parseForm(reviewReplySchema, await readForm(request));
  if (!form.ok) return invalidForm(form);
  try {
    const { shownAt } = await replyToReview(context.db, user.id, { reviewId: id, reply: form.data.reply });
    return redirect(shownAt);
  } catch (error) {
    return formFailure(error, { reply: form.data.reply });
  }
}

export default function ReplyToReview() {
  const { review, shownAt } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="reply-title">
      <h1 id="reply-title">Reply to a review</h1>
      <article className="card" aria-label={`Review by ${review.reviewerName}`}>
        <p>
          <span aria-hidden="true">{"★".repeat(review.rating)}</span>
          <span className="visually-hidden">{review.rating} out of 5 stars</span> about {review.about}, by{" "}
          {review.reviewerName}, {formatDay(review.createdAt)}
        </p>
        <p>{review.body}</p>
      </article>
      {review.replied ? (
        <p role="status" className="notice">
          This review already has a reply. <Link to={shownAt}>See it</Link>.
        </p>
      ) : (
        <Form method="post" className="card">
          <p className="muted">Your reply is public, shown under the review, and can&apos;t be changed later.</p>
          <FormError message={failure?.formError} />
          <Field label="Your reply" errors={failure?.fieldErrors.reply}>
            {(control) => (
              <textarea
                {...control}
                name="reply"
                rows={4}
                maxLength={1000}
                required
                defaultValue={failure?.values.reply ?? ""}
              />
            )}
          </Field>
          <button type="submit">Post the reply</button>
        </Form>
      )}
    </section>
  );
}
