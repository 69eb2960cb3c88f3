import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { DisputeThread } from "~/components/dispute-thread";
import { Field, FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { parseForm, parseParams } from "~/lib/forms";
import { formFailure, invalidForm, logUnavailable, orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { disputeForMember, openDispute, postDisputeMessage } from "~/modules/disputes/disputes.server";
import { REASON_LABELS } from "~/modules/disputes/schemas";
import { openDisputeSchema, postMessageSchema } from "~/modules/disputes/schemas.server";
import { preparePhotos } from "~/modules/listings/photos.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { readPhotoForm } from "~/modules/listings/upload.server";
import { formatDateTime } from "~/lib/dates";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Dispute: ${data.order.listingTitle} · Stoop` : "Dispute · Stoop" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseParams(paramsSchema, params);
  return json(await orErrorResponse(() => disputeForMember(context.db, parsed.id, user.id)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseParams(paramsSchema, params);
  const orderId = parsed.id;
  // Cheapest first: a stranger to the order gets its 404 before any photo is read or decoded.
  await orErrorResponse(() => disputeForMember(context.db, orderId, user.id));
  const upload = await readPhotoForm(request);
  const intent = upload.formData.get("intent");
  const values = Object.fromEntries(
    [...upload.formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const form =
    intent === "open" ? parseForm(openDisputeSchema, upload.formData) : parseForm(postMessageSchema, upload.formData);
  if (!form.ok || upload.problem)
    return invalidForm({
      formError: form.ok ? null : form.formError,
      fieldErrors: { ...(form.ok ? {} : form.fieldErrors), ...(upload.problem ? { photos: [upload.problem] } : {}) },
      values,
    });
  const storage = photoStorageFor(context.config);
  try {
    const photos = await preparePhotos(upload.files);
    if (intent === "open") {
      await openDispute(context.db, user, orderId, form.data as z.infer<typeof openDisputeSchema>, { photos, storage });
    } else {
      const { dispute } = await disputeForMember(context.db, orderId, user.id);
      if (!dispute) throw new Response("Not found", { status: 404 });
      await postDisputeMessage(context.db, user, dispute.id, form.data, { photos, storage });
    }
  } catch (error) {
    logUnavailable(context.logger, error);
    return formFailure(error, values);
  }
  return redirect(`/orders/${orderId}/dispute`);
}

function PhotosInput({ errors }: { errors?: string[] }) {
  return (
    <Field label="Photos (optional)" hint="Up to 10 photos, 15 MB each." errors={errors}>
      {(props) => <input {...props} type="file" name="photos" accept="image/*" multiple />}
    </Field>
  );
}

export default function DisputePage() {
  const { order, role, dispute, thread, canOpen, windowMessage, windowClosesAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && !actionData.ok ? actionData : null;
  const busy = useNavigation().state === "submitting";
  const resolution = dispute?.resolution ?? null;
  return (
    <article className="narrow" aria-labelledby="dispute-title">
      <h1 id="dispute-title">Dispute: {order.listingTitle}</h1>
      <p>
        <Link to={`/orders/${order.id}`}>Back to the order</Link>
      </p>
      <FormError message={failure?.formError} />

      {dispute ? (
        <section className="card" aria-labelledby="case-title">
          <h2 id="case-title">
            {dispute.status === "resolved" ? "Resolved" : "Open: the order is on hold until an admin decides"}
          </h2>
          <p>
            {dispute.source === "chargeback"
              ? `Chargeback through the buyer's bank${dispute.stripeStatus ? ` (${dispute.stripeStatus.replace(/_/g, " ")})` : ""}.`
              : `Reason: ${REASON_LABELS[dispute.reason as keyof typeof REASON_LABELS] ?? dispute.reason}.`}
          </p>
          {dispute.status === "resolved" && resolution ? (
            <div role="status" className="notice">
              <p>
                <strong>Outcome:</strong>{" "}
                {resolution.kind === "full_refund"
                  ? `Refunded in full (${formatMoney(order.refundedCents)}).`
                  : resolution.kind === "partial_refund"
                    ? `Partial refund of ${formatMoney(resolution.lines.reduce((sum, line) => sum + line.amountCents, 0))}; the rest goes to the seller.`
                    : "Released to the seller."}
              </p>
              <p>
                <strong>Reason:</strong> {resolution.note}
              </p>
            </div>
          ) : null}
        </section>
      ) : null}

      {dispute ? (
        <section aria-labelledby="thread-title">
          <h2 id="thread-title">Statements and evidence</h2>
          <DisputeThread messages={thread} />
          {dispute.status !== "resolved" ? (
            <Form method="post" encType="multipart/form-data" className="card">
              <h3>Add a statement</h3>
              <Field label="Your statement" errors={failure?.fieldErrors.statement}>
                {(props) => (
                  <textarea {...props} name="statement" rows={4} defaultValue={failure?.values.statement ?? ""} />
                )}
              </Field>
              <PhotosInput errors={failure?.fieldErrors.photos} />
              <button type="submit" name="intent" value="post" disabled={busy}>
                Add statement
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {canOpen ? (
        <Form method="post" encType="multipart/form-data" className="card" aria-labelledby="open-title">
          <h2 id="open-title">Open a dispute</h2>
          <p>
            Opening a dispute puts the order on hold: the seller is not paid until a Stoop admin decides.
            {windowClosesAt ? ` You can open one until ${formatDateTime(windowClosesAt)}.` : null}
          </p>
          <Field label="Reason" errors={failure?.fieldErrors.reason}>
            {(props) => (
              <select {...props} name="reason" defaultValue={failure?.values.reason ?? ""}>
                <option value="" disabled>
                  Choose a reason
                </option>
                {Object.entries(REASON_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="What happened" errors={failure?.fieldErrors.statement}>
            {(props) => (
              <textarea {...props} name="statement" rows={5} defaultValue={failure?.values.statement ?? ""} />
            )}
          </Field>
          <PhotosInput errors={failure?.fieldErrors.photos} />
          <button type="submit" name="intent" value="open" disabled={busy}>
            Open dispute
          </button>
        </Form>
      ) : !dispute ? (
        <p>{role === "buyer" ? windowMessage : "There is no dispute on this order."}</p>
      ) : null}
    </article>
  );
}
