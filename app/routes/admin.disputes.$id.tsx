import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { DisputeThread } from "~/components/dispute-thread";
import { Field, FormError } from "~/components/form-field";
import { ChoiceGroup, EmptyState } from "~/components/ui";
import { requireAdmin } from "~/lib/auth.server";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { InvalidInput } from "~/lib/errors";
import { formatMoney } from "~/lib/money";
import { adminDisputeView, listAdmins } from "~/modules/disputes/admin.server";
import { assignDispute, postDisputeMessage } from "~/modules/disputes/disputes.server";
import { resolveDispute } from "~/modules/disputes/resolve.server";
import { REASON_LABELS, resolutionFieldErrors } from "~/modules/disputes/schemas";
import { resolutionFormSchema } from "~/modules/disputes/schemas.server";
import { DISPUTE_EVENT_TITLES } from "~/modules/disputes/state-machine";
import { photoUrl } from "~/modules/listings/photo-urls";
import { EVENT_TITLES, ORDER_STATUS_TITLES, type OrderEvent } from "~/modules/orders/state-machine";
import { formValues, parseForm, parseParams, readForm } from "~/lib/forms";
import { formatDateTime } from "~/lib/dates";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";
import { adminDisputesActionSchema as actionSchema } from "~/modules/admin/route-schemas.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Dispute: ${data.order.listingTitleNow} · Admin · Stoop` : "Dispute · Admin · Stoop" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseParams(paramsSchema, params);
  const view = await orErrorResponse(() => adminDisputeView(context.db, admin.id, parsed.id));
  return json({ ...view, admins: await listAdmins(context.db), adminId: admin.id });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsedParams = parseParams(paramsSchema, params);
  const disputeId = parsedParams.id;
  const formData = await readForm(request);
  const parsed = parseForm(actionSchema, formData);
  if (!parsed.ok) return invalidForm(parsed);
  const resolution = parsed.data.intent === "resolve" ? parseForm(resolutionFormSchema, formData) : null;
  if (resolution && !resolution.ok) return invalidForm(resolution);
  try {
    switch (parsed.data.intent) {
      case "assign":
        await assignDispute(context.db, admin, disputeId, parsed.data.assigneeId);
        break;
      case "post":
        await postDisputeMessage(context.db, admin, disputeId, { statement: parsed.data.statement });
        break;
      case "resolve": {
        if (!resolution?.ok) break; // refused above
        const input = resolution.data;
        await resolveDispute(context.db, context.payments.stripe, admin, disputeId, input);
        context.logger.info({ adminId: admin.id, disputeId, kind: input.kind }, "dispute resolved");
        break;
      }
    }
  } catch (error) {
    const values = formValues(formData);
    if (!(error instanceof InvalidInput)) return formFailure(error, values);
    const fieldErrors = resolutionFieldErrors(error.fieldErrors);
    const formError =
      fieldErrors.lines?.[0] ?? fieldErrors.form?.[0] ?? (Object.keys(fieldErrors).length ? null : error.message);
    return invalidForm({ formError, fieldErrors, values });
  }
  return redirect(`/admin/disputes/${disputeId}`);
}

const when = formatDateTime;

