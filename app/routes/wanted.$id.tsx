import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FormError, FormField } from "~/components/form-field";
import { ListingCard, ListingPhoto } from "~/components/listing-card";
import { ReportForm } from "~/components/report-form";
import { RetailerBadge } from "~/components/retailer-badge";
import { wantedStatusLabel, wantedStatusTone } from "~/components/wanted-card";
import { EmptyState, Pill } from "~/components/ui";
import { currentUser, requireUser } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import {
  answerWantedRequest,
  closeWantedRequest,
  markWantedSolved,
  renewWantedRequest,
} from "~/modules/community/wanted.server";
import { answerChoices, wantedRequestPage } from "~/modules/community/wanted-queries.server";
import { WANTED_ANSWER_MAX } from "~/modules/community/wanted-limits";
import { wantedActionSchema } from "~/modules/community/wanted-schemas.server";
import { formatDay } from "~/lib/dates";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Wanted: ${data.request.title} · Stoop` : "Wanted · Stoop" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { id } = parseParams(paramsSchema, params);
  const user = currentUser(context);
  const viewer = user ? { userId: user.id, role: user.role } : null;
  const page = await orErrorResponse(() => wantedRequestPage(context.db, id, viewer));
  const choices = user && !page.isRequester && page.acceptsAnswers ? await answerChoices(context.db, user.id) : null;
  return json({ ...page, choices, signedIn: Boolean(user), viewerId: user?.id ?? null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { id } = parseParams(paramsSchema, params);
  const user = requireUser(request, context);
  const form = await readForm(request);
  const kind = String(form.get("kind") ?? "");
  const parsed = parseForm(wantedActionSchema, form);
  if (!parsed.ok) {
    const { formError, fieldErrors, values } = parsed;
    return json({ ok: false as const, formError, fieldErrors, values, kind }, 400);
  }
  const values = Object.fromEntries(
    [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  try {
    switch (parsed.data.intent) {
      case "answer": {
        const { intent: _intent, ...input } = parsed.data;
        const answerId = await answerWantedRequest(context.db, { requestId: id, authorId: user.id, input });
        return redirect(`/wanted/${id}#answer-${answerId}`);
      }
      case "solve":
        await markWantedSolved(context.db, { requestId: id, answerId: parsed.data.answerId, userId: user.id });
        return redirect(`/wanted/${id}`);
      case "renew":
        await renewWantedRequest(context.db, { requestId: id, userId: user.id });
        return redirect(`/wanted/${id}`);
      case "close":
        await closeWantedRequest(context.db, { requestId: id, userId: user.id });
        return redirect(`/wanted/${id}`);
    }
  } catch (error) {
    return formFailure(error, values, { kind });
  }
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Failure = {
  formError: string | null;
  fieldErrors: Record<string, string[] | undefined>;
  values: Record<string, string>;
  kind?: string;
};

