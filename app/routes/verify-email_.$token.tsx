import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { formFailure } from "~/lib/http.server";
import { LINK_NOT_USABLE, verifyEmail } from "~/modules/accounts/email-verification.server";
import { isAccountTokenUsable } from "~/modules/accounts/tokens.server";
import { verifyEmailParams } from "~/modules/accounts/route-schemas.server";

export const meta: MetaFunction = () => [
  { title: "Verify your email · Stoop" },
  { name: "robots", content: "noindex" },
];

// Opening the link only shows a button: mail scanners that fetch links must not use them up.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const parsed = verifyEmailParams.safeParse(params);
  const usable = parsed.success && (await isAccountTokenUsable(context.db, "verify_email", parsed.data.token));
  return json({ usable, signedIn: Boolean(context.auth.user) });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const parsed = verifyEmailParams.safeParse(params);
  if (!parsed.success) return json({ ok: false as const, formError: LINK_NOT_USABLE }, { status: 400 });
  try {
    const verified = await verifyEmail(context.db, parsed.data.token);
    context.logger.info({ userId: verified.userId, changed: verified.changed }, "email verified");
    return json({ ok: true as const, changed: verified.changed, email: verified.email });
  } catch (error) {
    return formFailure(error, {});
  }
}

export default function VerifyEmail() {
  const { usable, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <section className="narrow card" aria-labelledby="verify-title">
        <h1 id="verify-title">Your email is verified</h1>
        <p role="status">
          {result.changed ? `Your account now uses ${result.email}.` : `Thank you: ${result.email} is confirmed.`}
        </p>
        <p>{signedIn ? <Link to="/">Continue to Stoop</Link> : <Link to="/login">Sign in to Stoop</Link>}</p>
      </section>
    );
  }
  return (
    <section className="narrow card" aria-labelledby="verify-title">
      <h1 id="verify-title">Verify your email</h1>
      <FormError message={result && !result.ok ? result.formError : null} />
      {usable ? (
        <Form method="post">
          <p>Confirm that this email address is yours.</p>
          <button type="submit">Verify my email</button>
        </Form>
      ) : (
        <p>{LINK_TEXT}</p>
      )}
    </section>
  );
}

const LINK_TEXT =
  "This link has expired, was already used, or was replaced by a newer one. Sign in and ask for a new link from the banner at the top of the page.";
