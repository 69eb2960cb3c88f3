import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { requireAnonymous } from "~/lib/auth.server";
import { blankChallengeCookie, readChallengeCookie } from "~/lib/challenge-cookie.server";
import { parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { completeLoginChallenge, isChallengeOpen } from "~/modules/accounts/login-challenges.server";
import { twoFactorLoginForm } from "~/modules/accounts/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  const token = readChallengeCookie(request);
  if (!token || !(await isChallengeOpen(context.db, token))) {
    throw redirect("/login", { headers: { "Set-Cookie": blankChallengeCookie(context) } });
  }
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const token = readChallengeCookie(request);
  if (!token) throw redirect("/login");
  const parsed = parseForm(twoFactorLoginForm, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    const { userId, redirectTo } = await completeLoginChallenge(context.db, token, parsed.data.code, {
      ip: context.clientIp,
    });
    const sessionCookie = await context.sessions.create(userId, {
      userAgent: request.headers.get("user-agent"),
      ipAddress: context.clientIp,
    });
    const headers = new Headers();
    headers.append("Set-Cookie", sessionCookie);
    headers.append("Set-Cookie", blankChallengeCookie(context));
    return redirect(safeRedirect(redirectTo), { headers });
  } catch (error) {
    return formFailure(error, {});
  }
}

export default function TwoFactorSignIn() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow card" aria-labelledby="two-factor-title">
      <h1 id="two-factor-title">Enter your sign-in code</h1>
      <p>Open your authenticator app and enter the 6-digit code it shows for Stoop.</p>
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate key={actionData ? "again" : "first"}>
        <FormField
          label="Code"
          name="code"
          inputMode="text"
          autoComplete="one-time-code"
          hint="Lost your phone? Enter one of your recovery codes instead."
          required
          autoFocus
          errors={actionData?.fieldErrors.code}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </Form>
      <p>
        <Link to="/login">Start again</Link>
      </p>
    </section>
  );
}
