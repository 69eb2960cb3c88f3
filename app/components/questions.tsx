import { Form, Link } from "@remix-run/react";
import { Field, FormError, FormField } from "./form-field";
import { ListingCard, type CardData } from "./listing-card";
import { ReportForm } from "./report-form";
import { formatDay } from "~/lib/dates";
import { EmptyState } from "./ui";

/** The public Q&A on a listing page. Plain forms: everything works without JavaScript. */

interface Person {
  id: string;
  displayName: string;
}

export interface AnswerData {
  id: string;
  body: string;
  createdAt: string;
  author: Person;
  /** A retailer's badge, when the answerer is staff of a retailer (computed at read time; null if not). */
  badge: { retailerName: string; retailerSlug: string; verified: boolean } | null;
  upvotes: number;
  viewerUpvoted: boolean;
  helpful: boolean;
  recommendation: (Omit<CardData, "distanceKm"> & { distanceKm: number | null }) | null;
  recommendationGone: boolean;
}

export interface QuestionData {
  id: string;
  body: string;
  createdAt: string;
  asker: Person;
  answers: AnswerData[];
}

/** The failed form's errors, as the listing action returns them. */
export interface CommunityFormFailure {
  form: string;
  formError: string | null;
  fieldErrors: Record<string, string[] | undefined>;
  values: Record<string, string>;
}

const day = formatDay;

export function QuestionsSection({
  questions,
  open,
  viewerId,
  failure,
  signInHref,
}: {
  questions: QuestionData[];
  open: boolean;
  viewerId: string | null;
  failure: CommunityFormFailure | null;
  signInHref: string;
}) {
  const failed = (form: string) => (failure?.form === form ? failure : null);
  const ask = failed("ask");
  return (
    <section aria-labelledby="questions-title" id="questions" className="questions">
      <h2 id="questions-title">Questions and answers</h2>
      {failure && (failure.form === "upvote" || failure.form === "helpful" || failure.form === "message") ? (
        <FormError message={failure.formError} />
      ) : null}
      {questions.length === 0 ? <EmptyState title="No questions yet." /> : null}
      <ol className="questions__list plain-list">
        {questions.map((question) => {
          const answerFailure = failed(`answer:${question.id}`);
          return (
            <li key={question.id} id={`question-${question.id}`}>
              <article className="question card" aria-label={`Question: ${question.body}`}>
                <p className="question__body">
                  <strong>Q:</strong> {question.body}
                </p>
                <p className="muted">
                  Asked by <Link to={`/members/${question.asker.id}`}>{question.asker.displayName}</Link> on{" "}
                  {day(question.createdAt)}
                </p>
                {question.answers.length ? (
                  <ul className="answers plain-list" aria-label="Answers">
                    {question.answers.map((answer) => (
                      // The id is the target of the `#answer-…` links in notifications and reports.
                      <li key={answer.id} id={`answer-${answer.id}`}>
                        <Answer answer={answer} question={question} viewerId={viewerId} />
                      </li>
                    ))}
                  </ul>
                ) : null}
                {open && viewerId ? (
                  <details className="answer-form" open={Boolean(answerFailure)}>
                    <summary>Answer this question</summary>
                    <Form method="post" preventScrollReset>
                      <FormError message={answerFailure?.formError} />
                      <input type="hidden" name="questionId" value={question.id} />
                      <Field label="Your answer" errors={answerFailure?.fieldErrors.answer}>
                        {(control) => (
                          <textarea
                            {...control}
                            name="answer"
                            rows={3}
                            required
                            maxLength={2000}
                            defaultValue={answerFailure?.values.answer}
                          />
                        )}
                      </Field>
                      <FormField
                        label="Recommend another listing (optional)"
                        name="recommendation"
                        hint="Paste the link of another listing that's for sale, if it fits better."
                        errors={answerFailure?.fieldErrors.recommendation}
                        defaultValue={answerFailure?.values.recommendation}
                      />
                      <button type="submit" name="intent" value="answer">
                        Post answer
                      </button>
                    </Form>
                  </details>
                ) : null}
              </article>
            </li>
          );
        })}
      </ol>
      {open ? (
        viewerId ? (
          <Form method="post" className="ask-form" preventScrollReset>
            <FormError message={ask?.formError} />
            <Field
              label="Ask the seller and the community"
              hint="Questions and answers are public."
              errors={ask?.fieldErrors.question}
            >
              {(control) => (
                <textarea
                  {...control}
                  name="question"
                  rows={3}
                  required
                  maxLength={1000}
                  defaultValue={ask?.values.question}
                />
              )}
            </Field>
            <button type="submit" name="intent" value="ask">
              Ask publicly
            </button>
          </Form>
        ) : (
          <p>
            <Link to={signInHref}>Sign in</Link> to ask a question.
          </p>
        )
      ) : null}
    </section>
  );
}

function Answer({
  answer,
  question,
  viewerId,
}: {
  answer: AnswerData;
  question: QuestionData;
  viewerId: string | null;
}) {
  const canVote = Boolean(viewerId) && viewerId !== answer.author.id;
  const canMarkHelpful = viewerId === question.asker.id && viewerId !== answer.author.id && !answer.helpful;
  return (
    <article
      className={`answer${answer.helpful ? " answer--helpful" : ""}`}
      aria-label={`Answer from ${answer.author.displayName}`}
    >
      {answer.helpful ? <p className="answer__helpful">✓ Marked helpful by the asker</p> : null}
      <p>{answer.body}</p>
      <p className="muted">
        <Link to={`/members/${answer.author.id}`}>{answer.author.displayName}</Link>
        {answer.badge ? (
          <span className="retailer-badge">
            {" "}
            · {answer.badge.retailerName}
            {answer.badge.verified ? " (verified shop)" : ""}
          </span>
        ) : null}{" "}
        · {day(answer.createdAt)}
      </p>
      {answer.recommendation ? (
        <div className="recommendation" role="group" aria-label="Recommended listing">
          <p className="recommendation__label">Recommended instead:</p>
          <ListingCard card={answer.recommendation} />
        </div>
      ) : answer.recommendationGone ? (
        <p className="muted">The listing recommended here is no longer for sale.</p>
      ) : null}
      <div className="answer__actions">
        {canVote ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="answerId" value={answer.id} />
            <button
              type="submit"
              name="intent"
              value="upvote"
              className="button--secondary button--small"
              aria-pressed={answer.viewerUpvoted}
            >
              ▲ Upvote<span className="visually-hidden"> this answer</span> ({answer.upvotes})
            </button>
          </Form>
        ) : (
          <span className="muted">
            {answer.upvotes} {answer.upvotes === 1 ? "upvote" : "upvotes"}
          </span>
        )}
        {canMarkHelpful ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="answerId" value={answer.id} />
            <button type="submit" name="intent" value="helpful" className="button--secondary button--small">
              Mark as helpful
            </button>
          </Form>
        ) : null}
      </div>
      {canVote ? <ReportForm subjectType="answer" subjectId={answer.id} collapsed /> : null}
    </article>
  );
}

/** "★ 4.6 · 12 reviews" for a seller card or a profile. */
export function RatingLine({
  rating,
  noun = "review",
}: {
  rating: { average: number | null; count: number };
  noun?: string;
}) {
  if (!rating.count || rating.average === null) return <span className="muted">No {noun}s yet</span>;
  return (
    <span className="rating">
      <span aria-hidden="true">★ </span>
      <span className="visually-hidden">Rated </span>
      {rating.average.toFixed(1)}
      <span className="visually-hidden"> out of 5</span> · {rating.count} {rating.count === 1 ? noun : `${noun}s`}
    </span>
  );
}
