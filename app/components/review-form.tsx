import { Form } from "@remix-run/react";
import { Field, FormError } from "./form-field";

interface ReviewFormErrors {
  formError: string | null;
  fieldErrors: Record<string, string[] | undefined>;
  values: Record<string, string>;
}

/** 1-5 stars and a text: the one review form for sellers, buyers and shops' services (no JS needed). */
export function ReviewForm({ errors }: { errors: ReviewFormErrors | null }) {
  return (
    <Form method="post" className="card">
      <FormError message={errors?.formError} />
      <fieldset className="stars" aria-describedby={errors?.fieldErrors.rating ? "rating-error" : undefined}>
        <legend>Rating</legend>
        {[1, 2, 3, 4, 5].map((stars) => (
          <label key={stars}>
            <input
              type="radio"
              name="rating"
              value={stars}
              defaultChecked={errors?.values.rating === String(stars)}
              required
            />{" "}
            {stars} {stars === 1 ? "star" : "stars"}
          </label>
        ))}
      </fieldset>
      {errors?.fieldErrors.rating ? (
        <p id="rating-error" className="field__error">
          {errors.fieldErrors.rating[0]}
        </p>
      ) : null}
      <Field label="Your review" errors={errors?.fieldErrors.review}>
        {(control) => (
          <textarea
            {...control}
            name="review"
            rows={4}
            required
            maxLength={2000}
            defaultValue={errors?.values.review}
          />
        )}
      </Field>
      <button type="submit">Post review</button>
    </Form>
  );
}
