import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError, FormField } from "~/components/form-field";
import { requireRetailerStaff } from "~/lib/auth.server";
import { parseForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { inviteStaff, listStaff, retailerBySlug } from "~/modules/retailers/retailers.server";
import { inviteFormSchema } from "~/modules/retailers/schemas";

const params = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export const meta: MetaFunction = () => [{ title: "Staff · Stoop" }];

async function shopFor(request: Request, context: LoaderFunctionArgs["context"], rawParams: unknown) {
  const parsed = params.safeParse(rawParams);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const retailer = await orErrorResponse(() => retailerBySlug(context.db, parsed.data.slug));
  return { retailer, ...(await requireRetailerStaff(request, context, retailer.id)) };
}

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  const { retailer, role } = await shopFor(request, context, rawParams);
  return json({
    retailer: { name: retailer.name, slug: retailer.slug },
    role,
    staff: await listStaff(context.db, retailer.id),
  });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const { retailer, user } = await shopFor(request, context, rawParams);
  const form = parseForm(inviteFormSchema, await request.formData());
  if (!form.ok) return invalidForm(form);
  try {
    await inviteStaff(context.db, retailer.id, user.id, form.data.email);
  } catch (error) {
    return formFailure(error, { email: form.data.email });
  }
  return json({ ok: true as const, invited: form.data.email });
}

export default function RetailerStaff() {
  const { retailer, role, staff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff of {retailer.name}</h1>
      <p>
        <Link to={`/retailers/${retailer.slug}`}>Back to the shop page</Link>
      </p>
      <ul>
        {staff.map((member) => (
          <li key={member.id}>
            {member.displayName} ({member.role})
          </li>
        ))}
      </ul>
      {role === "owner" ? (
        <section className="card narrow" aria-labelledby="invite-title">
          <h2 id="invite-title">Invite someone</h2>
          {result?.ok ? (
            <p role="status" className="notice">
              We emailed an invitation to {result.invited}. It works for 7 days.
            </p>
          ) : null}
          <FormError message={failure?.formError} />
          <Form method="post" noValidate>
            <FormField
              label="Their email address"
              name="email"
              type="email"
              defaultValue={failure?.values.email}
              errors={failure?.fieldErrors.email}
            />
            <button type="submit">Send the invitation</button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
