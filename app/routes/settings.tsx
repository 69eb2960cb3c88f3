import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { Pill } from "~/components/ui";
import { useClearPasswordsOn } from "~/components/use-clear-passwords";
import { requireSessionToken, requireUser } from "~/lib/auth.server";
import { firstError, parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm } from "~/lib/http.server";
import { describeUserAgent } from "~/lib/user-agent";
import { requestEmailChange } from "~/modules/accounts/email-verification.server";
import { PASSWORD_MIN_LENGTH } from "~/modules/accounts/schemas";
import { changeEmailSchema, changePasswordSchema, displayNameFormSchema } from "~/modules/accounts/schemas.server";
import { changePassword, getUser, updateDisplayName } from "~/modules/accounts/users.server";
import { notify } from "~/modules/notifications/notify.server";
import { formatLongDay } from "~/lib/dates";
import { settingsIntentForm, signOutSessionForm } from "~/modules/accounts/route-schemas.server";
import { searchesCounted, setSearchesCounted } from "~/modules/insights/member-data.server";
import { insightsSettingSchema } from "~/modules/insights/route-schemas.server";

export const meta: MetaFunction = () => [{ title: "Account settings · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const sessionUser = requireUser(request, context);
  const user = await getUser(context.db, sessionUser.id);
  const sessions = await context.sessions.listFor(user.id, context.auth.token);
  return json({
    user: {
      email: user.email,
      displayName: user.displayName,
      memberSince: user.createdAt.toISOString(),
      emailVerified: sessionUser.emailVerified,
      twoFactorEnabled: sessionUser.twoFactorEnabled,
      searchesCounted: await searchesCounted(context.db, user.id),
    },
    sessions: sessions.map((session) => ({
      id: session.id,
      device: describeUserAgent(session.userAgent),
      ipAddress: session.ipAddress,
      lastSeenAt: session.lastSeenAt.toISOString(),
      current: session.current,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const token = requireSessionToken(context);
  const formData = await readForm(request);
  const chosen = parseForm(settingsIntentForm, formData);
  if (!chosen.ok) {
    const formError = firstError(chosen) ?? "Unknown action";
    return invalidForm({ formError, fieldErrors: {}, values: {} });
  }
  const { intent } = chosen.data;

  if (intent === "insights") {
    const form = parseForm(insightsSettingSchema, formData);
    if (!form.ok)
      return invalidForm({ formError: "Choose whether your searches are counted.", fieldErrors: {}, values: {} });
    await setSearchesCounted(context.db, user.id, form.data.counted === "yes");
    return json({
      ok: true as const,
      intent: "insights" as const,
      message:
        form.data.counted === "yes"
          ? "Your searches count in shop insights again."
          : "Your searches are no longer counted, and those already counted were removed.",
    });
  }

  if (intent === "logout-everywhere") {
    await context.sessions.invalidateAllFor(user.id);
    return redirect("/login", { headers: { "Set-Cookie": context.sessions.blankCookie() } });
  }

  if (intent === "logout-session") {
    const sessionId = parseForm(signOutSessionForm, formData);
    const ended = sessionId.ok && (await context.sessions.invalidateOwned(user.id, sessionId.data.sessionId));
    return json({
      ok: true as const,
      intent: "logout-session" as const,
      message: ended ? "That session was signed out." : "That session had already ended.",
    });
  }

  if (intent === "email") {
    const parsed = parseForm(changeEmailSchema, formData);
    if (!parsed.ok) return invalidForm(parsed);
    try {
      await requestEmailChange(context.db, user.id, parsed.data);
    } catch (error) {
      return formFailure(error, { newEmail: parsed.data.newEmail });
    }
    return json({
      ok: true as const,
      intent: "email" as const,
      message: `We sent a link to ${parsed.data.newEmail}. Your address changes when you open it.`,
    });
  }

  if (intent === "profile") {
    const parsed = parseForm(displayNameFormSchema, formData);
    if (!parsed.ok) return invalidForm(parsed);
    try {
      await updateDisplayName(context.db, user.id, parsed.data.displayName);
    } catch (error) {
      return formFailure(error, parsed.data);
    }
    return json({ ok: true as const, intent: "profile" as const, message: "Your display name was saved." });
  }

  const parsed = parseForm(changePasswordSchema, formData);
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await changePassword(context.db, user.id, parsed.data, {
      onChanged: (trx) =>
        notify(trx, user.id, "account_security", {
          title: "Your Stoop password was changed",
          body: "Your password was just changed and your other sessions were signed out. If this wasn't you, sign in and change it now, or contact us.",
          url: "/settings",
        }),
    });
  } catch (error) {
    return formFailure(error, {});
  }
  const endedSessions = await context.sessions.invalidateAllExcept(user.id, token);
  context.logger.info({ userId: user.id, endedSessions }, "password changed");
  return json({
    ok: true as const,
    intent: "password" as const,
    message:
      endedSessions > 0
        ? `Your password was changed and ${endedSessions} other session${endedSessions === 1 ? " was" : "s were"} signed out.`
        : "Your password was changed.",
  });
}

export default function Settings() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const failure = actionData && !actionData.ok ? actionData : null;
  const success = actionData && actionData.ok ? actionData : null;
  const errors = failure?.fieldErrors ?? {};
  const passwordFormRef = useClearPasswordsOn(actionData);
  return (
    <div className="settings">
      <h1>Account settings</h1>
      {success ? (
        <p role="status" className="notice">
          {success.message}
        </p>
      ) : null}
      <FormError message={failure?.formError} />

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <p>
          Signed in as <strong>{user.email}</strong>, member since {formatLongDay(user.memberSince)}.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <FormField
            label="Display name"
            name="displayName"
            required
            defaultValue={failure?.values.displayName ?? user.displayName}
            errors={errors.displayName}
          />
          <button type="submit" disabled={submittingIntent === "profile"}>
            {submittingIntent === "profile" ? "Saving…" : "Save name"}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="email-title">
        <h2 id="email-title">Email address</h2>
        <p>
          Your address is <strong>{user.email}</strong>
          {user.emailVerified ? " (verified)." : " (not verified yet)."} To change it, enter the new address and your
          password: we send a link to the new address, and tell the current one once it changes.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="email" />
          <FormField
            label="New email address"
            name="newEmail"
            type="email"
            autoComplete="email"
            required
            defaultValue={failure?.values.newEmail}
            errors={errors.newEmail}
          />
          <FormField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            errors={errors.password}
          />
          <button type="submit" disabled={submittingIntent === "email"}>
            {submittingIntent === "email" ? "Sending…" : "Send a confirmation link"}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <p>Changing your password signs you out everywhere else.</p>
        <Form method="post" noValidate ref={passwordFormRef}>
          <input type="hidden" name="intent" value="password" />
          <FormField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            errors={errors.currentPassword}
          />
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
          <button type="submit" disabled={submittingIntent === "password"}>
            {submittingIntent === "password" ? "Changing…" : "Change password"}
          </button>
        </Form>
      </section>

      <nav className="card settings-menu" aria-labelledby="more-settings-title">
        <h2 id="more-settings-title">More settings</h2>
        <ul className="settings-menu__list">
          <li>
            <Link to="/settings/payouts">Set up or check your payouts</Link>
            <p className="muted">Getting paid for what you sell.</p>
          </li>
          <li>
            <Link to="/settings/notifications">Choose which notifications you get on Stoop and by email</Link>
            <p className="muted">The bell, email and push, for each kind of event.</p>
          </li>
          <li>
            <Link to="/following">Whom you follow, and whether others see your followers</Link>
            <p className="muted">Following and your feed.</p>
          </li>
          <li>
            <Link to="/settings/two-factor">
              {user.twoFactorEnabled ? "Manage two-factor sign-in" : "Turn on two-factor sign-in"}
            </Link>
            <p className="muted">
              Two-factor sign-in is{" "}
              {user.twoFactorEnabled
                ? "on: signing in needs a code from your authenticator app."
                : "off: signing in needs only your password."}
            </p>
          </li>
        </ul>
      </nav>

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Where you're signed in</h2>
        <p>
          You are signed in on {sessions.length} {sessions.length === 1 ? "device or browser" : "devices or browsers"}.
        </p>
        <ul className="session-list" aria-label="Active sessions">
          {sessions.map((session) => (
            <li key={session.id}>
              <span>
                <strong>{session.device}</strong>
                {session.current ? " (this device)" : ""}
                <br />
                Last active {formatWhen(session.lastSeenAt)}
                {session.ipAddress ? ` from ${session.ipAddress}` : ""}
              </span>
              {session.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="logout-session" />
                  <input type="hidden" name="sessionId" value={session.id} />
                  <button type="submit" className="button--small">
                    Sign out<span className="visually-hidden"> {session.device}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="button--danger">
            Sign out everywhere
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="insights-title">
        <h2 id="insights-title">Shop insights</h2>
        <p>
          Local shops see what neighbours search for and don&apos;t find, counted only in groups of at least 5 members
          and never with names or exact places (<Link to="/privacy#insights">what is counted</Link>).
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="insights" />
          <input type="hidden" name="counted" value={user.searchesCounted ? "no" : "yes"} />
          <p className="settings-toggle">
            <span>
              <Pill tone={user.searchesCounted ? "ok" : "neutral"}>
                {user.searchesCounted ? "Counted" : "Not counted"}
              </Pill>{" "}
              {user.searchesCounted ? "Your searches are counted." : "Your searches are not counted."}
            </span>{" "}
            <button type="submit" className="button--secondary">
              {user.searchesCounted ? "Don't count my searches in shop insights" : "Count my searches again"}
            </button>
          </p>
        </Form>
      </section>

      <section className="card" aria-labelledby="your-data-title">
        <h2 id="your-data-title">Your data</h2>
        <p className="settings-data">
          <a href="/settings/export" download>
            Download your data
          </a>{" "}
          (a JSON file with your profile, sessions, notifications and everything else Stoop keeps about you).
        </p>
        <p className="settings-data">
          <Link to="/settings/delete">Delete your account</Link>
        </p>
      </section>
    </div>
  );
}

// Formatted by hand, not with toLocaleString: server and browser must render the same text.
function formatWhen(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
