import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { requireAdmin } from "~/lib/auth.server";
import { formFailure } from "~/lib/http.server";
import { formatMoney } from "~/lib/money";
import { disputeQueue } from "~/modules/disputes/admin.server";
import { assignDispute } from "~/modules/disputes/disputes.server";
import { REASON_LABELS } from "~/modules/disputes/schemas";
import { firstError, parseForm, readForm } from "~/lib/forms";
import { formatDateTime, formatDay } from "~/lib/dates";
import { assignDisputeToMeForm } from "~/modules/admin/route-schemas.server";
import { TableScroll } from "~/components/table-scroll";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Disputes · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requireAdmin(request, context);
  const queue = await disputeQueue(context.db);
  return json({ adminId: admin.id, queue });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseForm(assignDisputeToMeForm, await readForm(request));
  if (!parsed.ok)
    return json({ ok: false as const, formError: firstError(parsed) ?? "Reload the page." }, { status: 400 });
  try {
    await assignDispute(context.db, admin, parsed.data.disputeId, admin.id);
  } catch (error) {
    return formFailure(error, {});
  }
  return redirect("/admin/disputes");
}

function hoursText(hours: number) {
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

export default function DisputeQueue() {
  const { queue, adminId } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Disputes</h1>
      <p>Open cases, oldest first. A decision is due 72 hours after a case opens.</p>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      {queue.length === 0 ? (
        <EmptyState title="No open disputes." />
      ) : (
        <TableScroll label="Open disputes">
          <table>
            <caption className="visually-hidden">Open disputes</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Kind</th>
                <th scope="col">Age</th>
                <th scope="col">Decision due</th>
                <th scope="col">Assigned to</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((row) => (
                <tr key={row.id} className={row.overdue ? "overdue" : undefined}>
                  <td>
                    <Link to={`/admin/disputes/${row.id}`}>{row.listingTitle}</Link> ({formatMoney(row.totalCents)})
                    {row.status === "resolving" ? " · being carried out" : ""}
                  </td>
                  <td>
                    {row.source === "chargeback" || row.stripeDisputeId ? (
                      <>
                        <strong>Chargeback</strong>
                        {row.stripeStatus ? ` (${row.stripeStatus.replace(/_/g, " ")})` : ""}
                        {row.evidenceDueBy ? (
                          <>
                            {" "}
                            · evidence due{" "}
                            <time dateTime={new Date(row.evidenceDueBy).toISOString()}>
                              {formatDay(row.evidenceDueBy)}
                            </time>
                          </>
                        ) : null}
                      </>
                    ) : (
                      (REASON_LABELS[row.reason as keyof typeof REASON_LABELS] ?? row.reason)
                    )}
                  </td>
                  <td>{hoursText(row.ageHours)}</td>
                  <td>
                    {row.overdue ? <strong className="field__error">Overdue: </strong> : null}
                    <time dateTime={new Date(row.dueAt).toISOString()}>{formatDateTime(row.dueAt)}</time>
                  </td>
                  <td>
                    {row.assigneeName ?? "Nobody"}
                    {row.assignedAdminId !== adminId && row.buyerId !== adminId && row.sellerId !== adminId ? (
                      <Form method="post">
                        <input type="hidden" name="disputeId" value={row.id} />
                        <button type="submit" name="intent" value="assignToMe">
                          Assign to me<span className="visually-hidden">: {row.listingTitle}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
