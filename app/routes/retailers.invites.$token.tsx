import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { formFailure, orErrorResponse } from "~/lib/http.server";
import { acceptInvite, inviteFor } from "~/modules/retailers/retailers.server";
import { inviteParams } from "~/modules/retailers/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Shop invitation · Stoop" }];

export async function loader({ request, params: rawParams, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const parsed = inviteParams.safeParse(rawParams);
  if (!parsed.success) throw new Response("This invitation has expired or was already used.", { status: 404 });
  const invite = await orErrorResponse(() => inviteFor(context.db, parsed.data.token));
  return json({ name: invite.name, email: invite.email });
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = inviteParams.safeParse(rawParams);
  if (!parsed.success) throw new Response("This invitation has expired or was already used.", { status: 404 });
  try {
    const invite = await acceptInvite(context.db, parsed.data.token, user);
    return redirect(`/retailers/${invite.slug}`);
  } catch (error) {
    return formFailure(error, {});
  }
}

export default function RetailerInvite() {
  const { name, email } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <section className="narrow card" aria-labelledby="invite-title">
      <h1 id="invite-title">Join {name}</h1>
      <p>
        You were invited ({email}) to help run {name} on Stoop: see its service jobs and manage its services.
      </p>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      <Form method="post">
        <button type="submit">Accept the invitation</button>
      </Form>
    </section>
  );
}
