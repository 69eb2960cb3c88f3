import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/lib/auth.server";
import { formatMoney } from "~/lib/money";
import { listAuditLog } from "~/modules/admin/audit-log.server";
import { parseSearchParams } from "~/lib/forms";
import { TableScroll } from "~/components/table-scroll";
import { auditLogQuery } from "~/modules/admin/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Stoop" }];

const PAGE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const query = parseSearchParams(auditLogQuery, request);
  const [beforeTime, beforeId] = query.before?.split("~") ?? [];
  const entries = await listAuditLog(context.db, {
    action: query.action || undefined,
    subjectType: query.subjectType || undefined,
    subjectId: query.subjectId || undefined,
    before: beforeTime && beforeId ? { createdAt: new Date(beforeTime), id: beforeId } : undefined,
    limit: PAGE + 1,
  });
  const page = entries.slice(0, PAGE);
  const last = page[page.length - 1];
  const next =
    entries.length > PAGE && last
      ? new URLSearchParams({
          ...(query.action ? { action: query.action } : {}),
          ...(query.subjectType ? { subjectType: query.subjectType } : {}),
          ...(query.subjectId ? { subjectId: query.subjectId } : {}),
          before: `${last.createdAt.toISOString()}~${last.id}`,
        }).toString()
      : null;
  return json({
    filters: { action: query.action, subjectType: query.subjectType, subjectId: query.subjectId },
    entries: page.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })),
    next,
    paged: Boolean(query.before),
  });
}

export default function AdminAudit() {
  const { filters, entries, next, paged } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p className="muted">
        Everything admins (and the system on the platform's behalf) did, newest first. Entries can't be changed or
        deleted.
      </p>
      <Form method="get" className="inline-form" aria-label="Filter the audit log">
        <label htmlFor="audit-action">Action</label>
        <input id="audit-action" name="action" defaultValue={filters.action} placeholder="user.suspended" />
        <label htmlFor="audit-subject-type">Subject type</label>
        <input id="audit-subject-type" name="subjectType" defaultValue={filters.subjectType} placeholder="user" />
        <label htmlFor="audit-subject-id">Subject id</label>
        <input id="audit-subject-id" name="subjectId" defaultValue={filters.subjectId} />
        <button type="submit">Filter</button>
      </Form>
      {entries.length === 0 ? (
        <EmptyState
          title={`No entries${filters.action || filters.subjectType || filters.subjectId ? " match these filters" : " yet"}.`}
        />
      ) : (
        <TableScroll label="Audit log entries">
          <table>
            <caption>Audit entries</caption>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Reason</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{entry.createdAt.slice(0, 19).replace("T", " ")}</td>
                  <td>{entry.actorLabel}</td>
                  <td>{entry.action}</td>
                  <td>
                    <Link
                      to={`?${new URLSearchParams({ subjectType: entry.subjectType, subjectId: entry.subjectId })}`}
                    >
                      {entry.subjectType} {entry.subjectId}
                    </Link>
                  </td>
                  <td>{entry.reason ?? "—"}</td>
                  <td>{entry.amountCents !== null ? formatMoney(entry.amountCents) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <nav aria-label="Audit log pages" className="inline-form">
        {paged ? (
          <Link to={`?${new URLSearchParams(Object.entries(filters).filter(([, value]) => value))}`}>
            Newest entries
          </Link>
        ) : null}
        {next ? <Link to={`?${next}`}>Older entries</Link> : null}
      </nav>
    </section>
  );
}
