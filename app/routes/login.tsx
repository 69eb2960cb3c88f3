import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { useClearPasswordsOn } from "~/components/use-clear-passwords";
import { requireAnonymous } from "~/lib/auth.server";
import { challengeCookie } from "~/lib/challenge-cookie.server";
import { parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { loginSchema } from "~/modules/accounts/schemas.server";
import { startLoginChallenge } from "~/modules/accounts/login-challenges.server";
import { isTwoFactorEnabled } from "~/modules/accounts/two-factor.server";
import { logIn } from "~/modules/accounts/users.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Stoop" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const formData = await readForm(request);
  const parsed = parseForm(loginSchema, formData);
  if (!parsed.ok) return invalidForm(parsed);
  try {
    const user = await logIn(context.db, parsed.data, { ip: context.clientIp });
    const redirectTo = safeRedirect(formData.get("redirectTo"));
    if (await isTwoFactorEnabled(context.db, user.id)) {
      // The password was right; the session starts only after the code (login_.two-factor.tsx).
      const token = await startLoginChallenge(context.db, user.id, redirectTo);
      return redirect("/login/two-factor", { headers: { "Set-Cookie": challengeCookie(context, token) } });
    }
    const cookie = await context.sessions.create(user.id, {
      userAgent: request.headers.get("user-agent"),
      ipAddress: context.clientIp,
    });
    return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    return formFailure(error, { email: parsed.data.email });
  }
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const busy = navigation.state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  const formRef = useClearPasswordsOn(actionData);
  return (
    <section className="narrow card" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      {searchParams.get("reset") === "1" && !actionData ? (
        <p role="status" className="notice">
          Your password was changed and every session was signed out. Sign in with your new password.
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate ref={formRef}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <FormField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData?.values.email}
          errors={errors.email}
        />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={errors.password}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/signup">Join Stoop</Link>
      </p>
    </section>
  );
}
