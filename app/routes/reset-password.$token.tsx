import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { useClearPasswordsOn } from "~/components/use-clear-passwords";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { resetPassword } from "~/modules/accounts/password-reset.server";
import { PASSWORD_MIN_LENGTH } from "~/modules/accounts/schemas";
import { isAccountTokenUsable } from "~/modules/accounts/tokens.server";
import { resetPasswordParams, resetPasswordForm } from "~/modules/accounts/route-schemas.server";

export const meta: MetaFunction = () => [
  { title: "Choose a new password · Stoop" },
  { name: "robots", content: "noindex" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = resetPasswordParams.safeParse(params);
  const usable = parsed.success && (await isAccountTokenUsable(context.db, "reset_password", parsed.data.token));
  return json({ usable });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = parseParams(resetPasswordParams, params);
  const parsed = parseForm(resetPasswordForm, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    const { userId, endedSessions } = await resetPassword(context.db, token.token, parsed.data.newPassword);
    context.logger.info({ userId, endedSessions }, "password reset");
  } catch (error) {
    return formFailure(error, {});
  }
  // Every session ended, this browser's too: sign in with the new password.
  return redirect("/login?reset=1", { headers: { "Set-Cookie": context.sessions.blankCookie() } });
}

export default function ResetPassword() {
  const { usable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const formRef = useClearPasswordsOn(actionData);
  const errors = actionData?.fieldErrors ?? {};
  return (
    <section className="narrow card" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      <FormError message={actionData?.formError} />
      {usable ? (
        <Form method="post" noValidate ref={formRef}>
          <p>Choosing a new password signs you out everywhere.</p>
          <FormField
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
            required
            errors={errors.newPassword}
          />
          <FormField
            label="Repeat new password"
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            errors={errors.confirmPassword}
          />
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save new password"}
          </button>
        </Form>
      ) : (
        <p>
          This link has expired, was already used, or was replaced by a newer one.{" "}
          <Link to="/forgot-password">Ask for a new link</Link>.
        </p>
      )}
    </section>
  );
}
