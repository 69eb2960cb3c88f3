import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { formFailure } from "~/lib/http.server";
import { resendVerificationEmail } from "~/modules/accounts/email-verification.server";

export const meta: MetaFunction = () => [{ title: "Verify your email · Stoop" }];

/** Where unverified members land when a feature needs a verified address, and where "Resend" posts. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ email: user.email, verified: user.emailVerified });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  try {
    await resendVerificationEmail(context.db, user.id);
  } catch (error) {
    return formFailure(error, {});
  }
  return json({ ok: true as const, message: `We sent a new link to ${user.email}. Older links no longer work.` });
}

export default function VerifyEmailPage() {
  const { email, verified } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow card" aria-labelledby="verify-page-title">
      <h1 id="verify-page-title">Verify your email</h1>
      {result?.ok ? (
        <p role="status" className="notice">
          {result.message}
        </p>
      ) : null}
      <FormError message={result && !result.ok ? result.formError : null} />
      {verified ? (
        <p>Your email address {email} is verified.</p>
      ) : (
        <>
          <p>
            We sent a link to <strong>{email}</strong>. Until you open it you can browse, save and message, but not
            sell, buy or be paid.
          </p>
          <Form method="post">
            <button type="submit" disabled={busy}>
              {busy ? "Sending…" : "Send the link again"}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
