import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { useClearPasswordsOn } from "~/components/use-clear-passwords";
import { requireUser } from "~/lib/auth.server";
import { parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { deleteAccount } from "~/modules/privacy/account-data.server";
import { deleteAccountSchema } from "~/modules/accounts/schemas.server";

export const meta: MetaFunction = () => [{ title: "Delete your account · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const parsed = parseForm(deleteAccountSchema, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await deleteAccount(context.db, user.id, parsed.data.password);
  } catch (error) {
    return formFailure(error, {});
  }
  context.logger.info({ userId: user.id }, "account deleted");
  return redirect("/account-deleted", { headers: { "Set-Cookie": context.sessions.blankCookie() } });
}

export default function DeleteAccount() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const formRef = useClearPasswordsOn(actionData);
  return (
    <section className="narrow card" aria-labelledby="delete-title">
      <p>
        <Link to="/settings">← Account settings</Link>
      </p>
      <h1 id="delete-title">Delete your account</h1>
      <p>
        This signs you out everywhere and erases your name, email address and password, your notifications and your
        two-factor settings. Records that other members or the law need (such as finished orders and payouts) keep only
        the amounts, the dates and an anonymous reference. It cannot be undone.
      </p>
      <p>
        You may want to <a href="/settings/export">download your data</a> first.
      </p>
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate ref={formRef}>
        <FormField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={actionData?.fieldErrors.password}
        />
        <button type="submit" className="button--danger" disabled={busy}>
          {busy ? "Deleting…" : "Delete my account for good"}
        </button>
      </Form>
    </section>
  );
}
