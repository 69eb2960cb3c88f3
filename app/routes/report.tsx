import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReportForm } from "~/components/report-form";
import { requireUser } from "~/lib/auth.server";
import { parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { reportFormSchema } from "~/modules/admin/report-schemas.server";
import { SUBJECT_LABELS } from "~/modules/admin/report-subjects";
import { fileReport, findReportSubject } from "~/modules/admin/reports.server";
import { reportSubjectQuery } from "~/modules/admin/route-schemas.server";

/**
 * /report?subjectType=listing&subjectId=… : the report form on a page of its own, and the target
 * of every <ReportForm> (which the listing page, profiles, answers and messages embed).
 */

export const meta: MetaFunction = () => [{ title: "Report · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const query = reportSubjectQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new Response("There is nothing to report there.", { status: 404 });
  const subject = await orErrorResponse(() =>
    findReportSubject(context.db, query.data.subjectType, query.data.subjectId),
  );
  return json({ ...query.data, label: subject.label, url: subject.url });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(reportFormSchema, await readForm(request));
  if (!parsed.ok) {
    // Without a valid subject there is no form to show the errors on.
    if (parsed.fieldErrors.subjectType || parsed.fieldErrors.subjectId) {
      throw new Response("There is nothing to report there.", { status: 404 });
    }
    return invalidForm(parsed);
  }
  try {
    const outcome = await fileReport(context.db, user.id, parsed.data);
    const back = new URLSearchParams({
      subjectType: parsed.data.subjectType,
      subjectId: parsed.data.subjectId,
      done: outcome,
    });
    return redirect(`/report?${back}`);
  } catch (error) {
    return formFailure(error, { reason: parsed.data.reason, note: parsed.data.note ?? "" });
  }
}

export default function Report() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const noun = SUBJECT_LABELS[data.subjectType];
  const subjectLink = data.url ? <Link to={data.url}>{data.label}</Link> : data.label;
  return (
    <section aria-labelledby="report-title" className="narrow">
      <h1 id="report-title">Report a {noun}</h1>
      {data.done ? (
        <>
          <p role="status" className="notice">
            {data.done === "filed"
              ? "Thank you: the moderators will look at your report."
              : "You have already reported this; the moderators will look at it."}
          </p>
          <p>Back to {subjectLink}</p>
        </>
      ) : (
        <>
          <p>You are reporting {subjectLink}. The moderators see your report and your name; the member does not.</p>
          <ReportForm
            subjectType={data.subjectType}
            subjectId={data.subjectId}
            values={actionData?.values}
            fieldErrors={actionData?.fieldErrors}
            formError={actionData?.formError}
          />
        </>
      )}
    </section>
  );
}
