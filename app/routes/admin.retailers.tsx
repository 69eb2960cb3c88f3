import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/form-field";
import { requireAdmin } from "~/lib/auth.server";
import { formFailure, invalidForm } from "~/lib/http.server";
import { decideRetailer, listRetailerApplications } from "~/modules/retailers/retailers.server";
import { decisionFormSchema } from "~/modules/retailers/schemas.server";
import { parseForm, parseSearchParams, readForm } from "~/lib/forms";
import { shopsByStatusQuery } from "~/modules/admin/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Shop applications · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = requireAdmin(request, context);
  const { status } = parseSearchParams(shopsByStatusQuery, request);
  const applications = await listRetailerApplications(context.db, status);
  return json({ status, applications, adminId: admin.id });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseForm(decisionFormSchema, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  const values = {
    retailerId: parsed.data.retailerId,
    reason: parsed.data.intent === "reject" ? parsed.data.reason : "",
  };
  try {
    const retailer = await decideRetailer(context.db, admin, {
      retailerId: parsed.data.retailerId,
      decision: parsed.data.intent,
      reason: parsed.data.intent === "reject" ? parsed.data.reason : null,
    });
    return json({ ok: true as const, message: `${retailer.name} is ${retailer.status}.` });
  } catch (error) {
    return formFailure(error, values);
  }
}

export default function AdminRetailers() {
  const { status, applications, adminId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  return (
    <section aria-labelledby="admin-retailers-title">
      <h1 id="admin-retailers-title">Shop applications</h1>
      <nav aria-label="Application status">
        <ul className="plain-list">
          {(["pending", "verified", "rejected"] as const).map((value) => (
            <li key={value}>
              <Link to={`?status=${value}`} aria-current={value === status ? "page" : undefined}>
                {value === "pending" ? "Waiting" : value === "verified" ? "Verified" : "Rejected"}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {result?.ok ? (
        <p role="status" className="notice">
          {result.message}
        </p>
      ) : null}
      <FormError message={failure?.formError} />
      {applications.length === 0 ? <EmptyState title="Nothing here." /> : null}
      {applications.map((application) => (
        <article key={application.id} className="card" aria-labelledby={`app-${application.id}`}>
          <h2 id={`app-${application.id}`}>{application.name}</h2>
          <p>{application.description}</p>
          <dl className="facts">
            <dt>Page</dt>
            <dd>
              <Link to={`/retailers/${application.slug}`}>/retailers/{application.slug}</Link>
            </dd>
            <dt>Area</dt>
            <dd>{application.placeName}</dd>
            <dt>Applicant</dt>
            <dd>
              {application.ownerName} ({application.ownerEmail})
            </dd>
            {application.website ? (
              <>
                <dt>Website</dt>
                <dd>{application.website}</dd>
              </>
            ) : null}
            {application.rejectionReason ? (
              <>
                <dt>Reason</dt>
                <dd>{application.rejectionReason}</dd>
              </>
            ) : null}
          </dl>
          {application.ownerId === adminId ? (
            <p className="muted">This is your own application: another admin decides on it.</p>
          ) : (
            <div className="form-actions">
              {application.status !== "verified" ? (
                <Form method="post">
                  <input type="hidden" name="retailerId" value={application.id} />
                  <button type="submit" name="intent" value="verify" aria-label={`Verify ${application.name}`}>
                    Verify
                  </button>
                </Form>
              ) : null}
              {application.status !== "rejected" ? (
                <Form method="post">
                  <input type="hidden" name="retailerId" value={application.id} />
                  <input type="hidden" name="intent" value="reject" />
                  <Field
                    label={`Reason for rejecting ${application.name}`}
                    errors={failure?.values.retailerId === application.id ? failure.fieldErrors.reason : undefined}
                  >
                    {(control) => (
                      <input
                        name="reason"
                        defaultValue={failure?.values.retailerId === application.id ? failure.values.reason : ""}
                        {...control}
                      />
                    )}
                  </Field>
                  <button type="submit" className="button--secondary">
                    Reject
                  </button>
                </Form>
              ) : null}
            </div>
          )}
        </article>
      ))}
    </section>
  );
}
