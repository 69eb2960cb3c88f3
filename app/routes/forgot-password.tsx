import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { DevMailboxHint } from "~/components/dev-mailbox-hint";
import { FormError, FormField } from "~/components/form-field";
import { requireAnonymous } from "~/lib/auth.server";
import { canOpenDevMailbox } from "~/lib/dev-mailbox.server";
import { parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { RESET_REQUESTED, requestPasswordReset } from "~/modules/accounts/password-reset.server";
import { forgotPasswordForm } from "~/modules/accounts/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Stoop" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const parsed = parseForm(forgotPasswordForm, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await requestPasswordReset(context.db, parsed.data.email, { ip: context.clientIp });
  } catch (error) {
    return formFailure(error, { email: parsed.data.email });
  }
  return json({ ok: true as const, message: RESET_REQUESTED, mailbox: canOpenDevMailbox(context) });
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = actionData && !actionData.ok ? actionData : null;
  return (
    <section className="narrow card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      {actionData?.ok ? (
        <>
          <p role="status" className="notice">
            {actionData.message}
          </p>
          {actionData.mailbox ? <DevMailboxHint /> : null}
        </>
      ) : (
        <>
          <p>Enter the email address of your account and we'll send you a link to choose a new password.</p>
          <FormError message={failure?.formError} />
          <Form method="post" noValidate>
            <FormField
              label="Email"
              name="email"
              type="email"
              autoComplete="email"
              required
              defaultValue={failure?.values.email}
              errors={failure?.fieldErrors.email}
            />
            <button type="submit" disabled={busy}>
              {busy ? "Sending…" : "Send me a link"}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </section>
  );
}