export default function WantedRequestPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Failure | undefined;
  const { request, answers } = data;
  const status = wantedStatusLabel(request);
  const open = request.status === "open";
  return (
    <div className="narrow-wide wanted-request">
      <p>
        <Link to="/wanted">← All Wanted requests</Link>
      </p>
      <h1>Wanted: {request.title}</h1>
      <p className="muted wanted-request__meta">
        {request.categoryName} · {request.placeName} (within {request.radiusKm} km)
        {request.budgetCents !== null ? ` · Budget ${formatMoney(request.budgetCents)}` : ""} · asked by{" "}
        <Link to={`/members/${request.requesterId}`}>{request.requesterName}</Link>
      </p>
      <p>
        <Pill tone={wantedStatusTone(request)}>{status}</Pill>
      </p>
      {request.removedAt ? (
        <p className="notice" role="status">
          A moderator removed this request{request.removalReason ? `: ${request.removalReason}` : "."}
        </p>
      ) : null}
      {request.photoStorageKey ? (
        <div className="wanted-request__photo">
          <ListingPhoto
            storageKey={request.photoStorageKey}
            alt={`Photo for: ${request.title}`}
            sizes="(min-width: 40rem) 30rem, 100vw"
          />
        </div>
      ) : null}
      {request.details ? <p className="wanted-request__details">{request.details}</p> : null}
      {!data.isRequester && !actionData?.kind && actionData?.formError ? (
        <FormError message={actionData.formError} />
      ) : null}

      {data.isRequester && open && !request.removedAt ? (
        <section className="card" aria-labelledby="manage-title">
          <h2 id="manage-title">Your request</h2>
          <FormError message={actionData?.formError} />
          <p>
            {data.expired
              ? "It has expired and no longer lists. Renew it to list it for another 30 days."
              : `It lists until ${formatDay(request.expiresAt)}.`}
          </p>
          <Form method="post" className="form-actions">
            <button type="submit" name="intent" value="renew">
              Renew for 30 days
            </button>
            <button type="submit" name="intent" value="close" className="button--secondary">
              Close the request
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="answers-title">
        <h2 id="answers-title">
          {answers.length} {answers.length === 1 ? "answer" : "answers"}
        </h2>
        {answers.length === 0 ? (
          <EmptyState title="No answers yet.">
            {data.isRequester ? "Neighbours and shops answer here." : "Have it, or know who does? Answer below."}
          </EmptyState>
        ) : null}
        <ol className="wanted-answers">
          {answers.map((answer) => (
            <li
              key={answer.id}
              id={`answer-${answer.id}`}
              className={`card wanted-answer${answer.solved ? " wanted-answer--solved" : ""}`}
            >
              {answer.solved ? (
                <p className="wanted-answer__solved">
                  <Pill tone="ok">✓ Solved it</Pill>
                </p>
              ) : null}
              <p className="wanted-answer__by">
                {answer.shop ? (
                  <>
                    <Link to={`/retailers/${answer.shop.slug}`}>{answer.shop.name}</Link> <RetailerBadge verified />{" "}
                    <span className="muted">(answered by {answer.author.displayName})</span>
                  </>
                ) : (
                  <Link to={`/members/${answer.author.id}`}>{answer.author.displayName}</Link>
                )}
              </p>
              {answer.kind === "quote" && answer.quoteCents !== null ? (
                <p className="wanted-answer__quote">
                  Quote: <strong>{answer.service?.title ?? "a service"}</strong> for{" "}
                  <strong>{formatMoney(answer.quoteCents)}</strong>
                </p>
              ) : null}
              {answer.kind === "recommendation" ? (
                <p className="wanted-answer__recommendation">
                  Recommends{" "}
                  {answer.recommendedShop ? (
                    <Link to={`/retailers/${answer.recommendedShop.slug}`}>{answer.recommendedShop.name}</Link>
                  ) : (
                    "a shop that is no longer listed"
                  )}
                  {answer.service ? ` for “${answer.service.title}” (${formatMoney(answer.service.priceCents)})` : ""}
                </p>
              ) : null}
              {answer.body ? <p className="wanted-answer__body">{answer.body}</p> : null}
              {answer.listing ? (
                <div className="wanted-answer__listing">
                  <ListingCard card={answer.listing} />
                </div>
              ) : answer.listingGone ? (
                <p className="muted">The listing this answer pointed to is no longer for sale.</p>
              ) : null}
              <div className="wanted-answer__actions">
                {data.isRequester && answer.kind === "quote" && answer.quoteCents !== null && open ? (
                  <Link to={`/quotes/${answer.id}/buy`} className="button">
                    Accept and pay {formatMoney(answer.quoteCents)}
                  </Link>
                ) : null}
                {data.isRequester && open ? (
                  <Form method="post">
                    <input type="hidden" name="answerId" value={answer.id} />
                    <button type="submit" name="intent" value="solve" className="button--secondary">
                      This solved it
                    </button>
                  </Form>
                ) : null}
                {data.signedIn && data.viewerId !== answer.author.id ? (
                  <ReportForm subjectType="wanted_answer" subjectId={answer.id} collapsed />
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>

      {data.choices ? <AnswerForms data={data} failure={actionData} /> : null}
      {!data.signedIn && data.acceptsAnswers ? (
        <p>
          <Link to={`/login?${new URLSearchParams({ redirectTo: `/wanted/${request.id}` })}`}>Sign in to answer</Link>
        </p>
      ) : null}
      {data.signedIn && !data.isRequester ? (
        <ReportForm subjectType="wanted_request" subjectId={request.id} collapsed />
      ) : null}
    </div>
  );
}

function AnswerForms({ data, failure }: { data: PageData; failure: Failure | undefined }) {
  const choices = data.choices!;
  const shops = choices.shops;
  const errorsFor = (kind: string) => (failure?.kind === kind ? failure.fieldErrors : {});
  const valuesFor = (kind: string) => (failure?.kind === kind ? failure.values : {});
  const formErrorFor = (kind: string) => (failure?.kind === kind ? failure.formError : null);
  const asField = (kind: string, shopsOnly: boolean) => {
    if (!shops.length) return null;
    const values = valuesFor(kind);
    return (
      <Field label="Answer as" errors={errorsFor(kind).as}>
        {(control) => (
          <select name="as" defaultValue={values.as ?? (shopsOnly ? shops[0]!.id : "member")} {...control}>
            {shopsOnly ? null : <option value="member">Myself</option>}
            {shops.map((shop) => (
              <option key={shop.id} value={shop.id}>
                {shop.name} (shop)
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  };
  const body = (kind: string, label: string) => (
    <Field label={label} errors={errorsFor(kind).body}>
      {(control) => (
        <textarea
          name="body"
          rows={3}
          maxLength={WANTED_ANSWER_MAX}
          defaultValue={valuesFor(kind).body ?? ""}
          {...control}
        />
      )}
    </Field>
  );
  return (
    <section aria-labelledby="answer-title" className="wanted-answer-forms">
      <h2 id="answer-title">Answer</h2>
      <AnswerForm kind="listing" title="Answer with a listing" formError={formErrorFor("listing")}>
        {asField("listing", false)}
        {choices.ownListings.length ? (
          <Field label="One of your listings" errors={errorsFor("listing").ownListingId}>
            {(control) => (
              <select name="ownListingId" defaultValue={valuesFor("listing").ownListingId ?? ""} {...control}>
                <option value="">None: I'll paste a link</option>
                {choices.ownListings.map((listing) => (
                  <option key={listing.id} value={listing.id}>
                    {listing.title} ({formatMoney(listing.priceCents)})
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <FormField
          label="Or paste a listing link"
          hint="Any member's listing that is for sale on Stoop"
          name="listing"
          defaultValue={valuesFor("listing").listing ?? ""}
          errors={errorsFor("listing").listing}
        />
        {body("listing", "A note (optional)")}
      </AnswerForm>
      <AnswerForm kind="text" title="Answer in words" formError={formErrorFor("text")}>
        {asField("text", false)}
        {body("text", "Your answer")}
      </AnswerForm>
      {shops.length ? (
        <>
          <AnswerForm kind="quote" title="Offer a quote as your shop" formError={formErrorFor("quote")}>
            {asField("quote", true)}
            <Field label="Service" errors={errorsFor("quote").serviceId}>
              {(control) => (
                <select name="serviceId" defaultValue={valuesFor("quote").serviceId ?? ""} {...control}>
                  <option value="">Choose a service</option>
                  {choices.ownServices.map((service) => (
                    <option key={service.id} value={service.id}>
                      {service.title} (usually {formatMoney(service.priceCents)})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <FormField
              label="Your price for this request, in dollars"
              name="price"
              inputMode="decimal"
              defaultValue={valuesFor("quote").price ?? ""}
              errors={errorsFor("quote").price}
            />
            {body("quote", "What you would do (optional)")}
          </AnswerForm>
          <AnswerForm kind="recommendation" title="Recommend another shop" formError={formErrorFor("recommendation")}>
            {asField("recommendation", true)}
            <Field label="Shop" errors={errorsFor("recommendation").recommendedRetailerId}>
              {(control) => (
                <select
                  name="recommendedRetailerId"
                  defaultValue={valuesFor("recommendation").recommendedRetailerId ?? ""}
                  {...control}
                >
                  <option value="">Choose a shop</option>
                  {choices.otherShops.map((shop) => (
                    <option key={shop.id} value={shop.id}>
                      {shop.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="One of its services (optional)" errors={errorsFor("recommendation").serviceId}>
              {(control) => (
                <select name="serviceId" defaultValue={valuesFor("recommendation").serviceId ?? ""} {...control}>
                  <option value="">No particular service</option>
                  {choices.otherServices.map((service) => (
                    <option key={service.id} value={service.id}>
                      {service.retailerName}: {service.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {body("recommendation", "Why them (optional)")}
          </AnswerForm>
        </>
      ) : null}
    </section>
  );
}

function AnswerForm({
  kind,
  title,
  formError,
  children,
}: {
  kind: string;
  title: string;
  formError: string | null;
  children: ReactNode;
}) {
  const headingId = `answer-${kind}-title`;
  return (
    <Form method="post" className="card wanted-answer-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <FormError message={formError} />
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="kind" value={kind} />
      {children}
      <button type="submit">Post answer</button>
    </Form>
  );
}
