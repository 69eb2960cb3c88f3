import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/lib/auth.server";
import { orErrorResponse } from "~/lib/http.server";
import { queueOverview, retryFailedJob, runScheduledJobNow } from "~/modules/jobs/admin.server";
import { JOB_STATES } from "~/modules/jobs/job-states";
import { retryJobForm, runJobForm } from "~/modules/admin/route-schemas.server";
import { UNSTORABLE_TEXT, hasUnstorableText, parseForm, readForm } from "~/lib/forms";
import { TableScroll } from "~/components/table-scroll";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Background jobs · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const overview = await queueOverview(context.db);
  return json({
    queues: overview.queues,
    failures: overview.failures.map((failure) => ({ ...failure, failedAt: failure.failedAt?.toISOString() ?? null })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const formData = await readForm(request);
  if (formData.get("intent") === "run") {
    const run = parseForm(runJobForm, formData);
    if (!run.ok) return json({ message: "That job could not be identified; reload the page." }, { status: 400 });
    await orErrorResponse(() => runScheduledJobNow(context.db, run.data.queue));
    context.logger.info({ adminId: admin.id, queue: run.data.queue }, "admin ran a scheduled job now");
    return json({ message: `${run.data.queue} will run in a moment.` });
  }
  const parsed = parseForm(retryJobForm, formData);
  if (!parsed.ok) {
    const message = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "That job could not be identified; reload the page.";
    return json({ message }, { status: 400 });
  }
  await orErrorResponse(() => retryFailedJob(context.db, parsed.data.queue, parsed.data.jobId));
  context.logger.info({ adminId: admin.id, ...parsed.data }, "admin retried a failed job");
  return json({ message: "The job is queued again." });
}

export default function AdminJobs() {
  const { queues, failures } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Background jobs</h1>
      {actionData ? (
        <p role="status" className="notice">
          {actionData.message}
        </p>
      ) : null}
      <TableScroll label="Jobs per queue and state">
        <table>
          <caption>Jobs per queue and state</caption>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              {JOB_STATES.map((state) => (
                <th scope="col" key={state} className="center">
                  {state}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <tr key={queue.name}>
                <th scope="row">{queue.name}</th>
                {JOB_STATES.map((state) => (
                  <td key={state} className="center">
                    {queue.counts[state]}
                  </td>
                ))}
                <td>
                  {queue.scheduled ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="run" />
                      <input type="hidden" name="queue" value={queue.name} />
                      <button type="submit" className="button--small">
                        Run now<span className="visually-hidden"> {queue.name}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>Latest failures</h2>
      {failures.length === 0 ? (
        <EmptyState title="No failed jobs." />
      ) : (
        <TableScroll label="Latest failures">
          <table>
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Error</th>
                <th scope="col">Attempts</th>
                <th scope="col">Failed</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {failures.map((failure) => (
                <tr key={failure.id}>
                  <td>{failure.queue}</td>
                  <td>{failure.error}</td>
                  <td className="center">{failure.attempts}</td>
                  <td>{failure.failedAt ? `${failure.failedAt.replace("T", " ").slice(0, 19)} UTC` : "—"}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="queue" value={failure.queue} />
                      <input type="hidden" name="jobId" value={failure.id} />
                      <button type="submit" className="button--small">
                        Retry<span className="visually-hidden"> job {failure.id}</span>
                      </button>
                    </Form>
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
