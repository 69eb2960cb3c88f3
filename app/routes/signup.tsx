import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { useClearPasswordsOn } from "~/components/use-clear-passwords";
import { requireAnonymous } from "~/lib/auth.server";
import { keepableValues, parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { PASSWORD_MIN_LENGTH } from "~/modules/accounts/schemas";
import { signupSchema } from "~/modules/accounts/schemas.server";
import { signUp } from "~/modules/accounts/users.server";

export const meta: MetaFunction = () => [{ title: "Join Stoop" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const formData = await readForm(request);
  const parsed = parseForm(signupSchema, formData);
  if (!parsed.ok) return invalidForm(parsed);
  try {
    const outcome = await signUp(context.db, parsed.data, { ip: context.clientIp });
    if (outcome.created) context.logger.info({ userId: outcome.user.id }, "member signed up");
    // The same answer whether or not the address was free: its owner hears about it by email.
    return redirect("/signup/check-inbox");
  } catch (error) {
    return formFailure(error, keepableValues({ email: parsed.data.email, displayName: parsed.data.displayName }));
  }
}

export default function Signup() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  const formRef = useClearPasswordsOn(actionData);
  return (
    <section className="narrow card" aria-labelledby="signup-title">
      <h1 id="signup-title">Join Stoop</h1>
      <p>Buy and sell with your neighbours. It takes a minute.</p>
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate ref={formRef}>
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
          label="Display name"
          name="displayName"
          autoComplete="nickname"
          hint="Shown to other members next to your listings."
          required
          defaultValue={actionData?.values.displayName}
          errors={errors.displayName}
        />
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few random words work well.`}
          required
          minLength={PASSWORD_MIN_LENGTH}
          errors={errors.password}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </Form>
      <p>
        Already a member? <Link to="/login">Sign in</Link>
      </p>
    </section>
  );
}
