import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/form-field";
import { requireAdmin } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { removePassportEntry, removePassportEntrySchema } from "~/modules/admin/passport.server";
import { passportMonth } from "~/modules/listings/passport";
import { passportForAdmin } from "~/modules/listings/passport.server";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

export const meta: MetaFunction = () => [{ title: "Item passport · Admin · Stoop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const { id } = parseParams(paramsSchema, params);
  return json(await orErrorResponse(() => passportForAdmin(context.db, id)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const { id } = parseParams(paramsSchema, params);
  const parsed = parseForm(removePassportEntrySchema, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await removePassportEntry(context.db, admin, parsed.data);
  } catch (error) {
    return formFailure(error, { entryId: parsed.data.entryId, reason: parsed.data.reason });
  }
  return redirect(`/admin/passport/${id}`);
}

const KIND_LABELS: Record<string, string> = {
  service: "Service",
  inspection: "Inspection passed",
  handoff: "Handoff at a shop",
  sale: "Sold on Stoop",
};

export default function AdminPassport() {
  const { entries, listings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && !actionData.ok ? actionData : null;
  return (
    <div>
      <h1>Item passport</h1>
      <p className="lead">
        Entries are written by shops' staff (a service done, an inspection passed) and by completed sales. Remove one
        only when it was made in error; the removal is kept in the <Link to="/admin/audit">audit log</Link>.
      </p>
      <h2>Listings of this item</h2>
      <ul>
        {listings.map((listing) => (
          <li key={listing.id}>
            <Link to={`/listings/${listing.id}`}>{listing.title}</Link> ({listing.status})
          </li>
        ))}
      </ul>
      <h2>Entries</h2>
      <FormError message={failure?.formError} />
      <ul className="plain-list">
        {entries.map((entry) => (
          <li key={entry.id} className="card">
            <p>
              <strong>{KIND_LABELS[entry.kind] ?? entry.kind}</strong>: {entry.title}
              {entry.retailerName ? ` by ${entry.retailerName}` : ""} ({passportMonth(entry.at)})
            </p>
            {entry.removedAt ? (
              <p className="muted">
                Removed by {entry.removedByName ?? "an admin"}: {entry.removalReason}
              </p>
            ) : (
              <Form method="post">
                <input type="hidden" name="entryId" value={entry.id} />
                <Field
                  label="Why is this entry wrong?"
                  errors={failure?.values?.entryId === entry.id ? failure.fieldErrors.reason : undefined}
                >
                  {(control) => (
                    <textarea
                      name="reason"
                      rows={2}
                      required
                      defaultValue={failure?.values?.entryId === entry.id ? failure.values.reason : undefined}
                      {...control}
                    />
                  )}
                </Field>
                <button type="submit" className="button--danger">
                  Remove entry
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
