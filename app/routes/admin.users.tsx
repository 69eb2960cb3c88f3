import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormError } from "~/components/form-field";
import { requireAdmin } from "~/lib/auth.server";
import { formFailure } from "~/lib/http.server";
import { reinstateUser, searchMembers, suspendUser, warnUser } from "~/modules/admin/moderation.server";
import { moderationReasonSchema } from "~/modules/admin/report-schemas.server";
import { hasUnstorableText, parseForm, parseSearchParams, readForm, UNSTORABLE_TEXT } from "~/lib/forms";
import { TableScroll } from "~/components/table-scroll";
import { memberSearchQuery, memberModerationForm } from "~/modules/admin/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Users · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requireAdmin(request, context);
  const { q } = parseSearchParams(memberSearchQuery, request);
  const members = await searchMembers(context.db, q);
  return json({
    q,
    adminId: admin.id,
    members: members.map((member) => ({
      ...member,
      createdAt: member.createdAt.toISOString(),
      suspendedAt: member.suspendedAt?.toISOString() ?? null,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseForm(memberModerationForm, await readForm(request));
  if (!parsed.ok) {
    return json(
      {
        target: null,
        formError: hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "Unknown action; reload the page.",
        fieldErrors: {},
        values: {},
      },
      { status: 400 },
    );
  }
  const { intent, userId } = parsed.data;
  const target = `${intent}:${userId}`;
  const rawReason = parsed.data.reason?.trim() ?? "";
  let reason: string | null = null;
  if (intent !== "reinstate" || rawReason) {
    const checked = moderationReasonSchema.safeParse(rawReason);
    if (!checked.success) {
      const fieldErrors = { reason: [checked.error.issues[0]?.message ?? "Say why"] };
      return json({ target, formError: null, fieldErrors, values: { reason: rawReason } }, { status: 400 });
    }
    reason = checked.data;
  }
  let done: string;
  try {
    if (intent === "suspend") {
      await suspendUser(context.db, admin, { userId, reason: reason! });
      done = "The member was suspended and signed out everywhere.";
    } else if (intent === "warn") {
      await warnUser(context.db, admin, { userId, reason: reason! });
      done = "The member was warned.";
    } else {
      await reinstateUser(context.db, admin, { userId, reason });
      done = "The member was reinstated.";
    }
  } catch (error) {
    const failure = formFailure(error, { reason: rawReason });
    const body = (await failure.json()) as {
      formError: string | null;
      fieldErrors: Record<string, string[]>;
      values: Record<string, string>;
    };
    return json({ target, ...body }, { status: failure.status });
  }
  return redirect(`/admin/users?${new URLSearchParams({ q: parsed.data.q ?? "", done })}`);
}

export default function AdminUsers() {
  const { q, members, adminId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      {done ? (
        <p role="status" className="notice">
          {done}
        </p>
      ) : null}
      {actionData && !actionData.target ? <FormError message={actionData.formError} /> : null}
      <Form method="get" role="search" className="inline-form">
        <label htmlFor="user-search">Email or name</label>
        <input id="user-search" name="q" type="search" defaultValue={q} />
        <button type="submit">Find members</button>
      </Form>
      {members.length === 0 ? (
        <EmptyState status title={`No members match “${q}”.`} />
      ) : (
        <TableScroll label="Members">
          <table>
            <caption>{q ? `Members matching “${q}”` : "Newest members"}</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Email</th>
                <th scope="col">Joined</th>
                <th scope="col">Status</th>
                <th scope="col">Warnings</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const formFor = (intent: "suspend" | "warn" | "reinstate", label: string, field: string) => {
                  const target = `${intent}:${member.id}`;
                  const mine = actionData?.target === target ? actionData : null;
                  return (
                    <Form method="post" className="admin-inline-form" aria-label={`${label} ${member.displayName}`}>
                      <FormError message={mine?.formError} />
                      <input type="hidden" name="userId" value={member.id} />
                      <input type="hidden" name="q" value={q} />
                      <Field label={field} errors={mine?.fieldErrors?.reason}>
                        {(control) => (
                          <input
                            name="reason"
                            required={intent !== "reinstate"}
                            defaultValue={mine?.values?.reason ?? ""}
                            {...control}
                          />
                        )}
                      </Field>
                      <button
                        type="submit"
                        name="intent"
                        value={intent}
                        className={intent === "reinstate" ? "button--secondary" : "button--danger"}
                      >
                        {label}
                      </button>
                    </Form>
                  );
                };
                return (
                  <tr key={member.id}>
                    <th scope="row">
                      <Link to={`/members/${member.id}`}>{member.displayName}</Link>
                      {member.role === "admin" ? " (admin)" : ""}
                    </th>
                    <td>{member.email}</td>
                    <td>{member.createdAt.slice(0, 10)}</td>
                    <td>
                      {member.suspendedAt
                        ? `Suspended ${member.suspendedAt.slice(0, 10)}: ${member.suspensionReason ?? ""}`
                        : "Active"}
                    </td>
                    <td className="center">{member.warnings}</td>
                    <td>
                      {member.id === adminId ? (
                        <span className="muted">That's you</span>
                      ) : (
                        <details open={actionData?.target?.endsWith(`:${member.id}`) ?? false}>
                          <summary>
                            Moderate<span className="visually-hidden"> {member.displayName}</span>
                          </summary>
                          <div className="admin-actions">
                            {member.suspendedAt ? (
                              formFor("reinstate", "Reinstate", "Note (optional)")
                            ) : (
                              <>
                                {formFor("warn", "Warn", "Warning to the member")}
                                {formFor("suspend", "Suspend", "Reason for suspension (the member sees it)")}
                              </>
                            )}
                          </div>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
