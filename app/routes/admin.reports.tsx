import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormError } from "~/components/form-field";
import { requireAdmin } from "~/lib/auth.server";
import { formFailure } from "~/lib/http.server";
import { actOnReportedSubject, canRemove } from "~/modules/admin/moderation.server";
import { moderationReasonSchema } from "~/modules/admin/report-schemas.server";
import { REPORT_REASONS, SUBJECT_LABELS } from "~/modules/admin/report-subjects";
import { openReportQueue } from "~/modules/admin/reports.server";
import { UNSTORABLE_TEXT, hasUnstorableText, parseForm, readForm } from "~/lib/forms";
import { reportDecisionForm } from "~/modules/admin/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Reports · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requireAdmin(request, context);
  const groups = await openReportQueue(context.db);
  return json({
    adminId: admin.id,
    groups: groups.map((group) => ({
      ...group,
      removable: canRemove(group.subjectType),
      firstReportedAt: group.firstReportedAt.toISOString(),
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseForm(reportDecisionForm, await readForm(request));
  if (!parsed.ok)
    return json(
      {
        target: null,
        formError: hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "Unknown action; reload the page.",
        fieldErrors: {},
        values: {},
      },
      { status: 400 },
    );
  const { intent, subjectType, subjectId } = parsed.data;
  const target = `${intent}:${subjectType}:${subjectId}`;
  const rawReason = parsed.data.reason?.trim() ?? "";
  let reason: string | null = null;
  if (intent !== "dismiss" || rawReason) {
    const checked = moderationReasonSchema.safeParse(rawReason);
    if (!checked.success) {
      return json(
        {
          target,
          formError: null,
          fieldErrors: { reason: [checked.error.issues[0]?.message ?? "Say why"] },
          values: { reason: rawReason },
        },
        { status: 400 },
      );
    }
    reason = checked.data;
  }
  try {
    const message = await actOnReportedSubject(context.db, admin, {
      action: intent,
      subject: { type: subjectType, id: subjectId },
      reason,
    });
    return redirect(`/admin/reports?${new URLSearchParams({ done: message })}`);
  } catch (error) {
    const failure = formFailure(error, { reason: rawReason });
    const body = (await failure.json()) as {
      formError: string | null;
      fieldErrors: Record<string, string[]>;
      values: Record<string, string>;
    };
    return json({ target, ...body }, { status: failure.status });
  }
}

const ACTIONS = [
  { intent: "remove", label: "Remove", field: "Reason for removal (the owner sees it)" },
  { intent: "warn", label: "Warn the owner", field: "Warning to the member" },
  { intent: "suspend", label: "Suspend the owner", field: "Reason for suspension (the member sees it)" },
  { intent: "dismiss", label: "Dismiss reports", field: "Note (optional)" },
] as const;

export default function AdminReports() {
  const { groups, adminId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      {done ? (
        <p role="status" className="notice">
          {done}
        </p>
      ) : null}
      {actionData && !actionData.target ? <FormError message={actionData.formError} /> : null}
      {groups.length === 0 ? <EmptyState title="No open reports.">Nice and quiet.</EmptyState> : null}
      {groups.map((group) => {
        const noun = SUBJECT_LABELS[group.subjectType];
        const titleId = `report-${group.subjectType}-${group.subjectId}`;
        const own = group.subjectOwnerId === adminId;
        return (
          <article key={titleId} aria-labelledby={titleId} className="card">
            <h2 id={titleId}>
              {noun[0]!.toUpperCase() + noun.slice(1)}:{" "}
              {group.url ? <Link to={group.url}>{group.label}</Link> : group.label}
            </h2>
            <p>
              {group.count} open {group.count === 1 ? "report" : "reports"}, first on{" "}
              {group.firstReportedAt.slice(0, 16).replace("T", " ")} UTC · owner: {group.ownerName ?? "unknown"}
              {group.ownerSuspended ? " (suspended)" : ""}
            </p>
            <ul>
              {group.reports.map((report) => (
                <li key={report.id}>
                  <strong>{REPORT_REASONS[report.reason] ?? report.reason}</strong> from {report.reporterName}
                  {report.note ? `: “${report.note}”` : ""}
                </li>
              ))}
            </ul>
            {own ? (
              <p className="muted">This is your own {noun}: another admin has to handle these reports.</p>
            ) : (
              <div className="admin-actions">
                {ACTIONS.filter((choice) => choice.intent !== "remove" || group.removable)
                  .filter((choice) => choice.intent !== "suspend" || !group.ownerSuspended)
                  .map((choice) => {
                    const target = `${choice.intent}:${group.subjectType}:${group.subjectId}`;
                    const mine = actionData?.target === target ? actionData : null;
                    const label = choice.intent === "remove" ? `Remove ${noun}` : choice.label;
                    return (
                      <Form
                        method="post"
                        key={choice.intent}
                        className="admin-inline-form"
                        aria-label={`${label}: ${group.label}`}
                      >
                        <FormError message={mine?.formError} />
                        <input type="hidden" name="subjectType" value={group.subjectType} />
                        <input type="hidden" name="subjectId" value={group.subjectId} />
                        <Field label={choice.field} errors={mine?.fieldErrors?.reason}>
                          {(control) => (
                            <input
                              name="reason"
                              required={choice.intent !== "dismiss"}
                              defaultValue={mine?.values?.reason ?? ""}
                              {...control}
                            />
                          )}
                        </Field>
                        <button
                          type="submit"
                          name="intent"
                          value={choice.intent}
                          className={choice.intent === "dismiss" ? "button--secondary" : "button--danger"}
                        >
                          {label}
                        </button>
                      </Form>
                    );
                  })}
              </div>
            )}
          </article>
        );
      })}
    </section>
  );
}
