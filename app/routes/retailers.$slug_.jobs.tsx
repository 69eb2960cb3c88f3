import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form-field";
import { PLACE_LABELS, ServiceLeadTime } from "~/components/retailer-badge";
import { requireRetailerStaff } from "~/lib/auth.server";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { payOutNow } from "~/modules/orders/money.server";
import { retailerBySlug } from "~/modules/retailers/retailers.server";
import { jobActionSchema, SERVICE_STATUS_LABELS } from "~/modules/retailers/schemas";
import {
  acceptServiceJob,
  declineServiceJob,
  markServiceDone,
  serviceJobsFor,
} from "~/modules/retailers/service-jobs.server";

const params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export const meta: MetaFunction = () => [{ title: "Service jobs · Stoop" }];

async function shopFor(request: Request, context: LoaderFunctionArgs["context"], rawParams: unknown) {
  const parsed = params.safeParse(rawParams);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const retailer = await orErrorResponse(() => retailerBySlug(context.db, parsed.data.slug));
  const { user } = await requireRetailerStaff(request, context, retailer.id);
  return { retailer, user };
}

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer, user } = await shopFor(request, context, rawParams);
  const jobs = await serviceJobsFor(context.db, retailer.id, user.id);
  return json({ retailer: { name: retailer.name, slug: retailer.slug }, jobs });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user } = await shopFor(request, context, rawParams);
  const parsed = jobActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalidForm({ fieldErrors: {}, formError: "Reload the page and try again.", values: {} });
  const { intent, lineId } = parsed.data;
  try {
    if (intent === "accept") await acceptServiceJob(context.db, lineId, user.id);
    if (intent === "decline") await declineServiceJob(context.db, context.payments.stripe, lineId, user.id);
    if (intent === "done") {
      const { completed, orderId } = await markServiceDone(context.db, lineId, user.id);
      // The order was only waiting for this service: pay everyone now (the queued job covers failures).
      if (completed) await payOutNow(context.db, context.payments.stripe, orderId);
    }
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect(`/retailers/${retailer.slug}/jobs`);
}

const ACTIONS: Record<string, { intent: "accept" | "decline" | "done"; label: string }[]> = {
  requested: [
    { intent: "accept", label: "Accept" },
    { intent: "decline", label: "Decline and refund" },
  ],
  accepted: [
    { intent: "done", label: "Mark done" },
    { intent: "decline", label: "Decline and refund" },
  ],
};

const PAYOUT_LABELS: Record<string, string> = {
  pending: "Sending",
  paid: "Paid",
  waiting_for_account: "Waiting for payout setup",
};

export default function ServiceJobs() {
  const { retailer, jobs } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Service jobs of {retailer.name}</h1>
      <p>
        <Link to={`/retailers/${retailer.slug}`}>Back to the shop page</Link>
      </p>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      {jobs.length ? (
        <div className="table-wrap">
          <table>
            <caption>Incoming jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Item</th>
                <th scope="col">Buyer</th>
                <th scope="col">Where and when</th>
                <th scope="col">You get</th>
                <th scope="col">Status</th>
                <th scope="col">Payout</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <th scope="row">
                    {job.title}
                    <br />
                    <span className="muted">Order {job.orderId.slice(0, 8)}</span>
                  </th>
                  <td>{job.listingTitle}</td>
                  <td>{job.buyerName}</td>
                  <td>
                    {PLACE_LABELS[job.performedAt]} (
                    {job.delivery === "shipping"
                      ? `ships to ${job.shipCity ?? "the buyer"}`
                      : `pickup in ${job.placeName}`}
                    ), within <ServiceLeadTime days={job.leadDays} /> of{" "}
                    {job.paidAt ? new Date(job.paidAt).toLocaleDateString("en") : "payment"}
                  </td>
                  <td>{formatMoney(job.priceCents - job.platformFeeCents)}</td>
                  <td>{SERVICE_STATUS_LABELS[job.status]}</td>
                  <td>{job.payoutStatus ? PAYOUT_LABELS[job.payoutStatus] : "—"}</td>
                  <td>
                    <div className="form-actions">
                      {(ACTIONS[job.status] ?? []).map((action) => (
                        <Form method="post" key={action.intent}>
                          <input type="hidden" name="lineId" value={job.id} />
                          <button
                            type="submit"
                            name="intent"
                            value={action.intent}
                            className={
                              action.intent === "decline" ? "button--secondary button--small" : "button--small"
                            }
                            aria-label={`${action.label}: ${job.title} for ${job.listingTitle}`}
                          >
                            {action.label}
                          </button>
                        </Form>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No jobs yet. Buyers add your services when they buy matching items nearby.</p>
      )}
    </section>
  );
}
