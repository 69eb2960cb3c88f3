import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { requireShopStaff } from "~/lib/auth.server";
import { parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { inviteStaff, listStaff, removeStaff } from "~/modules/retailers/retailers.server";
import { inviteFormSchema, removeStaffFormSchema } from "~/modules/retailers/schemas.server";

export const meta: MetaFunction = () => [{ title: "Staff · Stoop" }];

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer, role } = await requireShopStaff(request, context, rawParams);
  return json({
    retailer: { name: retailer.name, slug: retailer.slug },
    role,
    staff: await listStaff(context.db, retailer.id),
  });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user } = await requireShopStaff(request, context, rawParams);
  const formData = await readForm(request);
  if (formData.get("intent") === "remove") {
    const form = parseForm(removeStaffFormSchema, formData);
    if (!form.ok) return invalidForm(form);
    try {
      await removeStaff(context.db, retailer.id, user.id, form.data.userId);
    } catch (error) {
      return formFailure(error, { intent: "remove" });
    }
    return json({ ok: true as const, invited: null, removed: true as const });
  }
  const form = parseForm(inviteFormSchema, formData);
  if (!form.ok) return invalidForm(form);
  try {
    await inviteStaff(context.db, retailer.id, user.id, form.data.email);
  } catch (error) {
    return formFailure(error, { email: form.data.email });
  }
  return json({ ok: true as const, invited: form.data.email, removed: false as const });
}

export default function RetailerStaff() {
  const { retailer, role, staff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  // One action serves both forms; each shows only its own failure.
  const removeFailure = failure?.values.intent === "remove" ? failure : null;
  const inviteFailure = removeFailure ? null : failure;
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff of {retailer.name}</h1>
      <p>
        <Link to={`/retailers/${retailer.slug}`}>Back to the shop page</Link>
      </p>
      {result?.ok && result.removed ? (
        <p role="status" className="notice">
          Removed from the staff. They no longer see the shop's jobs, services or messages.
        </p>
      ) : null}
      {removeFailure ? (
        <FormError message={removeFailure.formError ?? removeFailure.fieldErrors.userId?.[0] ?? null} />
      ) : null}
      <ul>
        {staff.map((member) => (
          <li key={member.id}>
            {member.displayName} ({member.role})
            {role === "owner" && member.role === "staff" ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="userId" value={member.id} />
                <button type="submit" aria-label={`Remove ${member.displayName} from the staff`}>
                  Remove
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {role === "owner" ? (
        <section className="card narrow" aria-labelledby="invite-title">
          <h2 id="invite-title">Invite someone</h2>
          {result?.ok && result.invited ? (
            <p role="status" className="notice">
              We emailed an invitation to {result.invited}. It works for 7 days.
            </p>
          ) : null}
          <FormError message={inviteFailure?.formError} />
          <Form method="post" noValidate>
            <FormField
              label="Their email address"
              name="email"
              type="email"
              defaultValue={inviteFailure?.values.email}
              errors={inviteFailure?.fieldErrors.email}
            />
            <button type="submit">Send the invitation</button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
