import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { useClearPasswordsOn } from "~/components/use-clear-passwords";
import { requireUser } from "~/lib/auth.server";
import { firstError, parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  pendingTwoFactorSetup,
  recoveryCodesLeft,
} from "~/modules/accounts/two-factor.server";
import {
  twoFactorConfirmForm,
  twoFactorDisableForm,
  twoFactorIntentForm,
} from "~/modules/accounts/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  if (user.twoFactorEnabled) {
    return json({ enabled: true as const, recoveryCodesLeft: await recoveryCodesLeft(context.db, user.id) });
  }
  const setup = await pendingTwoFactorSetup(context.db, user);
  return json({ enabled: false as const, qrDataUrl: setup.qrDataUrl, secret: setup.secret });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  const chosen = parseForm(twoFactorIntentForm, formData);
  if (!chosen.ok) {
    const formError = firstError(chosen) ?? "Unknown action";
    return invalidForm({ formError, fieldErrors: {}, values: {} });
  }
  const { intent } = chosen.data;
  if (intent === "confirm") {
    const parsed = parseForm(twoFactorConfirmForm, formData);
    if (!parsed.ok) return invalidForm(parsed);
    try {
      const codes = await confirmTwoFactorSetup(context.db, user.id, parsed.data.code);
      context.logger.info({ userId: user.id }, "two-factor sign-in turned on");
      return json({ ok: true as const, intent: "confirm" as const, recoveryCodes: codes });
    } catch (error) {
      return formFailure(error, {});
    }
  }
  const parsed = parseForm(twoFactorDisableForm, formData);
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await disableTwoFactor(context.db, user.id, parsed.data);
    context.logger.info({ userId: user.id }, "two-factor sign-in turned off");
    return json({ ok: true as const, intent: "disable" as const, recoveryCodes: null });
  } catch (error) {
    return formFailure(error, {});
  }
}

export default function TwoFactorSettings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const failure = actionData && !actionData.ok ? actionData : null;
  const errors = failure?.fieldErrors ?? {};
  const formRef = useClearPasswordsOn(actionData);
  const recoveryCodes = actionData?.ok ? actionData.recoveryCodes : null;
  return (
    <div className="settings">
      <p>
        <Link to="/settings">← Account settings</Link>
      </p>
      <h1>Two-factor sign-in</h1>
      {searchParams.get("required") === "admin" && !data.enabled ? (
        <div role="alert" className="form-error">
          Admins must turn on two-factor sign-in before any admin page opens. Set it up below, then go back to the admin
          pages.
        </div>
      ) : null}
      <FormError message={failure?.formError} />

      {recoveryCodes ? (
        <section className="card" aria-labelledby="recovery-title">
          <h2 id="recovery-title">Two-factor sign-in is on. Save your recovery codes</h2>
          <p role="status" className="notice">
            Two-factor sign-in is on.
          </p>
          <p>
            If you lose your phone, each of these codes signs you in once. Keep them somewhere safe, such as a password
            manager. <strong>They are shown only now.</strong>
          </p>
          <ol className="recovery-codes" aria-label="Recovery codes">
            {recoveryCodes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ol>
        </section>
      ) : null}

      {actionData?.ok && actionData.intent === "disable" ? (
        <p role="status" className="notice">
          Two-factor sign-in is off.
        </p>
      ) : null}

      {data.enabled ? (
        <section className="card" aria-labelledby="disable-title">
          <h2 id="disable-title">Turn off two-factor sign-in</h2>
          <p>
            Two-factor sign-in is on. You have {data.recoveryCodesLeft} unused recovery code
            {data.recoveryCodesLeft === 1 ? "" : "s"} left.
          </p>
          <Form method="post" noValidate ref={formRef}>
            <input type="hidden" name="intent" value="disable" />
            <FormField
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              errors={errors.password}
            />
            <FormField
              label="Code from your app or a recovery code"
              name="code"
              autoComplete="one-time-code"
              required
              errors={errors.code}
            />
            <button type="submit" className="button--danger" disabled={busy}>
              Turn off two-factor sign-in
            </button>
          </Form>
        </section>
      ) : (
        <section className="card" aria-labelledby="setup-title">
          <h2 id="setup-title">Set up an authenticator app</h2>
          <ol>
            <li>Open an authenticator app (for example 2FAS, Aegis, Google Authenticator or your password manager).</li>
            <li>Scan this QR code, or type the setup key into the app.</li>
            <li>Enter the 6-digit code the app shows.</li>
          </ol>
          <img
            className="qr-code"
            src={data.qrDataUrl}
            alt="QR code to add Stoop to your authenticator app"
            width={200}
            height={200}
          />
          <div className="field">
            <label htmlFor="setup-key">Setup key</label>
            <input id="setup-key" readOnly value={data.secret} spellCheck={false} />
          </div>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <FormField
              label="Code from your app"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              errors={errors.code}
            />
            <button type="submit" disabled={busy}>
              Turn on two-factor sign-in
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
