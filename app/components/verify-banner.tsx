import { Form } from "@remix-run/react";

/** Shown on every page to a signed-in member whose address is not verified yet. */
export function VerifyEmailBanner({ email }: { email: string }) {
  return (
    <div className="verify-banner" role="region" aria-label="Email verification reminder">
      <p>
        <strong>Verify your email.</strong> Open the link we sent to {email} to sell, buy and get paid on Stoop.
      </p>
      <Form method="post" action="/verify-email">
        <button type="submit" className="button--small">
          Resend the link
        </button>
      </Form>
    </div>
  );
}
