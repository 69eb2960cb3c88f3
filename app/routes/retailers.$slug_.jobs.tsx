import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { PLACE_LABELS, ServiceLeadTime } from "~/components/retailer-badge";
import { requireShopStaff } from "~/lib/auth.server";
import { formFailure, invalidForm } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { payOutNow } from "~/modules/orders/money.server";
import { SERVICE_STATUS_LABELS } from "~/modules/retailers/schemas";
import { jobActionSchema } from "~/modules/retailers/schemas.server";
import {
  acceptServiceJob,
  confirmCollection,
  confirmDropOff,
  declineServiceJob,
  failInspection,
  markServiceDone,
  passInspection,
  serviceJobsFor,
} from "~/modules/orders/service-jobs.server";
import { hasUnstorableText, parseForm, readForm, UNSTORABLE_TEXT } from "~/lib/forms";
import { formatShortDay } from "~/lib/dates";
import { TableScroll } from "~/components/table-scroll";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Service jobs · Stoop" }];

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer, user } = await requireShopStaff(request, context, rawParams);
  const jobs = await serviceJobsFor(context.db, retailer.id, user.id);
  return json({ retailer: { id: retailer.id, name: retailer.name, slug: retailer.slug }, jobs });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user } = await requireShopStaff(request, context, rawParams);
  const parsed = parseForm(jobActionSchema, await readForm(request));
  if (!parsed.ok) {
    const codeError = parsed.fieldErrors.code?.[0];
    const formError = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : (codeError ?? "Reload the page and try again.");
    return invalidForm({ fieldErrors: {}, formError, values: {} });
  }
  const { intent, lineId, code } = parsed.data;
  try {
    const stripe = context.payments.stripe;
    const moves = {
      accept: () => acceptServiceJob(context.db, lineId, user.id),
      decline: () => declineServiceJob(context.db, stripe, lineId, user.id),
      done: () =>
        markServiceDone(context.db, lineId, user.id, { autoConfirmDays: context.config.orderAutoReceiveDays }),
      pass: () => passInspection(context.db, lineId, user.id),
      fail: () => failInspection(context.db, stripe, lineId, user.id),
      dropOff: () => confirmDropOff(context.db, lineId, user.id),
      collect: () =>
        confirmCollection(context.db, lineId, user.id, {
          code: code ?? "",
          secret: context.config.handoverSecret,
        }),
    };
    const { completed, orderId } = await moves[intent]();
    // The order was only waiting for this step: pay everyone now (the queued job covers failures).
    if (completed) await payOutNow(context.db, stripe, orderId);
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect(`/retailers/${retailer.slug}/jobs`);
}

const ACTION_LABELS: Record<string, string> = {
  accept: "Accept",
  decline: "Decline and refund",
  done: "Mark done",
  pass: "Inspection passed",
  fail: "Inspection failed (refund the buyer)",
  dropOff: "Seller dropped it off",
  collect: "Buyer collected it",
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
        <TableScroll label="Service jobs">
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
                    {job.orderKind === "service" ? (
                      // A bought quote's order page is the shop's too (ADR 038).
                      <Link to={`/orders/${job.orderId}`} className="muted">
                        Order {job.orderId.slice(0, 8)}
                      </Link>
                    ) : (
                      <span className="muted">Order {job.orderId.slice(0, 8)}</span>
                    )}
                  </th>
                  <td>{job.listingTitle}</td>
                  <td>{job.buyerName}</td>
                  <td>
                    {PLACE_LABELS[job.performedAt]} (
                    {job.delivery === "shipping"
                      ? `ships to ${job.shipCity ?? "the buyer"}`
                      : job.delivery === "at_shop"
                        ? "your quote, done at the shop"
                        : `pickup in ${job.placeName}`}
                    ), within <ServiceLeadTime days={job.leadDays} /> of{" "}
                    {job.paidAt ? formatShortDay(job.paidAt) : "payment"}
                  </td>
                  <td>{formatMoney(job.shareCents)}</td>
                  <td>{SERVICE_STATUS_LABELS[job.status]}</td>
                  <td>{job.payoutStatus ? PAYOUT_LABELS[job.payoutStatus] : "—"}</td>
                  <td>
                    <div className="form-actions">
                      <Form method="post" action="/messages/order">
                        <input type="hidden" name="orderId" value={job.orderId} />
                        <input type="hidden" name="retailerId" value={retailer.id} />
                        <button
                          type="submit"
                          className="button--secondary button--small"
                          aria-label={`Message the buyer: ${job.title} for ${job.listingTitle}`}
                        >
                          Message the buyer
                        </button>
                      </Form>
                      {job.actions.map((intent) => (
                        <Form method="post" key={intent}>
                          <input type="hidden" name="lineId" value={job.id} />
                          {intent === "collect" ? (
                            // The shop hands the item only to the person who shows the buyer's code.
                            <label>
                              Buyer&apos;s handover code
                              <input
                                name="code"
                                inputMode="numeric"
                                autoComplete="off"
                                pattern="[0-9 ]{6,7}"
                                maxLength={7}
                                required
                              />
                            </label>
                          ) : null}
                          <button
                            type="submit"
                            name="intent"
                            value={intent}
                            className={
                              intent === "decline" || intent === "fail"
                                ? "button--secondary button--small"
                                : "button--small"
                            }
                            aria-label={`${ACTION_LABELS[intent]}: ${job.title} for ${job.listingTitle}`}
                          >
                            {ACTION_LABELS[intent]}
                          </button>
                        </Form>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <EmptyState title="No jobs yet.">Buyers add your services when they buy matching items nearby.</EmptyState>
      )}
    </section>
  );
}