export default function AdminDispute() {
  const data = useLoaderData<typeof loader>();
  const {
    dispute,
    order,
    events,
    snapshot,
    thread,
    lines,
    unfinishedAddOns,
    payouts,
    refunds,
    reversals,
    money,
    audit,
    ownOrder,
    admins,
  } = data;
  const actionData = useActionData<typeof action>();
  const failure = actionData && "ok" in actionData && !actionData.ok ? actionData : null;
  const errors = (failure?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
  const values = (failure?.values ?? {}) as Record<string, string>;
  const busy = useNavigation().state === "submitting";
  const open = dispute.status !== "resolved";
  const resolution = dispute.resolution;
  // One list, oldest first: the order's events and the case's own (opened, decided, resolved).
  const timeline = [
    ...events.map((event) => ({
      key: `order-${event.id}`,
      title: EVENT_TITLES[event.event as OrderEvent | "create"] ?? event.event,
      actorName: event.actorName,
      createdAt: event.createdAt,
    })),
    ...data.disputeEvents.map((event) => ({
      key: `dispute-${event.id}`,
      title: DISPUTE_EVENT_TITLES[event.event as keyof typeof DISPUTE_EVENT_TITLES] ?? event.event,
      actorName: event.actorName,
      createdAt: event.createdAt,
    })),
  ].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  return (
    <article aria-labelledby="dispute-title">
      <p>
        <Link to="/admin/disputes">All disputes</Link>
      </p>
      <h1 id="dispute-title">Dispute: {snapshot?.title ?? order.listingTitleNow}</h1>
      <p role="status" className="notice">
        {dispute.status === "resolved"
          ? `Resolved by ${dispute.resolverName ?? "an admin"} on ${when(dispute.resolvedAt!)}.`
          : dispute.status === "resolving"
            ? "A decision is being carried out; submitting it again finishes it."
            : `Open since ${when(dispute.createdAt)} · decision due ${when(dispute.dueAt)}${dispute.overdue ? " (overdue)" : ""}.`}{" "}
        Order status: {ORDER_STATUS_TITLES[order.status]}.
      </p>
      {dispute.stripeDisputeId ? (
        <p className="notice">
          <strong>Chargeback</strong> {dispute.stripeDisputeId}: {dispute.stripeStatus?.replace(/_/g, " ") ?? "unknown"}
          {dispute.evidenceDueBy ? ` · evidence due ${when(dispute.evidenceDueBy)}` : ""}
        </p>
      ) : null}
      <FormError message={failure?.formError} />

      <section className="card" aria-labelledby="parties-title">
        <h2 id="parties-title">Case and parties</h2>
        <dl className="facts">
          <dt>Reason</dt>
          <dd>
            {dispute.source === "chargeback"
              ? "Chargeback through the buyer's bank"
              : (REASON_LABELS[dispute.reason as keyof typeof REASON_LABELS] ?? dispute.reason)}
          </dd>
          <dt>Buyer</dt>
          <dd>
            {order.buyerName} ({order.buyerEmail})
          </dd>
          {order.sellerId ? (
            <>
              <dt>Seller</dt>
              <dd>
                {order.sellerName} ({order.sellerEmail})
              </dd>
            </>
          ) : null}
          <dt>Order</dt>
          <dd>
            {order.id},{" "}
            {order.delivery === "at_shop"
              ? "a bought quote, done at the shop (no item, no seller)"
              : order.delivery === "pickup"
                ? "local pickup"
                : "shipping"}
            {order.trackingNumber ? `, tracking ${order.trackingNumber}` : ""}
          </dd>
          <dt>Status before the dispute</dt>
          <dd>{ORDER_STATUS_TITLES[dispute.orderStatusBefore as keyof typeof ORDER_STATUS_TITLES]}</dd>
          <dt>Assigned to</dt>
          <dd>{dispute.assigneeName ?? "Nobody"}</dd>
        </dl>
        {open && !ownOrder ? (
          <Form method="post">
            <Field label="Assign to" errors={errors.assigneeId}>
              {(props) => (
                <select {...props} name="assigneeId" defaultValue={dispute.assignedAdminId ?? data.adminId}>
                  {admins.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.id === data.adminId ? `${candidate.displayName} (me)` : candidate.displayName}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" name="intent" value="assign">
              Assign
            </button>
          </Form>
        ) : null}
        {ownOrder ? (
          <p role="note">You are a party to this order, so another admin has to handle this dispute.</p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="snapshot-title">
        <h2 id="snapshot-title">The listing as bought</h2>
        {snapshot ? (
          <>
            <dl className="facts">
              <dt>Title</dt>
              <dd>{snapshot.title}</dd>
              <dt>Price</dt>
              <dd>{formatMoney(snapshot.priceCents)}</dd>
              <dt>Condition</dt>
              <dd>{snapshot.condition.replace(/_/g, " ")}</dd>
              <dt>Category</dt>
              <dd>{snapshot.categoryName ?? snapshot.categoryId}</dd>
            </dl>
            <p style={{ whiteSpace: "pre-wrap" }}>{snapshot.description}</p>
            {snapshot.photoKeys.length ? (
              <ul className="photo-previews" aria-label="Listing photos when bought">
                {snapshot.photoKeys.map((key, index) => (
                  <li key={key}>
                    <img src={photoUrl(key, 320)} alt={`Listing photo ${index + 1} when bought`} />
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p>No snapshot was kept for this order (bought before snapshots existed).</p>
        )}
      </section>

      <section className="card" aria-labelledby="payment-title">
        <h2 id="payment-title">Payment</h2>
        <dl className="facts">
          <dt>Charge</dt>
          <dd>
            {formatMoney(order.totalCents)} · {order.stripeChargeId ?? "none"} · Stoop fee{" "}
            {formatMoney(order.platformFeeCents)}
          </dd>
          <dt>Refunded</dt>
          <dd>{formatMoney(money.refundedCents)}</dd>
          {money.payees.map((held) => (
            <Fragment
              key={
                held.payee.kind === "member"
                  ? held.payee.userId
                  : held.payee.kind === "shop"
                    ? held.payee.retailerId
                    : "platform"
              }
            >
              <dt>{held.payee.kind === "member" ? "Held by the seller" : "Held by a shop"}</dt>
              <dd>
                {formatMoney(held.paidCents)}
                {held.reversedCents > 0
                  ? ` (${formatMoney(held.transferredCents)} sent, ${formatMoney(held.reversedCents)} reversed)`
                  : ""}
              </dd>
            </Fragment>
          ))}
        </dl>
        <TableScroll label="Order lines">
          <table>
            <caption>Order lines</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Paid</th>
                <th scope="col">Refunded</th>
                <th scope="col">Payee</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.key}>
                  <td>{line.label}</td>
                  <td>{formatMoney(line.amountCents)}</td>
                  <td>{formatMoney(line.refundedCents)}</td>
                  <td>{line.payee.kind === "seller" ? "Seller" : "Retailer"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <h3>Money movements</h3>
        <ul>
          {refunds.map((refund) => (
            <li key={refund.id}>
              Refund on {refund.lineKey}: {formatMoney(refund.amountCents)} ({refund.status}
              {refund.stripeRefundId ? `, ${refund.stripeRefundId}` : ""})
            </li>
          ))}
          {payouts.map((payout) => (
            <li key={payout.id}>
              Payout to {payout.purpose === "service" ? "a shop" : "the seller"}: {formatMoney(payout.amountCents)} (
              {payout.status.replace(/_/g, " ")}
              {payout.stripeTransferId ? `, ${payout.stripeTransferId}` : ""})
            </li>
          ))}
          {reversals.map((reversal) => (
            <li key={reversal.id}>
              Transfer reversal: {formatMoney(reversal.amountCents)} ({reversal.status}
              {reversal.stripeReversalId ? `, ${reversal.stripeReversalId}` : ""})
            </li>
          ))}
          {order.stripeRefundId ? <li>Cancellation refund {order.stripeRefundId}</li> : null}
          {!refunds.length && !payouts.length && !reversals.length && !order.stripeRefundId ? (
            <li>No refunds, payouts or reversals yet.</li>
          ) : null}
        </ul>
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline of the order and the dispute</h2>
        <ol aria-label="Timeline">
          {timeline.map((entry) => (
            <li key={entry.key}>
              {entry.title}
              {entry.actorName ? ` by ${entry.actorName}` : ""}:{" "}
              <time dateTime={new Date(entry.createdAt).toISOString()}>{when(entry.createdAt)}</time>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="thread-title">
        <h2 id="thread-title">Statements and evidence</h2>
        <DisputeThread messages={thread} />
        {open && !ownOrder ? (
          <Form method="post" className="card">
            <Field label="Statement from Stoop" errors={errors.statement}>
              {(props) => <textarea {...props} name="statement" rows={3} defaultValue={values.statement ?? ""} />}
            </Field>
            <button type="submit" name="intent" value="post">
              Post to the thread
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="messages-title">
        <h2 id="messages-title">Messages between buyer and seller</h2>
        {data.messages.length ? (
          <ol className="plain-list" aria-label="Messages between buyer and seller">
            {data.messages.map((message) => (
              <li key={message.id}>
                <p>
                  <strong>{message.authorName}</strong>{" "}
                  <time dateTime={new Date(message.createdAt).toISOString()}>{when(message.createdAt)}</time>
                </p>
                <p style={{ whiteSpace: "pre-wrap" }}>{message.body}</p>
              </li>
            ))}
          </ol>
        ) : (
          <EmptyState title="No messages between the buyer and the seller." />
        )}
      </section>

      {open && !ownOrder ? (
        <Form method="post" className="card" aria-labelledby="decide-title">
          <h2 id="decide-title">Decision</h2>
          <ChoiceGroup
            legend="Resolution"
            type="radio"
            name="kind"
            checked={values.kind}
            errors={errors.kind}
            options={[
              { value: "full_refund", label: "Full refund to the buyer" },
              { value: "partial_refund", label: "Partial refund of the lines below" },
              { value: "release", label: "Release the payment to the seller" },
            ]}
          />
          <ChoiceGroup
            legend="With a full refund"
            type="checkbox"
            name="itemReturned"
            checked={values.itemReturned}
            options={[{ value: "yes", label: "The item is returned to the seller (the listing goes back on sale)" }]}
          />
          {unfinishedAddOns.length ? (
            <p id="unfinished-add-ons">
              Not finished by the shop, so refunded to the buyer with a release or a partial refund:{" "}
              {unfinishedAddOns
                .map((line) => `${line.label} (${formatMoney(line.amountCents - line.refundedCents)})`)
                .join(", ")}
              .
            </p>
          ) : null}
          {lines.map((line) => (
            <Field
              key={line.key}
              label={`Refund on ${line.label} (dollars)`}
              hint={`At most ${formatMoney(line.amountCents - line.refundedCents)} left on this line. Only for a partial refund.`}
              errors={errors[`refund_${line.key}`]}
            >
              {(props) => (
                <input
                  {...props}
                  name={`refund_${line.key}`}
                  inputMode="decimal"
                  defaultValue={values[`refund_${line.key}`] ?? ""}
                />
              )}
            </Field>
          ))}
          <Field label="Reason (every party sees it)" errors={errors.note}>
            {(props) => <textarea {...props} name="note" rows={3} defaultValue={values.note ?? ""} />}
          </Field>
          <button type="submit" name="intent" value="resolve" disabled={busy}>
            Carry out the decision
          </button>
        </Form>
      ) : resolution ? (
        <section className="card" aria-labelledby="outcome-title">
          <h2 id="outcome-title">Outcome</h2>
          <p>
            {resolution.kind === "full_refund"
              ? `Full refund${resolution.itemReturned ? ", item returned" : ", item kept by the buyer"}.`
              : resolution.kind === "partial_refund"
                ? `Partial refund: ${resolution.lines.map((line) => `${formatMoney(line.amountCents)} on ${line.key}`).join(", ")}.`
                : "Released to the seller."}{" "}
            Reason: {resolution.note}
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="audit-title">
        <h2 id="audit-title">Audit log</h2>
        <ol>
          {audit.map((entry) => (
            <li key={entry.id}>
              <time dateTime={new Date(entry.createdAt).toISOString()}>{when(entry.createdAt)}</time>:{" "}
              {entry.actorLabel} · {entry.action}
              {entry.amountCents != null ? ` · ${formatMoney(entry.amountCents)}` : ""}
              {entry.reason ? ` · ${entry.reason}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
